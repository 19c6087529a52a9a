// CLOUDRUN_PROMOTE options: percent and the traffic-drift policy — type, schema, message rules, validator.

import { stageCloudrunPromote } from "../gen/validators.js";
import { PERCENTAGE_EXPECTED, type PercentageInput, parsePercentage, percentageSchema } from "../percentage.js";
import type { ValidationResult } from "../result.js";
import { type FieldRules, type JsonSchema, validateConfig } from "../validator.js";
import { DRAFT_07, rootRule, type StageOptionsEntry, stageContext } from "./shared.js";

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

/** The published schema of the CLOUDRUN_PROMOTE options. */
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
    validate: stageCloudrunPromote,
    context: stageContext("CLOUDRUN_PROMOTE", promoteRules),
    acceptText: true,
    finish: (raw: { percent: PercentageInput; onTrafficDrift: TrafficDriftPolicy }, issues) => {
      const percent = parsePercentage(raw.percent);
      if (percent === undefined) issues.invalid("/percent", raw.percent); // unreachable after the schema; kept as a guard
      return { percent: percent ?? 0, onTrafficDrift: raw.onTrafficDrift };
    },
  });
}

/** CLOUDRUN_PROMOTE in the stage registry. */
export const promoteStage = {
  name: "CLOUDRUN_PROMOTE",
  description: "Route the given percentage of traffic to the new revision and the rest to the previous one.",
  schemaFile: "stage-cloudrun-promote.json",
  schema: promoteStageOptionsSchema,
  validate: validatePromoteStageOptions,
} as const satisfies StageOptionsEntry<"CLOUDRUN_PROMOTE", PromoteStageOptions>;
