import { MAX_REVISION_NAME_LENGTH, MAX_TAG_AND_SERVICE_LENGTH } from "./cloudrun-limits.js";
import { type DurationInput, durationSchema, durationToMs, formatDurationMs } from "./duration.js";
import { PERCENTAGE_EXPECTED, type PercentageInput, parsePercentage, percentageSchema } from "./percentage.js";
import type { ValidationResult } from "./result.js";
import type { StageName } from "./stage-names.js";
import {
  type ConfigContext,
  type FieldRules,
  type IssueCollector,
  type JsonSchema,
  validateConfig,
} from "./validator.js";

// ---------------------------------------------------------------------------------------------
// Shared field shapes
// ---------------------------------------------------------------------------------------------

/** Default readiness timeout used when `readinessTimeout` is not set (10 minutes). */
export const DEFAULT_READINESS_TIMEOUT_MS = 600_000;
/** Smallest accepted `readinessTimeout` (1 second). */
export const MIN_READINESS_TIMEOUT_MS = 1_000;
/** Largest accepted `readinessTimeout` (24 hours). */
export const MAX_READINESS_TIMEOUT_MS = 86_400_000;

/** Longest accepted traffic tag. Cloud Run also caps tag + service name at 46 characters. */
export const MAX_TAG_LENGTH = MAX_TAG_AND_SERVICE_LENGTH;
/** A traffic tag: a DNS label of lowercase letters, digits and hyphens, starting with a letter, ≤ 46 characters. */
export const TAG_PATTERN = `^[a-z](?:[a-z0-9-]{0,${MAX_TAG_LENGTH - 2}}[a-z0-9])?$`;
/** A Cloud Run revision name: lowercase letters, digits and hyphens, starting with a letter, ≤ 63 characters. */
export const REVISION_NAME_PATTERN = `^[a-z](?:[a-z0-9-]{0,${MAX_REVISION_NAME_LENGTH - 2}}[a-z0-9])?$`;

const DRAFT_07 = "http://json-schema.org/draft-07/schema#";

function stageContext(stage: StageName, rules: FieldRules): ConfigContext {
  return { subject: `the ${stage} options`, fieldPrefix: `${stage} option `, basePath: "", rules };
}

function rootRule(example: string, optional = true): FieldRules[string] {
  return {
    expected: "a JSON object",
    fix: `Write the stage's "with" block as key-value pairs, e.g. ${example}${optional ? ", or leave it out for the defaults" : ""}.`,
  };
}

// ---------------------------------------------------------------------------------------------
// CLOUDRUN_SYNC
// ---------------------------------------------------------------------------------------------

/** `with` of CLOUDRUN_SYNC (and `quickSync` of the application spec), as written by the user. */
export interface SyncStageOptionsInput {
  skipTrafficShift?: boolean;
  prune?: boolean;
  tag?: string;
  readinessTimeout?: DurationInput;
}

/** CLOUDRUN_SYNC options after validation. */
export interface SyncStageOptions {
  /** Deploy the new revision but leave traffic where it is. Default `false`. */
  skipTrafficShift: boolean;
  /** After a successful sync, delete revisions that no longer serve traffic. Default `false`. */
  prune: boolean;
  /** Traffic tag for the new revision, giving it its own URL. */
  tag?: string;
  /**
   * How long to wait for the new revision to become ready, in milliseconds. `undefined` means "use the
   * plugin default", {@link DEFAULT_READINESS_TIMEOUT_MS} (10m).
   */
  readinessTimeoutMs?: number;
}

/** The CLOUDRUN_SYNC options object schema, without the document-level keywords (also used for `quickSync`). */
export function syncOptionsObjectSchema(description: string): JsonSchema {
  return {
    description,
    type: "object",
    additionalProperties: false,
    properties: {
      skipTrafficShift: {
        description: "Deploy the new revision but leave traffic where it is (no traffic shift).",
        type: "boolean",
        default: false,
      },
      prune: {
        description: "After a successful sync, delete the service's revisions that no longer serve traffic.",
        type: "boolean",
        default: false,
      },
      tag: {
        description:
          "Traffic tag for the new revision, giving it its own URL (https://TAG---SERVICE-…run.app). Lowercase letters, digits and hyphens, starting with a letter; tag and service name together may have at most 46 characters.",
        type: "string",
        minLength: 1,
        maxLength: MAX_TAG_LENGTH,
        pattern: TAG_PATTERN,
        examples: ["canary", "preview"],
      },
      readinessTimeout: durationSchema(
        'How long to wait for the new revision to become ready: a Go duration such as "30s", "5m" or "1m30s" (1s to 24h), or a number of nanoseconds. Default: 10m.',
        MIN_READINESS_TIMEOUT_MS * 1_000_000,
        MAX_READINESS_TIMEOUT_MS * 1_000_000,
      ),
    },
  };
}

export const syncStageOptionsSchema: JsonSchema = {
  $schema: DRAFT_07,
  title: "CLOUDRUN_SYNC stage options",
  ...syncOptionsObjectSchema(
    "The `with` block of a CLOUDRUN_SYNC stage: deploy the service manifest as a new revision and route all traffic to it.",
  ),
};

/** Rules for the sync option fields, relative to the options object. */
export const syncOptionRules: FieldRules = {
  "/skipTrafficShift": {
    expected: "true or false",
    fix: "Set skipTrafficShift to true to deploy without moving traffic, or remove it (default false).",
  },
  "/prune": {
    expected: "true or false",
    fix: "Set prune to true to delete revisions that serve no traffic after the sync, or remove it (default false).",
  },
  "/tag": {
    expected:
      "a DNS label of at most 46 characters made of lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen",
    fix: 'Use a tag such as "canary", or remove tag.',
  },
  "/readinessTimeout": {
    expected: 'a duration from 1s to 24h, written as a Go duration such as "30s", "5m" or "1m30s" or as nanoseconds',
    fix: `Set readinessTimeout to e.g. "5m", or remove it to use the default of ${formatDurationMs(DEFAULT_READINESS_TIMEOUT_MS)}.`,
  },
};

const syncRules: FieldRules = {
  "": rootRule("{prune: true}"),
  ...syncOptionRules,
};

/**
 * Normalises schema-valid sync options found at pointer `at` (relative to the config root):
 * converts `readinessTimeout` to milliseconds and range-checks it.
 */
export function finishSyncOptions(
  raw: { skipTrafficShift: boolean; prune: boolean; tag?: string; readinessTimeout?: DurationInput },
  issues: IssueCollector,
  at = "",
): SyncStageOptions {
  const value: SyncStageOptions = { skipTrafficShift: raw.skipTrafficShift, prune: raw.prune };
  if (raw.tag !== undefined) value.tag = raw.tag;
  if (raw.readinessTimeout !== undefined) {
    const ms = durationToMs(raw.readinessTimeout);
    if (ms === undefined || ms < MIN_READINESS_TIMEOUT_MS || ms > MAX_READINESS_TIMEOUT_MS) {
      issues.invalid(`${at}/readinessTimeout`, raw.readinessTimeout);
    } else {
      value.readinessTimeoutMs = ms;
    }
  }
  return value;
}

/** Validates CLOUDRUN_SYNC options given as an object, JSON text or bytes (empty → defaults). */
export function validateSyncStageOptions(input: unknown): ValidationResult<SyncStageOptions> {
  return validateConfig(input, {
    schema: syncStageOptionsSchema,
    context: stageContext("CLOUDRUN_SYNC", syncRules),
    acceptText: true,
    finish: finishSyncOptions,
  });
}

// ---------------------------------------------------------------------------------------------
// CLOUDRUN_PROMOTE
// ---------------------------------------------------------------------------------------------

/**
 * What CLOUDRUN_PROMOTE does when the traffic of the service was changed outside the deployment
 * since the deployment's last traffic write (e.g. in the console between two PROMOTE steps):
 * `"fail"` stops the stage without any change, `"overwrite"` logs the difference and promotes from
 * the split it finds.
 */
export type TrafficDriftPolicy = "fail" | "overwrite";

/** The accepted values of `onTrafficDrift`, the default first. */
export const TRAFFIC_DRIFT_POLICIES: readonly TrafficDriftPolicy[] = ["fail", "overwrite"];

/** What `onTrafficDrift` means when it is left out. */
export const DEFAULT_TRAFFIC_DRIFT_POLICY: TrafficDriftPolicy = "fail";

/** `with` of CLOUDRUN_PROMOTE, as written by the user. */
export interface PromoteStageOptionsInput {
  percent: PercentageInput;
  onTrafficDrift?: TrafficDriftPolicy;
}

/** CLOUDRUN_PROMOTE options after validation. */
export interface PromoteStageOptions {
  /** Share of traffic for the new revision, an integer 0..100. */
  percent: number;
  /**
   * What to do when the traffic was changed outside this deployment since its last traffic write.
   * Default {@link DEFAULT_TRAFFIC_DRIFT_POLICY} (`"fail"`).
   */
  onTrafficDrift: TrafficDriftPolicy;
}

export const promoteStageOptionsSchema: JsonSchema = {
  $schema: DRAFT_07,
  title: "CLOUDRUN_PROMOTE stage options",
  description:
    "The `with` block of a CLOUDRUN_PROMOTE stage: route `percent` of the traffic to the new revision and the rest to the previous one.",
  type: "object",
  additionalProperties: false,
  required: ["percent"],
  properties: {
    percent: percentageSchema(
      'Share of traffic for the new revision: a whole number from 0 to 100, also written as "10" or "10%".',
    ),
    onTrafficDrift: {
      description:
        'What to do when the traffic of the service was changed outside this deployment (e.g. in the console) since the deployment last wrote it: "fail" stops the stage without changing anything, "overwrite" logs the difference and promotes from the current split. Default: "fail".',
      type: "string",
      enum: [...TRAFFIC_DRIFT_POLICIES],
      default: DEFAULT_TRAFFIC_DRIFT_POLICY,
    },
  },
};

const promoteRules: FieldRules = {
  "": rootRule("{percent: 10}", false),
  "/percent": {
    expected: PERCENTAGE_EXPECTED,
    fix: "Set percent to the share of traffic the new revision should get, e.g. percent: 10.",
  },
  "/onTrafficDrift": {
    expected: '"fail" or "overwrite"',
    fix: 'Set onTrafficDrift to "overwrite" to promote over a manual traffic change, or remove it to fail the stage instead (default "fail").',
  },
};

/**
 * Validates CLOUDRUN_PROMOTE options given as an object, JSON text or bytes; `percent` comes back as
 * a number and `onTrafficDrift` defaults to `"fail"`.
 */
export function validatePromoteStageOptions(input: unknown): ValidationResult<PromoteStageOptions> {
  return validateConfig(input, {
    schema: promoteStageOptionsSchema,
    context: stageContext("CLOUDRUN_PROMOTE", promoteRules),
    acceptText: true,
    finish: (raw: { percent: PercentageInput; onTrafficDrift: TrafficDriftPolicy }, issues) => {
      const percent = parsePercentage(raw.percent);
      if (percent === undefined) issues.invalid("/percent", raw.percent); // unreachable after the schema; kept as a guard
      return { percent: percent ?? 0, onTrafficDrift: raw.onTrafficDrift };
    },
  });
}

// ---------------------------------------------------------------------------------------------
// CLOUDRUN_ROLLBACK
// ---------------------------------------------------------------------------------------------

/** CLOUDRUN_ROLLBACK options (same shape before and after validation). */
export interface RollbackStageOptions {
  /** Revision to send all traffic to; by default the one that served before the deployment. */
  revision?: string;
}

export const rollbackStageOptionsSchema: JsonSchema = {
  $schema: DRAFT_07,
  title: "CLOUDRUN_ROLLBACK stage options",
  description:
    "The `with` block of a CLOUDRUN_ROLLBACK stage: route all traffic back to the revision that served before the deployment, or to `revision`.",
  type: "object",
  additionalProperties: false,
  properties: {
    revision: {
      description:
        "Name of the Cloud Run revision to send all traffic to, e.g. helloworld-00042-abc. Default: the revision that served before the deployment.",
      type: "string",
      minLength: 1,
      maxLength: MAX_REVISION_NAME_LENGTH,
      pattern: REVISION_NAME_PATTERN,
    },
  },
};

const rollbackRules: FieldRules = {
  "": rootRule("{revision: helloworld-00042-abc}"),
  "/revision": {
    expected:
      "a Cloud Run revision name: at most 63 lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen",
    fix: "Copy the revision name from `gcloud run revisions list`, e.g. helloworld-00042-abc, or remove revision to roll back to the revision that served before.",
  },
};

/** Validates CLOUDRUN_ROLLBACK options given as an object, JSON text or bytes. */
export function validateRollbackStageOptions(input: unknown): ValidationResult<RollbackStageOptions> {
  return validateConfig(input, {
    schema: rollbackStageOptionsSchema,
    context: stageContext("CLOUDRUN_ROLLBACK", rollbackRules),
    acceptText: true,
    finish: (raw: RollbackStageOptions) => (raw.revision === undefined ? {} : { revision: raw.revision }),
  });
}

// ---------------------------------------------------------------------------------------------
// CLOUDRUN_CANARY_CLEANUP
// ---------------------------------------------------------------------------------------------

/** `with` of CLOUDRUN_CANARY_CLEANUP, as written by the user. */
export interface CanaryCleanupStageOptionsInput {
  keepCount?: number;
  keepLatest?: boolean;
}

/** CLOUDRUN_CANARY_CLEANUP options after validation. */
export interface CanaryCleanupStageOptions {
  /**
   * How many of the most recently created revisions remain after cleanup (0..1000), the ones that
   * must never be deleted included. Default 5.
   */
  keepCount: number;
  /** Never delete the newest revision of the service, even when it serves no traffic. Default `true`. */
  keepLatest: boolean;
}

export const MAX_KEEP_COUNT = 1000;

export const canaryCleanupStageOptionsSchema: JsonSchema = {
  $schema: DRAFT_07,
  title: "CLOUDRUN_CANARY_CLEANUP stage options",
  description:
    "The `with` block of a CLOUDRUN_CANARY_CLEANUP stage: keep the `keepCount` most recently created revisions and delete older ones, except those that serve traffic, carry a tag, are the latest created or latest ready revision, or served before this deployment. A revision that cannot be deleted is reported as a warning; the stage still succeeds.",
  type: "object",
  additionalProperties: false,
  properties: {
    keepCount: {
      description:
        "Number of recent revisions to keep (0 to 1000): after cleanup the service keeps its keepCount most recently created revisions, plus any older one that serves traffic, carries a tag, is the latest created or latest ready revision, or served before this deployment. Those protected revisions count toward keepCount when they are among the most recent. Default 5.",
      type: "integer",
      minimum: 0,
      maximum: MAX_KEEP_COUNT,
      default: 5,
    },
    keepLatest: {
      description: "Never delete the newest revision of the service, even when it serves no traffic.",
      type: "boolean",
      default: true,
    },
  },
};

const canaryCleanupRules: FieldRules = {
  "": rootRule("{keepCount: 3}"),
  "/keepCount": {
    expected: "a whole number from 0 to 1000",
    fix: "Set keepCount to how many of the most recent revisions to keep, e.g. keepCount: 3, or remove it (default 5).",
  },
  "/keepLatest": {
    expected: "true or false",
    fix: "Set keepLatest to false only if the newest revision may be deleted, or remove it (default true).",
  },
};

/** Validates CLOUDRUN_CANARY_CLEANUP options given as an object, JSON text or bytes (empty → defaults). */
export function validateCanaryCleanupStageOptions(input: unknown): ValidationResult<CanaryCleanupStageOptions> {
  return validateConfig(input, {
    schema: canaryCleanupStageOptionsSchema,
    context: stageContext("CLOUDRUN_CANARY_CLEANUP", canaryCleanupRules),
    acceptText: true,
    finish: (raw: CanaryCleanupStageOptions) => ({ keepCount: raw.keepCount, keepLatest: raw.keepLatest }),
  });
}
