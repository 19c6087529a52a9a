/**
 * The executor side shared by the stages: cancellation checks, port calls that turn rejections into
 * FAILURE outcomes, metadata helpers, the traffic write with etag-conflict handling and its
 * verification (pruning is in prune.ts). Nothing here decides WHAT to do; the planners in ../plan do.
 */

import {
  diffSplits,
  effectiveSplit,
  formatSplit,
  type Service,
  type TrafficSplit,
  toTrafficTargets,
} from "@cr/cloudrun/pure";
import {
  APP_OBJECT_APPLIED_TRAFFIC,
  METADATA_CANDIDATE_REVISION,
  METADATA_LAST_TRAFFIC,
  METADATA_SERVICE_ID,
  METADATA_TRAFFIC_SNAPSHOT,
} from "../metadata-keys.js";
import {
  type AppliedTrafficRecord,
  appliedTrafficRecord,
  parseAppliedTraffic,
  serializeAppliedTraffic,
} from "../plan/applied-traffic.js";
import { type PreDeploymentRecord, parseRecord, serializeRecord } from "../plan/record.js";
import { appliedSplit, describeChanges, type PlanResult, sameSplit } from "../plan/traffic.js";
import type { PortError, StageDeps } from "../ports.js";
import { PROMOTE_STAGE } from "../stage-names.js";
import type { StageOutcome } from "../types.js";
import { isUnclearOutcome, trafficAfterUnclearWrite } from "./read-back.js";

/** Thrown inside a stage to end it with an outcome; caught by {@link runStage}. Never escapes. */
class StageStop extends Error {
  override readonly name = "StageStop";
  constructor(readonly outcome: StageOutcome) {
    super(outcome.summary);
  }
}

export const CANCELLED_SUMMARY = "cancelled";

/** Runs a stage body, turning {@link StageStop} into its outcome; other errors are bugs and propagate. */
export async function runStage(deps: StageDeps, body: (ctx: StageContext) => Promise<StageOutcome>) {
  const ctx = new StageContext(deps);
  try {
    ctx.checkCancelled();
    return await body(ctx);
  } catch (e) {
    if (e instanceof StageStop) return e.outcome;
    throw e;
  }
}

export type Attempt<T> = { ok: true; value: T } | { ok: false; error: PortError };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/** Reads a port rejection structurally: `{code, message}`; anything else becomes code "Unknown". */
export function toPortError(error: unknown): PortError {
  if (isRecord(error) && typeof error.code === "string") {
    const out: PortError = { code: error.code, message: typeof error.message === "string" ? error.message : "" };
    if (typeof error.reason === "string") out.reason = error.reason;
    if (error.afterAccepted === true) out.afterAccepted = true;
    return out;
  }
  if (error instanceof Error) {
    return { code: error.name === "AbortError" ? "Cancelled" : "Unknown", message: error.message };
  }
  return { code: "Unknown", message: String(error) };
}

export function describePortError(error: PortError): string {
  return error.message ? `${error.code}: ${error.message}` : error.code;
}

export class StageContext {
  readonly log: StageDeps["log"];
  readonly signal: AbortSignal;
  readonly cloudRun: StageDeps["cloudRun"];
  readonly metadata: StageDeps["metadata"];
  private readonly deps: StageDeps;

  constructor(deps: StageDeps) {
    this.deps = deps;
    this.log = deps.log;
    this.signal = deps.signal;
    this.cloudRun = deps.cloudRun;
    this.metadata = deps.metadata;
  }

  now(): Date {
    return this.deps.clock?.now() ?? new Date();
  }

  /** Ends the stage with FAILURE, logging `message` as an error line. */
  fail(message: string): never {
    this.log.error(message);
    throw new StageStop({ status: "FAILURE", summary: message });
  }

  /** Ends the stage with another status (SUCCESS / SKIPPED), logging nothing. */
  finish(outcome: StageOutcome): never {
    throw new StageStop(outcome);
  }

  /** Ends the stage with FAILURE "cancelled" when the signal aborted. Called before every port call. */
  checkCancelled(): void {
    if (!this.signal.aborted) return;
    this.log.error("Cancelled: the stage was asked to stop; no further change is made.");
    throw new StageStop({ status: "FAILURE", summary: CANCELLED_SUMMARY });
  }

  /** Calls a port; a rejection is returned (after abort: the stage ends "cancelled"). */
  async attempt<T>(call: () => Promise<T>): Promise<Attempt<T>> {
    this.checkCancelled();
    try {
      return { ok: true, value: await call() };
    } catch (e) {
      this.checkCancelled();
      const error = toPortError(e);
      if (error.code === "Cancelled") this.checkCancelledAnyway();
      return { ok: false, error };
    }
  }

  /** Calls a port; a rejection ends the stage with FAILURE `<what> failed: <code>: <message>`. */
  async call<T>(what: string, call: () => Promise<T>): Promise<T> {
    const r = await this.attempt(call);
    if (!r.ok) this.fail(`${what} failed: ${describePortError(r.error)}`);
    return r.value;
  }

  /** A port said "Cancelled" without our signal aborting (e.g. the adapter's own shutdown). */
  private checkCancelledAnyway(): never {
    this.log.error("Cancelled: a Cloud Run call was cancelled; no further change is made.");
    throw new StageStop({ status: "FAILURE", summary: CANCELLED_SUMMARY });
  }

  info(message: string): void {
    this.log.info(message);
  }
}

// ---------------------------------------------------------------------------------------------
// Metadata
// ---------------------------------------------------------------------------------------------

async function getKey(ctx: StageContext, key: string): Promise<string | undefined> {
  const value = await ctx.call(`reading deployment metadata ${key}`, () => ctx.metadata.get(key));
  return value === undefined || value === "" ? undefined : value;
}

/** The stored pre-deployment record; FAILURE when it is there but unreadable. */
export async function readRecord(ctx: StageContext): Promise<PreDeploymentRecord | undefined> {
  const text = await getKey(ctx, METADATA_TRAFFIC_SNAPSHOT);
  if (text === undefined) return undefined;
  const parsed = parseRecord(text);
  if (!parsed.ok) ctx.fail(`the stored pre-deployment snapshot is unreadable: ${parsed.problems.join("; ")}`);
  return parsed.record;
}

export async function writeRecord(ctx: StageContext, record: PreDeploymentRecord): Promise<void> {
  await ctx.call(`storing the pre-deployment snapshot`, () =>
    ctx.metadata.put(METADATA_TRAFFIC_SNAPSHOT, serializeRecord(record)),
  );
}

export interface DeploymentIds {
  serviceId?: string;
  candidate?: string;
}

export async function readIds(ctx: StageContext): Promise<DeploymentIds> {
  const ids: DeploymentIds = {};
  const serviceId = await getKey(ctx, METADATA_SERVICE_ID);
  const candidate = await getKey(ctx, METADATA_CANDIDATE_REVISION);
  if (serviceId !== undefined) ids.serviceId = serviceId;
  if (candidate !== undefined) ids.candidate = candidate;
  return ids;
}

/** Stores the service id and candidate, skipping values already stored (no needless writes on a re-run). */
export async function writeIds(ctx: StageContext, stored: DeploymentIds, ids: Required<DeploymentIds>) {
  if (stored.serviceId !== ids.serviceId) {
    await ctx.call(`storing deployment metadata ${METADATA_SERVICE_ID}`, () =>
      ctx.metadata.put(METADATA_SERVICE_ID, ids.serviceId),
    );
  }
  if (stored.candidate !== ids.candidate) {
    await ctx.call(`storing deployment metadata ${METADATA_CANDIDATE_REVISION}`, () =>
      ctx.metadata.put(METADATA_CANDIDATE_REVISION, ids.candidate),
    );
  }
}

export async function putStageOutputs(ctx: StageContext, outputs: Record<string, string | undefined>) {
  const record: Record<string, string> = {};
  for (const [k, v] of Object.entries(outputs)) if (v !== undefined && v !== "") record[k] = v;
  await ctx.call("storing the stage outputs", () => ctx.metadata.putStage(record));
}

// ---------------------------------------------------------------------------------------------
// Traffic writes
// ---------------------------------------------------------------------------------------------

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
 * Writes the planned traffic with the etag read (G5). On `Aborted`: reads the service again once;
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

export interface AppliedTraffic {
  serviceId: string;
  deploymentId: string;
  /** The service the traffic verification passed on. */
  verified: Service;
  rolledBack: boolean;
}

/**
 * Records the verified split as the application object live state compares against. Best effort:
 * the traffic is already in place, so a failure is an error line, not a failed stage (live state
 * then compares with the previous record until the next traffic write).
 */
export async function recordAppliedTraffic(ctx: StageContext, applied: AppliedTraffic): Promise<void> {
  const record = appliedTrafficRecord(applied.serviceId, applied.deploymentId, applied.verified, applied.rolledBack);
  if (!record.ok) {
    ctx.log.error(`Could not record the applied traffic for drift detection: ${record.problem}`);
    return;
  }
  const r = await ctx.attempt(() =>
    ctx.metadata.putAppObject(APP_OBJECT_APPLIED_TRAFFIC, serializeAppliedTraffic(record.record)),
  );
  if (!r.ok) {
    ctx.log.error(
      `Could not record the applied traffic for drift detection (${describePortError(r.error)}); live state may report this split as drift until the next traffic change`,
    );
  }
}

export type LastTraffic =
  | { kind: "none" }
  | { kind: "recorded"; record: AppliedTrafficRecord }
  | { kind: "unreadable"; problem: string };

/**
 * The split this deployment last wrote (deployment metadata `last-traffic`). A failed read ends the
 * stage like any metadata read; an unreadable value is returned for the caller to judge.
 */
export async function readLastTraffic(ctx: StageContext): Promise<LastTraffic> {
  const text = await getKey(ctx, METADATA_LAST_TRAFFIC);
  if (text === undefined) return { kind: "none" };
  const parsed = parseAppliedTraffic(text);
  return parsed.ok ? { kind: "recorded", record: parsed.record } : { kind: "unreadable", problem: parsed.problem };
}

/**
 * Records the verified split as the one this deployment last wrote (deployment metadata
 * `last-traffic`), for the drift check of the next CLOUDRUN_PROMOTE. A failed write fails the stage
 * (the next step would otherwise compare with an older split). When the split cannot be recorded,
 * the stored one is cleared, so that no older split is compared.
 */
export async function recordLastTraffic(ctx: StageContext, applied: Omit<AppliedTraffic, "rolledBack">) {
  const record = appliedTrafficRecord(applied.serviceId, applied.deploymentId, applied.verified, false);
  if (!record.ok) {
    ctx.info(
      `Could not record the split this deployment wrote (${record.problem}); the next ${PROMOTE_STAGE} cannot check it for manual changes`,
    );
  }
  const value = record.ok ? serializeAppliedTraffic(record.record) : "";
  await ctx.call(`storing deployment metadata ${METADATA_LAST_TRAFFIC}`, () =>
    ctx.metadata.put(METADATA_LAST_TRAFFIC, value),
  );
}

/** The URL Cloud Run reports for a tag, if any. */
export function tagUrl(service: Service, tag: string | undefined): string | undefined {
  if (tag === undefined) return undefined;
  return service.trafficStatuses?.find((t) => t.tag === tag)?.uri;
}

export function serviceUrl(service: Service): string | undefined {
  return service.uri ?? service.urls?.[0];
}
