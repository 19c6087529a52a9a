/**
 * The labels PipeCD puts on what it deploys, in the form GCP accepts (keys and values of lowercase
 * letters, digits, `_` and `-`, at most 63 characters; no `.` or `/`, hence `pipecd-dev-…`).
 */
import type { DeploymentInfo } from "../types.js";

export const LABEL_MANAGED_BY = "pipecd-dev-managed-by";
export const LABEL_PIPED = "pipecd-dev-piped";
export const LABEL_APPLICATION = "pipecd-dev-application";
export const LABEL_COMMIT_HASH = "pipecd-dev-commit-hash";
export const MANAGED_BY_PIPED = "piped";

/** The four label keys, in the order they are written. */
export const PIPECD_LABEL_KEYS = [LABEL_MANAGED_BY, LABEL_PIPED, LABEL_APPLICATION, LABEL_COMMIT_HASH] as const;

/** Longest GCP label value. */
export const MAX_LABEL_VALUE_LENGTH = 63;

/**
 * A valid GCP label value made from any text: lowercased, every run of characters outside
 * `[a-z0-9_-]` replaced by one `-`, cut to 63 characters. Deterministic, so the same input always
 * gives the same label (and the same revision template).
 */
export function sanitizeLabelValue(value: string): string {
  return value
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, "-")
    .slice(0, MAX_LABEL_VALUE_LENGTH);
}

/** The four PipeCD labels for a deployment, sanitised. */
export function pipecdLabels(deployment: Pick<DeploymentInfo, "pipedId" | "applicationId" | "targetCommit">) {
  return {
    [LABEL_MANAGED_BY]: MANAGED_BY_PIPED,
    [LABEL_PIPED]: sanitizeLabelValue(deployment.pipedId),
    [LABEL_APPLICATION]: sanitizeLabelValue(deployment.applicationId),
    [LABEL_COMMIT_HASH]: sanitizeLabelValue(deployment.targetCommit),
  } satisfies Record<string, string>;
}
