/**
 * When is a service "done and healthy"? Pure assessment of a model Service / Revision, used by
 * `CloudRunClient.waitUntilReady` (and usable by callers that poll themselves).
 *
 * A service is **ready** when it is not reconciling, its terminal (`Ready`) condition is
 * `CONDITION_SUCCEEDED`, `observedGeneration ≥ generation`, and the latest created revision is
 * also the latest ready one. It has **failed** when it is not reconciling and the terminal
 * condition is `CONDITION_FAILED` — except with the reasons Cloud Run uses while it will still try
 * again (`WAITING_FOR_OPERATION`, `IMMEDIATE_RETRY`, `POSTPONED_RETRY`), which count as pending.
 * Anything else is **pending**.
 */

import { type Condition, type Revision, type Service, shortName } from "./model.js";

export type ReadinessState = "ready" | "pending" | "failed";

/** The verdict of the readiness rule with a one-line summary for logs. */
export interface ReadinessAssessment {
  state: ReadinessState;
  /** One line for logs, e.g. `Ready=CONDITION_RECONCILING generation=3 observed=2 latestCreated=s-3 latestReady=s-2 reconciling`. */
  summary: string;
  /** Condition reason name when failed (`REVISION_FAILED`, `HEALTH_CHECK_CONTAINER_ERROR`, …). */
  reason?: string;
  /** Condition message when failed. */
  message?: string;
}

/** Reasons of a `CONDITION_FAILED` terminal condition that Cloud Run will retry by itself. */
export const NON_TERMINAL_FAILURE_REASONS: readonly string[] = [
  "WAITING_FOR_OPERATION",
  "IMMEDIATE_RETRY",
  "POSTPONED_RETRY",
];

/** The reason name a condition carries (`reason`, `revisionReason` or `executionReason`). */
export function conditionReason(condition: Condition | undefined): string | undefined {
  return condition?.revisionReason ?? condition?.reason ?? condition?.executionReason;
}

function serviceSummary(service: Service): string {
  const parts = [
    `Ready=${service.terminalCondition?.state ?? "STATE_UNSPECIFIED"}`,
    `generation=${service.generation ?? 0}`,
    `observed=${service.observedGeneration ?? 0}`,
    `latestCreated=${service.latestCreatedRevision ? shortName(service.latestCreatedRevision) : "-"}`,
    `latestReady=${service.latestReadyRevision ? shortName(service.latestReadyRevision) : "-"}`,
  ];
  if (service.reconciling) parts.push("reconciling");
  return parts.join(" ");
}

/** Whether a service is ready, still pending or has failed, by the rule at the top of this file. */
export function assessServiceReadiness(service: Service): ReadinessAssessment {
  const summary = serviceSummary(service);
  const terminal = service.terminalCondition;
  if (service.reconciling) return { state: "pending", summary };
  if (terminal?.state === "CONDITION_FAILED") {
    const reason = conditionReason(terminal);
    if (reason !== undefined && NON_TERMINAL_FAILURE_REASONS.includes(reason)) return { state: "pending", summary };
    const out: ReadinessAssessment = { state: "failed", summary };
    if (reason !== undefined) out.reason = reason;
    if (terminal.message !== undefined) out.message = terminal.message;
    return out;
  }
  const latestCreated = service.latestCreatedRevision;
  const latestReady = service.latestReadyRevision;
  if (
    terminal?.state === "CONDITION_SUCCEEDED" &&
    (service.observedGeneration ?? 0) >= (service.generation ?? 0) &&
    latestCreated !== undefined &&
    latestReady !== undefined &&
    shortName(latestCreated) === shortName(latestReady)
  ) {
    return { state: "ready", summary };
  }
  return { state: "pending", summary };
}

/** A revision's `Ready` condition: succeeded → ready, failed → failed (with reason), else pending. */
export function assessRevisionReadiness(revision: Revision): ReadinessAssessment {
  const ready = revision.conditions?.find((c) => c.type === "Ready");
  const summary = `${shortName(revision.name)} Ready=${ready?.state ?? "STATE_UNSPECIFIED"}${revision.reconciling ? " reconciling" : ""}`;
  if (ready?.state === "CONDITION_SUCCEEDED") return { state: "ready", summary };
  if (ready?.state === "CONDITION_FAILED" && !revision.reconciling) {
    const out: ReadinessAssessment = { state: "failed", summary };
    const reason = conditionReason(ready);
    if (reason !== undefined) out.reason = reason;
    if (ready.message !== undefined) out.message = ready.message;
    return out;
  }
  return { state: "pending", summary };
}
