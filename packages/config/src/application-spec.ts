// `spec.plugins.cloudrun` of app.pipecd.yaml (the host hands it over already decoded): what to deploy
// and the quick-sync options — type, schema, message rules, validator.

import { applicationSpec } from "./gen/validators.js";
import type { ValidationResult } from "./result.js";
import {
  finishSyncOptions,
  type SyncStageOptions,
  type SyncStageOptionsInput,
  syncOptionRules,
  syncOptionsObjectSchema,
} from "./stage-options/sync.js";
import { type FieldRules, type IssueCollector, type JsonSchema, prefixRules, validateConfig } from "./validator.js";

/** Manifest file used when `input.serviceManifestFile` is not set. */
export const DEFAULT_SERVICE_MANIFEST_FILE = "service.yaml";

/** `spec.plugins.cloudrun` of app.pipecd.yaml, as written by the user. */
export interface ApplicationSpecInput {
  input?: {
    serviceManifestFile?: string;
    image?: string;
    /** Deprecated v0 key: accepted and ignored (with a warning); use `spec.planner.autoRollback`. */
    autoRollback?: boolean;
  };
  quickSync?: SyncStageOptionsInput;
}

/** Where the plugin reads what to deploy. */
export interface ApplicationInput {
  /** Service manifest path relative to the application directory. Default `service.yaml`. */
  serviceManifestFile: string;
  /** Container image that replaces the one in the manifest, when set. */
  image?: string;
}

/** `spec.plugins.cloudrun` after validation, with defaults applied. */
export interface ApplicationSpec {
  input: ApplicationInput;
  /** Options of the CLOUDRUN_SYNC stage that quick sync runs. */
  quickSync: SyncStageOptions;
}

/** Not absolute: no leading `/` or `\`, no drive letter. Escaping with `..` is checked in code. */
export const RELATIVE_PATH_PATTERN = "^(?![/\\\\]|[A-Za-z]:)";

const IMAGE_DOMAIN =
  "(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?/)";
const IMAGE_COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
/** A container image reference: `[registry[:port]/]path[:tag][@algorithm:digest]`. */
export const IMAGE_PATTERN = `^${IMAGE_DOMAIN}?${IMAGE_COMPONENT}(?:/${IMAGE_COMPONENT})*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$`;

export const applicationSpecSchema: JsonSchema = {
  $schema: "http://json-schema.org/draft-07/schema#",
  title: "Cloud Run application spec",
  description: "`spec.plugins.cloudrun` of app.pipecd.yaml: what the Cloud Run plugin deploys and how quick sync runs.",
  type: "object",
  additionalProperties: false,
  properties: {
    input: {
      description: "Where the plugin reads what to deploy.",
      type: "object",
      additionalProperties: false,
      default: {},
      properties: {
        serviceManifestFile: {
          description:
            "Path of the Cloud Run service manifest (Knative serving.knative.dev/v1 Service), relative to the application directory. It must not be absolute or point outside the directory.",
          type: "string",
          minLength: 1,
          pattern: RELATIVE_PATH_PATTERN,
          default: DEFAULT_SERVICE_MANIFEST_FILE,
        },
        image: {
          description: "Container image to deploy instead of the one written in the service manifest.",
          type: "string",
          minLength: 1,
          maxLength: 512,
          pattern: IMAGE_PATTERN,
          examples: ["gcr.io/my-project/helloworld:v1.2.0"],
        },
        autoRollback: {
          description:
            "Deprecated (PipeCD v0) and ignored: automatic rollback is controlled by spec.planner.autoRollback.",
          type: "boolean",
          deprecated: true,
        },
      },
    },
    quickSync: {
      ...syncOptionsObjectSchema("Options of the CLOUDRUN_SYNC stage run by a quick sync (same keys as its `with`)."),
      default: {},
    },
  },
};

const applicationRules: FieldRules = {
  "": {
    expected: "an object",
    fix: "Write it as a mapping with input and/or quickSync, or leave it out for the defaults.",
  },
  "/input": {
    expected: "an object",
    fix: "Write input as a mapping, e.g. input: {serviceManifestFile: service.yaml}, or remove it for the defaults.",
  },
  "/input/serviceManifestFile": {
    expected: "a path relative to the application directory that stays inside it (not absolute, not escaping with ..)",
    fix: 'Set input.serviceManifestFile to the manifest\'s path relative to the directory of app.pipecd.yaml, e.g. "service.yaml", or remove it to use service.yaml.',
  },
  "/input/image": {
    expected: 'a container image reference such as "gcr.io/my-project/app:v1.2.0" or "…/app@sha256:<digest>"',
    fix: "Set input.image to the image to deploy instead of the one in the service manifest, or remove it.",
  },
  "/input/autoRollback": {
    expected: "true or false",
    fix: "Remove input.autoRollback: it is deprecated and ignored; use spec.planner.autoRollback instead.",
  },
  "/quickSync": {
    expected: "an object",
    fix: "Write quickSync as a mapping of CLOUDRUN_SYNC options, e.g. quickSync: {prune: true}, or remove it.",
  },
  ...prefixRules("/quickSync", syncOptionRules),
};

/** Whether a relative path, once `.` and `..` are resolved, names something inside its base directory. */
export function staysInside(relativePath: string): boolean {
  let depth = 0;
  for (const segment of relativePath.split(/[/\\]/)) {
    if (segment === "" || segment === ".") continue;
    depth += segment === ".." ? -1 : 1;
    if (depth < 0) return false;
  }
  return depth > 0;
}

type RawSpec = {
  input: { serviceManifestFile: string; image?: string; autoRollback?: boolean };
  quickSync: Parameters<typeof finishSyncOptions>[0];
};

function finishApplicationSpec(raw: RawSpec, issues: IssueCollector): ApplicationSpec {
  const input: ApplicationInput = { serviceManifestFile: raw.input.serviceManifestFile };
  if (!staysInside(input.serviceManifestFile)) {
    issues.invalid("/input/serviceManifestFile", input.serviceManifestFile);
  }
  if (raw.input.image !== undefined) input.image = raw.input.image;
  if (raw.input.autoRollback !== undefined) {
    const label = `${issues.context.fieldPrefix}input.autoRollback`;
    issues.warn(
      "/input/autoRollback",
      raw.input.autoRollback
        ? `${label} is deprecated and ignored; automatic rollback is set by spec.planner.autoRollback (default true). Remove ${label}.`
        : `${label}: false is deprecated and ignored, so automatic rollback stays on. Remove it and set spec.planner.autoRollback: false instead.`,
    );
  }
  return { input, quickSync: finishSyncOptions(raw.quickSync, issues, "/quickSync") };
}

/**
 * Validates `spec.plugins.cloudrun` (already taken out of app.pipecd.yaml by the host). `undefined` and
 * `null` mean `{}`. Defaults: `input.serviceManifestFile: service.yaml`, `quickSync` with the
 * CLOUDRUN_SYNC defaults. The deprecated `input.autoRollback` is dropped with a warning.
 */
export function parseApplicationSpec(value: unknown): ValidationResult<ApplicationSpec> {
  return validateConfig(value, {
    validate: applicationSpec,
    context: { subject: "the Cloud Run application spec", fieldPrefix: "", basePath: "", rules: applicationRules },
    finish: finishApplicationSpec,
  });
}
