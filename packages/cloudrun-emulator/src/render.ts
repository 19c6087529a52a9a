// The wire form of services and revisions: conditions, traffic statuses, URLs, timestamps.
import { serviceUri } from "./names.js";
import { reasonField } from "./readiness.js";
import { deepCopy } from "./schema.js";
import { type RevisionRecord, type ServiceRecord, timestamp } from "./store.js";
import type { Condition } from "./types.js";

/** The `google.cloud.run.v2.Service` message for a stored service. */
export function renderService(rec: ServiceRecord, extra: { deleteTime?: number } = {}): Record<string, unknown> {
  const uri = serviceUri(rec.id);
  const revisionPath = (short: string | undefined) => (short ? `${rec.id.name}/revisions/${short}` : undefined);
  return {
    ...deepCopy(rec.spec),
    name: rec.id.name,
    uid: rec.uid,
    generation: String(rec.generation),
    createTime: timestamp(rec.createTime),
    updateTime: timestamp(rec.updateTime),
    ...(extra.deleteTime === undefined ? {} : { deleteTime: timestamp(extra.deleteTime) }),
    urls: [uri],
    observedGeneration: String(rec.observedGeneration),
    terminalCondition: deepCopy(rec.terminalCondition),
    conditions: deepCopy(rec.conditions),
    latestReadyRevision: revisionPath(rec.latestReady),
    latestCreatedRevision: revisionPath(rec.latestCreated),
    trafficStatuses: deepCopy(rec.trafficStatuses),
    uri,
    reconciling: rec.reconciling,
    etag: rec.etag,
  };
}

function isServing(svc: ServiceRecord, revision: string): boolean {
  return svc.trafficStatuses.some((s) => s.revision === revision && (s.percent ?? 0) > 0);
}

/** Sets the failure reason in the right `Condition.reasons` oneof member. */
export function withReason(condition: Condition, reason: string): Condition {
  const field = reasonField(reason);
  if (field === "revisionReason") condition.revisionReason = reason;
  else if (field === "reason") condition.reason = reason;
  return condition;
}

function revisionConditions(svc: ServiceRecord, rev: RevisionRecord): Condition[] {
  const at = timestamp(rev.updateTime);
  if (rev.state === "pending") {
    return [
      { type: "Ready", state: "CONDITION_RECONCILING", lastTransitionTime: at },
      { type: "ResourcesAvailable", state: "CONDITION_RECONCILING", lastTransitionTime: at },
      { type: "ContainerHealthy", state: "CONDITION_RECONCILING", lastTransitionTime: at },
    ];
  }
  if (rev.state === "failed") {
    const message = rev.failure?.message ?? "";
    const reason = rev.failure?.reason ?? "";
    return [
      withReason(
        { type: "Ready", state: "CONDITION_FAILED", message, severity: "ERROR", lastTransitionTime: at },
        reason,
      ),
      { type: "ResourcesAvailable", state: "CONDITION_SUCCEEDED", lastTransitionTime: at },
      withReason(
        { type: "ContainerHealthy", state: "CONDITION_FAILED", message, severity: "ERROR", lastTransitionTime: at },
        reason,
      ),
    ];
  }
  const active: Condition = isServing(svc, rev.name)
    ? { type: "Active", state: "CONDITION_SUCCEEDED", lastTransitionTime: at }
    : {
        type: "Active",
        state: "CONDITION_FAILED",
        severity: "INFO",
        revisionReason: rev.everServed ? "RETIRED" : "RESERVE",
        lastTransitionTime: at,
      };
  return [
    { type: "Ready", state: "CONDITION_SUCCEEDED", lastTransitionTime: at },
    { type: "ResourcesAvailable", state: "CONDITION_SUCCEEDED", lastTransitionTime: at },
    { type: "ContainerHealthy", state: "CONDITION_SUCCEEDED", lastTransitionTime: at },
    active,
  ];
}

/** The `google.cloud.run.v2.Revision` message for a stored revision of `svc`. */
export function renderRevision(
  svc: ServiceRecord,
  rev: RevisionRecord,
  extra: { deleteTime?: number } = {},
): Record<string, unknown> {
  const { project, location, service } = svc.id;
  const logUri =
    `https://console.cloud.google.com/logs/viewer?project=${project}` +
    `&resource=cloud_run_revision/service_name/${service}/revision_name/${rev.name}&location=${location}`;
  return {
    ...deepCopy(rev.template),
    name: rev.full,
    uid: rev.uid,
    generation: "1",
    createTime: timestamp(rev.createTime),
    updateTime: timestamp(rev.updateTime),
    ...(extra.deleteTime === undefined ? {} : { deleteTime: timestamp(extra.deleteTime) }),
    launchStage: rev.launchStage,
    service: svc.id.name,
    reconciling: rev.state === "pending",
    conditions: revisionConditions(svc, rev),
    observedGeneration: "1",
    logUri,
    etag: rev.etag,
  };
}
