// CLOUDRUN_SYNC options (also `quickSync` of the application spec): type, schema, message rules,
// validator, and the readiness-timeout and tag limits.
import { MAX_TAG_AND_SERVICE_LENGTH } from "../cloudrun-limits.js";
import { type DurationInput, durationSchema, durationToMs, formatDurationMs } from "../duration.js";
import { stageCloudrunSync } from "../gen/validators.js";
import type { ValidationResult } from "../result.js";
import { type FieldRules, type IssueCollector, type JsonSchema, validateConfig } from "../validator.js";
import { DRAFT_07, rootRule, type StageOptionsEntry, stageContext } from "./shared.js";

/** Default readiness timeout used when `readinessTimeout` is not set (10 minutes). */
export const DEFAULT_READINESS_TIMEOUT_MS = 600_000;
/** Smallest accepted `readinessTimeout` (1 second). */
export const MIN_READINESS_TIMEOUT_MS = 1_000;
/** Largest accepted `readinessTimeout` (24 hours). */
export const MAX_READINESS_TIMEOUT_MS = 86_400_000;

/** Longest accepted traffic tag: Cloud Run caps tag + service name together at this length. */
export const MAX_TAG_LENGTH = MAX_TAG_AND_SERVICE_LENGTH;
/** A traffic tag: a DNS label of lowercase letters, digits and hyphens, starting with a letter, ≤ 46 characters. */
export const TAG_PATTERN = `^[a-z](?:[a-z0-9-]{0,${MAX_TAG_LENGTH - 2}}[a-z0-9])?$`;

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

/** The published schema of the CLOUDRUN_SYNC options. */
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
    validate: stageCloudrunSync,
    context: stageContext("CLOUDRUN_SYNC", syncRules),
    acceptText: true,
    finish: finishSyncOptions,
  });
}

/** CLOUDRUN_SYNC in the stage registry. */
export const syncStage = {
  name: "CLOUDRUN_SYNC",
  description: "Deploy the service manifest as a new revision and route all traffic to it.",
  schemaFile: "stage-cloudrun-sync.json",
  schema: syncStageOptionsSchema,
  validate: validateSyncStageOptions,
} as const satisfies StageOptionsEntry<"CLOUDRUN_SYNC", SyncStageOptions>;
