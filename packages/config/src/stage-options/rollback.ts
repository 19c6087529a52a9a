// CLOUDRUN_ROLLBACK options: the optional revision to send all traffic to — type, schema, rules, validator.
import { MAX_REVISION_NAME_LENGTH } from "../cloudrun-limits.js";
import { stageCloudrunRollback } from "../gen/validators.js";
import type { ValidationResult } from "../result.js";
import { type FieldRules, type JsonSchema, validateConfig } from "../validator.js";
import { DRAFT_07, rootRule, type StageOptionsEntry, stageContext } from "./shared.js";

/** A Cloud Run revision name: lowercase letters, digits and hyphens, starting with a letter, ≤ 63 characters. */
export const REVISION_NAME_PATTERN = `^[a-z](?:[a-z0-9-]{0,${MAX_REVISION_NAME_LENGTH - 2}}[a-z0-9])?$`;

/** CLOUDRUN_ROLLBACK options (same shape before and after validation). */
export interface RollbackStageOptions {
  /** Revision to send all traffic to; by default the one that served before the deployment. */
  revision?: string;
}

/** The published schema of the CLOUDRUN_ROLLBACK options. */
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
    validate: stageCloudrunRollback,
    context: stageContext("CLOUDRUN_ROLLBACK", rollbackRules),
    acceptText: true,
    finish: (raw: RollbackStageOptions) => (raw.revision === undefined ? {} : { revision: raw.revision }),
  });
}

/** CLOUDRUN_ROLLBACK in the stage registry. */
export const rollbackStage = {
  name: "CLOUDRUN_ROLLBACK",
  description: "Route all traffic back to the revision that served before the deployment started.",
  schemaFile: "stage-cloudrun-rollback.json",
  schema: rollbackStageOptionsSchema,
  validate: validateRollbackStageOptions,
} as const satisfies StageOptionsEntry<"CLOUDRUN_ROLLBACK", RollbackStageOptions>;
