// A deploy target's `config` in piped's plugin entry: project, region, credentials file, endpoint.

import { deployTarget } from "./gen/validators.js";
import type { ValidationResult } from "./result.js";
import { type FieldRules, type JsonSchema, validateConfig } from "./validator.js";

/** The `config` of one Cloud Run deploy target in piped's `spec.plugins[].deployTargets[]`. */
export interface DeployTargetConfig {
  /** Google Cloud project ID (or number) that hosts the services. */
  project: string;
  /** Cloud Run region, e.g. `asia-northeast1`. */
  region: string;
  /** Path to a service-account JSON key file; Application Default Credentials when absent. */
  credentialsFile?: string;
  /**
   * `host:port` of the Cloud Run Admin API to call instead of the regional endpoint
   * (`<region>-run.googleapis.com:443`), e.g. a local emulator.
   */
  endpoint?: string;
}

/** A project ID (`my-project`), a project number (`123456789012`) or a domain-scoped ID (`example.com:my-project`). */
export const PROJECT_PATTERN = "^(?:[a-z][a-z0-9.-]*[a-z0-9]:)?[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$";
/** A Google Cloud region: lowercase words joined by hyphens, ending in a digit (`asia-northeast1`, `us-central1`). */
export const REGION_PATTERN = "^[a-z]+(?:-[a-z]+)+[0-9]+$";
/** `host:port` with a DNS name, an IPv4 address or a bracketed IPv6 address, and a port 1..65535; no scheme. */
export const ENDPOINT_PATTERN =
  "^(?:\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?):(?:6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[1-9][0-9]{0,3})$";

export const deployTargetSchema: JsonSchema = {
  $schema: "http://json-schema.org/draft-07/schema#",
  title: "Cloud Run deploy target config",
  description:
    "The `config` of a Cloud Run deploy target in piped's `spec.plugins[].deployTargets[]`: where the plugin deploys.",
  type: "object",
  additionalProperties: false,
  required: ["project", "region"],
  properties: {
    project: {
      description: "ID (or number) of the Google Cloud project that hosts the Cloud Run services.",
      type: "string",
      minLength: 1,
      maxLength: 128,
      pattern: PROJECT_PATTERN,
      examples: ["my-project"],
    },
    region: {
      description: "Cloud Run region of the services.",
      type: "string",
      minLength: 1,
      maxLength: 64,
      pattern: REGION_PATTERN,
      examples: ["asia-northeast1", "us-central1"],
    },
    credentialsFile: {
      description:
        "Path to a Google service-account JSON key file, as seen by piped. When absent, Application Default Credentials are used.",
      type: "string",
      minLength: 1,
    },
    endpoint: {
      description:
        "host:port of the Cloud Run Admin API to use instead of the regional endpoint (<region>-run.googleapis.com:443), e.g. a local emulator. No scheme.",
      type: "string",
      minLength: 1,
      pattern: ENDPOINT_PATTERN,
      examples: ["run.googleapis.com:443", "127.0.0.1:8080"],
    },
  },
};

const rules: FieldRules = {
  "": {
    expected: "a JSON object",
    fix: "Give the deploy target a config with at least project and region, e.g. {project: my-project, region: asia-northeast1}.",
  },
  "/project": {
    expected: "a Google Cloud project ID or number (lowercase letters, digits and hyphens)",
    fix: 'Set project to the ID of the Google Cloud project that hosts the service, e.g. project: "my-project".',
  },
  "/region": {
    expected: 'a Cloud Run region such as "asia-northeast1" or "us-central1"',
    fix: 'Set region to the Cloud Run region of the service, e.g. region: "asia-northeast1" (a region, not a zone).',
  },
  "/credentialsFile": {
    expected: "a non-empty file path",
    fix: "Set credentialsFile to the path of a service-account JSON key file, or remove it to use Application Default Credentials.",
    redact: true,
  },
  "/endpoint": {
    expected: 'host:port without a scheme, e.g. "run.googleapis.com:443" or "127.0.0.1:8080"',
    fix: "Set endpoint to the host and port of the Cloud Run Admin API, or remove it to use the regional endpoint.",
  },
};

/**
 * Validates one deploy target's `config` (a parsed object, or JSON text/bytes). `null`/`undefined` are
 * treated as `{}` and so fail on the missing `project` and `region`.
 */
export function validateDeployTargetConfig(input: unknown): ValidationResult<DeployTargetConfig> {
  return validateConfig(input, {
    validate: deployTarget,
    context: { subject: "the deploy target config", fieldPrefix: "", basePath: "", rules },
    acceptText: true,
    finish: (raw: DeployTargetConfig): DeployTargetConfig => {
      const value: DeployTargetConfig = { project: raw.project, region: raw.region };
      if (raw.credentialsFile !== undefined) value.credentialsFile = raw.credentialsFile;
      if (raw.endpoint !== undefined) value.endpoint = raw.endpoint;
      return value;
    },
  });
}
