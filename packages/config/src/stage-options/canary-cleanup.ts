// CLOUDRUN_CANARY_CLEANUP options: how many revisions to keep — type, schema, message rules, validator.

import { stageCloudrunCanaryCleanup } from "../gen/validators.js";
import type { ValidationResult } from "../result.js";
import { type FieldRules, type JsonSchema, validateConfig } from "../validator.js";
import { DRAFT_07, rootRule, type StageOptionsEntry, stageContext } from "./shared.js";

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

/** Largest accepted `keepCount`, the number of revisions Cloud Run keeps per service. */
export const MAX_KEEP_COUNT = 1000;

/** The published schema of the CLOUDRUN_CANARY_CLEANUP options. */
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
    validate: stageCloudrunCanaryCleanup,
    context: stageContext("CLOUDRUN_CANARY_CLEANUP", canaryCleanupRules),
    acceptText: true,
    finish: (raw: CanaryCleanupStageOptions) => ({ keepCount: raw.keepCount, keepLatest: raw.keepLatest }),
  });
}

/** CLOUDRUN_CANARY_CLEANUP in the stage registry. */
export const canaryCleanupStage = {
  name: "CLOUDRUN_CANARY_CLEANUP",
  description: "Keep the most recent revisions and delete older ones that serve no traffic and carry no tag.",
  schemaFile: "stage-cloudrun-canary-cleanup.json",
  schema: canaryCleanupStageOptionsSchema,
  validate: validateCanaryCleanupStageOptions,
} as const satisfies StageOptionsEntry<"CLOUDRUN_CANARY_CLEANUP", CanaryCleanupStageOptions>;
