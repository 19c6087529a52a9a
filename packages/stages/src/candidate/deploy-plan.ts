/**
 * CLOUDRUN_SYNC planning (pure): what to write, with which traffic, and where traffic ends.
 */
import {
  effectiveSplit,
  splitForCandidate as promote,
  resolveLatest,
  type Service,
  shortName,
  TrafficError,
  type TrafficSplit,
  tagProblems,
  toTrafficTargets,
} from "@cr/cloudrun/pure";
import { type PreDeploymentRecord, recordFromLive } from "../records/pre-deployment.js";
import { type PlanResult, percentOf, sameSplit } from "../split.js";
import type { DesiredService } from "./desired.js";
import { PIPECD_LABEL_KEYS } from "./labels.js";

export interface SyncTrafficOptions {
  /** Keep the current split; the candidate gets 0 % (or keeps what it already has on a re-run). */
  skipTrafficShift: boolean;
  /** Traffic tag for the candidate (its own URL). Moves to the candidate if another revision holds it. */
  tag?: string;
}

export interface ApplyStep {
  kind: "create" | "update";
  /** The desired service with its traffic filled in (pinned, see {@link SyncPlan.pinnedTraffic}). */
  service: Service;
  /** The etag read, for an update. */
  etag?: string;
}

export interface SyncPlan {
  serviceId: string;
  candidate: string;
  /** The pre-deployment record to rely on: the stored one when there is one, else one from `live`. */
  record: PreDeploymentRecord;
  /** True when {@link record} is new and must be stored BEFORE the first mutation. */
  writeRecord: boolean;
  /**
   * The write that creates the candidate; absent when the live service already runs the candidate's
   * template (a re-run after the write), so nothing needs writing.
   */
  apply?: ApplyStep;
  /**
   * Traffic sent with the write: the current split with LATEST pinned to its concrete revision, so
   * the new revision gets 0 % (no traffic to a revision that is not Ready). A new service gets LATEST 100 % (its only revision, routed only
   * once Ready); a live LATEST that cannot be resolved (no ready revision) is kept as LATEST. With
   * `skipTrafficShift` on an existing service this already is {@link finalTraffic} (the candidate's
   * tag on a 0 % entry), so the write that creates the candidate is the only one.
   */
  pinnedTraffic: TrafficSplit;
  /** Where traffic should end once the candidate is Ready (as predicted now; recomputed then). */
  finalTraffic: TrafficSplit;
  /** Secret-free notes for the log. */
  notes: string[];
}

/**
 * Traffic once the candidate is Ready, from the current split (LATEST resolved):
 * - default: 100 % to the candidate, every tagged entry kept at 0 % on its revision (a tag is never dropped);
 * - `skipTrafficShift`: the split unchanged (the candidate keeps what it has, usually 0 %).
 * With `tag`, the candidate carries the tag (on its 100 % entry, or a 0 % tagged entry).
 */
export function shiftTraffic(resolved: TrafficSplit, candidate: string, options: SyncTrafficOptions): TrafficSplit {
  const tagOption = options.tag === undefined ? {} : { tag: options.tag };
  if (!options.skipTrafficShift) return promote(resolved, candidate, 100, tagOption);
  // promote() with the candidate's current share reproduces every other share exactly (each gets
  // rest × own / rest) and applies the tag rules; it only drops untagged 0 % entries.
  return promote(resolved, candidate, percentOf(resolved, candidate), tagOption);
}

/**
 * Plans a sync. `live` is the service as read now (`null`: it does not exist), `desired` comes from
 * {@link buildDesiredService}, `stored` is the record already in deployment metadata, if any (it is
 * never replaced: a re-run must not take a second snapshot).
 */
export function planSync(
  live: Service | null,
  desired: Pick<DesiredService, "serviceId" | "candidate" | "service">,
  stored: PreDeploymentRecord | undefined,
  options: SyncTrafficOptions,
): PlanResult<SyncPlan> {
  const { serviceId, candidate } = desired;
  const notes: string[] = [];
  if (options.tag !== undefined) {
    const problems = tagProblems(options.tag, serviceId);
    if (problems.length > 0) return { ok: false, error: `invalid tag "${options.tag}": ${problems.join("; ")}` };
  }
  if (stored !== undefined && stored.service !== serviceId) {
    return {
      ok: false,
      error: `the pre-deployment snapshot of this deployment is for service ${stored.service}, but the manifest now names ${serviceId}`,
    };
  }
  const record = stored ?? recordFromLive(serviceId, live);
  if (record.note !== undefined && stored === undefined) notes.push(record.note);

  if (live === null) {
    const pinnedTraffic: TrafficSplit = [{ type: "LATEST", percent: 100 }];
    notes.push(`service ${serviceId} does not exist: it will be created and its first revision gets all traffic`);
    return {
      ok: true,
      serviceId,
      candidate,
      record,
      writeRecord: stored === undefined,
      apply: { kind: "create", service: withTraffic(desired.service, pinnedTraffic) },
      pinnedTraffic,
      finalTraffic: shiftTraffic([{ type: "REVISION", revision: candidate, percent: 100 }], candidate, options),
      notes,
    };
  }

  const current = effectiveSplit(live);
  let pinnedTraffic: TrafficSplit;
  try {
    pinnedTraffic = resolveLatest(current, live);
  } catch (e) {
    if (!(e instanceof TrafficError)) throw e;
    pinnedTraffic = current;
    notes.push(
      `the current traffic has a LATEST target that no ready revision backs; it stays LATEST (Cloud Run routes LATEST only to a ready revision)`,
    );
  }

  let finalTraffic: TrafficSplit;
  try {
    // Once the candidate is Ready it is the latest ready revision.
    finalTraffic = shiftTraffic(resolveLatest(pinnedTraffic, { latestReadyRevision: candidate }), candidate, options);
  } catch (e) {
    if (!(e instanceof TrafficError)) throw e;
    return { ok: false, error: `cannot plan the traffic of ${serviceId}: ${e.message}` };
  }

  if (options.skipTrafficShift && !pinnedTraffic.some((t) => t.type === "LATEST")) pinnedTraffic = finalTraffic;
  const plan: SyncPlan = {
    serviceId,
    candidate,
    record,
    writeRecord: stored === undefined,
    pinnedTraffic,
    finalTraffic,
    notes,
  };
  if (runsCandidate(live, desired)) {
    notes.push(`service ${serviceId} already runs the template of ${candidate}: nothing to write`);
  } else {
    plan.apply = { kind: "update", service: withTraffic(desired.service, pinnedTraffic) };
    if (live.etag) plan.apply.etag = live.etag;
  }
  return { ok: true, ...plan };
}

/**
 * Whether the live service's template already is the candidate's: same revision name (Cloud Run
 * keeps a name bound to one template) and the same PipeCD labels (so the same deployment).
 */
export function runsCandidate(live: Service, desired: Pick<DesiredService, "candidate" | "service">): boolean {
  if (shortName(live.template?.revision ?? "") !== desired.candidate) return false;
  const want = desired.service.template.labels ?? {};
  const have = live.template?.labels ?? {};
  return PIPECD_LABEL_KEYS.every((key) => have[key] === want[key]);
}

export interface SyncTrafficPlan {
  /** The desired traffic now (LATEST as LATEST). */
  current: TrafficSplit;
  /** Traffic to write. */
  next: TrafficSplit;
  /** False when `next` routes exactly like `current`: no write needed. */
  changed: boolean;
}

/** The traffic step of a sync, from the service as read once the candidate is Ready. */
export function planSyncTraffic(
  ready: Service,
  candidate: string,
  options: SyncTrafficOptions,
): PlanResult<SyncTrafficPlan> {
  const current = effectiveSplit(ready);
  try {
    const next = shiftTraffic(resolveLatest(current, ready), candidate, options);
    return { ok: true, current, next, changed: !sameSplit(current, next) };
  } catch (e) {
    if (!(e instanceof TrafficError)) throw e;
    return { ok: false, error: `cannot plan the traffic of ${shortName(ready.name ?? "")}: ${e.message}` };
  }
}

function withTraffic(service: Service, traffic: TrafficSplit): Service {
  return { ...service, traffic: toTrafficTargets(traffic) };
}
