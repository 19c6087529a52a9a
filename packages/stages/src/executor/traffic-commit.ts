/**
 * The one traffic-commit path every stage uses: write the planned split (with etag-conflict
 * handling), verify what Cloud Run applied, then record it for live state and the next step.
 */
import {
  diffSplits,
  effectiveSplit,
  formatSplit,
  type Service,
  type TrafficSplit,
  toTrafficTargets,
} from "@cr/cloudrun/pure";
import { recordAppliedTraffic, recordLastTraffic } from "../records/store.js";
import { appliedSplit, describeChanges, type PlanResult, sameSplit } from "../split.js";
import { describePortError, type StageContext } from "./context.js";
import { isUnclearOutcome, trafficAfterUnclearWrite } from "./read-back.js";

export type ConflictPolicy =
  /** PROMOTE / SYNC: on an etag conflict, re-apply only if nobody else changed the traffic. */
  | "fail-if-changed"
  /** ROLLBACK: restore anyway (logging that someone else's change is overridden). */
  | "override";

export interface TrafficWrite {
  serviceId: string;
  /** The service as read, whose etag the write carries. */
  base: Service;
  /** Plans the traffic from a service as read; called again after an etag conflict. */
  plan: (live: Service) => PlanResult<{ next: TrafficSplit }>;
  policy: ConflictPolicy;
}

export interface TrafficWriteResult {
  /** The service as returned by the write, or the service read when no write was needed. */
  service: Service;
  expected: TrafficSplit;
  wrote: boolean;
}

/**
 * Writes the planned traffic with the etag read (optimistic concurrency). On `Aborted`: reads the service again once;
 * when its traffic already is the planned one (a lost reply), done; when someone else changed it,
 * FAILURE "concurrent modification" naming the difference (or, with "override", a logged
 * override); otherwise re-plans and writes once more. Skips the write when nothing would change.
 */
export async function writeTraffic(ctx: StageContext, w: TrafficWrite): Promise<TrafficWriteResult> {
  let live = w.base;
  for (let round = 0; ; round++) {
    const planned = w.plan(live);
    if (!planned.ok) ctx.fail(planned.error);
    const current = effectiveSplit(live);
    if (sameSplit(current, planned.next)) {
      ctx.info(`Traffic of ${w.serviceId} already is as planned: nothing to write`);
      return { service: live, expected: planned.next, wrote: false };
    }
    ctx.info(`Updating the traffic of ${w.serviceId} to:\n${formatSplit(planned.next)}`);
    const r = await ctx.attempt(() =>
      ctx.cloudRun.updateTraffic(w.serviceId, toTrafficTargets(planned.next), {
        ...(live.etag ? { etag: live.etag } : {}),
        signal: ctx.signal,
      }),
    );
    if (r.ok) return { service: r.value, expected: planned.next, wrote: true };
    if (isUnclearOutcome(r.error)) {
      const live = await trafficAfterUnclearWrite(ctx, w.serviceId, planned.next, r.error);
      return { service: live, expected: planned.next, wrote: true };
    }
    if (r.error.code !== "Aborted")
      ctx.fail(`updating the traffic of ${w.serviceId} failed: ${describePortError(r.error)}`);
    if (round > 0) {
      ctx.fail(
        `concurrent modification: the traffic update of ${w.serviceId} was rejected twice because the service kept changing (${describePortError(r.error)})`,
      );
    }
    ctx.info(`The service ${w.serviceId} changed since it was read (etag mismatch): reading it again`);
    const fresh = await ctx.call(`reading service ${w.serviceId}`, () =>
      ctx.cloudRun.getService(w.serviceId, ctx.signal),
    );
    if (fresh === null) ctx.fail(`service ${w.serviceId} disappeared while this stage ran`);
    const freshSplit = effectiveSplit(fresh);
    if (sameSplit(freshSplit, planned.next)) {
      ctx.info(`The traffic of ${w.serviceId} already is as planned`);
      return { service: fresh, expected: planned.next, wrote: false };
    }
    const changes = diffSplits(current, freshSplit);
    if (changes.length > 0) {
      if (w.policy === "fail-if-changed") {
        ctx.fail(
          `concurrent modification: the traffic of ${w.serviceId} was changed by someone else while this stage ran (${describeChanges(changes)})`,
        );
      }
      ctx.info(`Someone else changed the traffic of ${w.serviceId} (${describeChanges(changes)}); overriding it`);
    } else {
      ctx.info(`The traffic of ${w.serviceId} is unchanged (only other fields changed): applying again`);
    }
    live = fresh;
  }
}

const VERIFY_REREADS = 3;
const VERIFY_DELAY_MS = 500;

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}

/**
 * Checks that `trafficStatuses` (what Cloud Run applied) routes like `expected`, re-reading the
 * service a few times while it is still reconciling. FAILURE naming the difference otherwise.
 * Logs the final traffic table. Returns the service the check passed on.
 */
export async function verifyTraffic(
  ctx: StageContext,
  serviceId: string,
  expected: TrafficSplit,
  written: Service,
): Promise<Service> {
  let service = written;
  for (let reread = 0; ; reread++) {
    const applied = appliedSplit(service);
    if (sameSplit(applied, expected)) {
      ctx.info(`Traffic of ${serviceId} now:\n${formatSplit(applied)}`);
      return service;
    }
    if (reread >= VERIFY_REREADS || (reread > 0 && !service.reconciling)) {
      ctx.fail(
        `traffic verification failed: Cloud Run reports a different split for ${serviceId} than the one written (${describeChanges(diffSplits(expected, applied))}):\n${formatSplit(applied)}`,
      );
    }
    if (reread > 0) await delay(VERIFY_DELAY_MS, ctx.signal);
    const fresh = await ctx.call(`reading service ${serviceId}`, () => ctx.cloudRun.getService(serviceId, ctx.signal));
    if (fresh === null) ctx.fail(`service ${serviceId} disappeared while this stage ran`);
    service = fresh;
  }
}

/** What a stage commits: the service as read, how to plan its traffic, and why it is written. */
export interface TrafficCommit {
  serviceId: string;
  deploymentId: string;
  /** The service as read, whose etag the write carries. */
  base: Service;
  /** Plans the traffic from a service as read; called again after an etag conflict. */
  plan: (live: Service) => PlanResult<{ next: TrafficSplit }>;
  /**
   * "rollout" (SYNC, PROMOTE): fails on a concurrent traffic change and records the split as the one
   * this deployment last wrote. "rollback": overrides a concurrent change and marks the record as
   * rolled back.
   */
  purpose: "rollout" | "rollback";
}

/**
 * Write → verify → record, the tail of every traffic change. Returns the service the verification
 * passed on.
 */
export async function commitTraffic(ctx: StageContext, commit: TrafficCommit): Promise<Service> {
  const { serviceId, deploymentId, purpose } = commit;
  const written = await writeTraffic(ctx, {
    serviceId,
    base: commit.base,
    policy: purpose === "rollback" ? "override" : "fail-if-changed",
    plan: commit.plan,
  });
  const verified = await verifyTraffic(ctx, serviceId, written.expected, written.service);
  await recordAppliedTraffic(ctx, { serviceId, deploymentId, verified, rolledBack: purpose === "rollback" });
  if (purpose === "rollout") await recordLastTraffic(ctx, { serviceId, deploymentId, verified });
  return verified;
}
