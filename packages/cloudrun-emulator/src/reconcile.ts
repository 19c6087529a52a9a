// Reconciliation: moves a service towards its desired state as revisions become ready or fail.
import { status } from "@grpc/grpc-js";
import { completeOperation } from "./operations.js";
import { loadProtos } from "./protos.js";
import { readinessFor } from "./readiness.js";
import { renderService, withReason } from "./render.js";
import { enforceRevisionCap } from "./retention.js";
import { type RevisionRecord, type ServiceRecord, type State, timestamp } from "./store.js";
import { resolveTraffic } from "./traffic.js";
import type { Condition, ConditionState } from "./types.js";

function notReadyMessage(rev: RevisionRecord): string {
  return `Revision '${rev.name}' is not ready and cannot serve traffic. ${rev.failure?.message ?? ""}`.trim();
}

/** Keeps the previous transition time when a condition did not change. */
function transition(prev: Condition | undefined, next: Condition, now: number): Condition {
  const same = prev !== undefined && prev.state === next.state && prev.message === next.message;
  return { ...next, lastTransitionTime: same && prev.lastTransitionTime ? prev.lastTransitionTime : timestamp(now) };
}

function stateCondition(type: string, state: ConditionState, message?: string): Condition {
  const c: Condition = { type, state };
  if (message) {
    c.message = message;
    c.severity = "ERROR";
    withReason(c, "REVISION_FAILED");
  }
  return c;
}

/**
 * Brings a service's observed state in line with its desired state and its revisions' readiness:
 * latest ready revision, applied traffic, observed generation, conditions; then finishes the
 * operations that were waiting for this.
 */
export function reconcileService(state: State, rec: ServiceRecord, now = Date.now()): void {
  const latest = rec.latestCreated ? rec.revisions.get(rec.latestCreated) : undefined;
  if (latest?.state === "ready") rec.latestReady = latest.name;

  const routes = resolveTraffic(
    rec.id,
    rec.spec.traffic ?? [],
    (name) => rec.revisions.get(name)?.state,
    rec.latestReady,
    latest?.state,
  );
  rec.routes =
    routes.message === undefined ? { state: routes.state } : { state: routes.state, message: routes.message };
  if (routes.statuses) {
    rec.trafficStatuses = routes.statuses;
    for (const s of routes.statuses) {
      const rev = s.revision ? rec.revisions.get(s.revision) : undefined;
      if (rev && (s.percent ?? 0) > 0) rev.everServed = true;
    }
  }
  const configState: ConditionState =
    latest?.state === "pending"
      ? "CONDITION_RECONCILING"
      : latest?.state === "failed"
        ? "CONDITION_FAILED"
        : "CONDITION_SUCCEEDED";
  const configMessage = latest?.state === "failed" ? notReadyMessage(latest) : undefined;
  const routesState: ConditionState =
    routes.state === "pending"
      ? "CONDITION_RECONCILING"
      : routes.state === "failed"
        ? "CONDITION_FAILED"
        : "CONDITION_SUCCEEDED";
  rec.reconciling = configState === "CONDITION_RECONCILING" || routesState === "CONDITION_RECONCILING";

  const [prevRoutes, prevConfig] = rec.conditions;
  rec.conditions = [
    transition(prevRoutes, stateCondition("RoutesReady", routesState, routes.message), now),
    transition(prevConfig, stateCondition("ConfigurationsReady", configState, configMessage), now),
  ];
  const failure = configMessage ?? (routes.state === "failed" ? routes.message : undefined);
  const terminal: ConditionState = rec.reconciling
    ? "CONDITION_RECONCILING"
    : failure
      ? "CONDITION_FAILED"
      : "CONDITION_SUCCEEDED";
  // observed_generation follows generation only on full success; on failure it keeps the last serving one.
  if (terminal === "CONDITION_SUCCEEDED") rec.observedGeneration = rec.generation;
  rec.terminalCondition = transition(
    rec.terminalCondition,
    stateCondition("Ready", terminal, terminal === "CONDITION_FAILED" ? failure : undefined),
    now,
  );
  enforceRevisionCap(state, rec);
  settleOperations(state, rec);
}

/** Finishes the pending operations of a service whose outcome is now known. */
export function settleOperations(state: State, rec: ServiceRecord): void {
  let response: Buffer | undefined;
  for (const op of [...state.pendingOperations]) {
    if (op.kind !== "service" || op.target !== rec.id.name) continue;
    const waited = op.waitRevision ? rec.revisions.get(op.waitRevision) : undefined;
    if (waited?.state === "failed") {
      completeOperation(state, op, { error: { code: status.FAILED_PRECONDITION, message: notReadyMessage(waited) } });
      continue;
    }
    if (waited?.state === "pending") continue;
    if (op.generation === rec.generation) {
      if (rec.routes.state === "pending") continue;
      if (rec.routes.state === "failed") {
        completeOperation(state, op, {
          error: { code: status.FAILED_PRECONDITION, message: rec.routes.message ?? "Traffic could not be routed." },
        });
        continue;
      }
    }
    response ??= loadProtos().encodeService(renderService(rec));
    completeOperation(state, op, { response });
  }
}

/** Schedules a new revision's readiness according to the image rules; reconciles its service when it settles. */
export function startRevision(state: State, rec: ServiceRecord, rev: RevisionRecord): void {
  const plan = readinessFor(state, rev.template, rev.full);
  if (plan.mode === "never") return;
  state.schedule(rev.full, plan.delayMs, () => {
    const live = state.services.get(rec.id.name);
    if (!live || live.revisions.get(rev.name) !== rev) return;
    rev.updateTime = Date.now();
    if (plan.mode === "fail") {
      rev.state = "failed";
      rev.failure = plan.failure;
    } else {
      rev.state = "ready";
    }
    reconcileService(state, live);
  });
}
