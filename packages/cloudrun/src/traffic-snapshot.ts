/**
 * Rollback snapshots of the traffic serving now (pure): taken before a deployment writes, stored
 * as JSON, parsed back and restored as a split.
 */
import { type Service, shortName, type TrafficTarget, type TrafficTargetStatus } from "./model.js";
import { mergeDuplicates, type SplitTarget, splitTypeOf, TrafficError, type TrafficSplit } from "./traffic.js";
import { validateSplit } from "./traffic-check.js";

export interface SnapshotTarget {
  /** Concrete short revision id (LATEST already resolved). */
  revision: string;
  percent: number;
  tag?: string;
  /** The entry was a LATEST target when the snapshot was taken. */
  wasLatest?: true;
}

/** The traffic serving at one moment, as stored for rollback (JSON). */
export interface TrafficSnapshot {
  version: 1;
  /** Short service id, when known. */
  service?: string;
  /** Where the entries came from: applied traffic, desired traffic, or the empty-traffic default. */
  source: "trafficStatuses" | "traffic" | "default";
  targets: SnapshotTarget[];
}

type SnapshotView = Pick<Service, "name" | "traffic" | "trafficStatuses" | "latestReadyRevision">;

/**
 * A JSON-serialisable record of the traffic currently serving, for rollback.
 *
 * Source: `trafficStatuses` (the traffic actually applied — during or after a failed rollout it
 * still describes the last serving state) when non-empty, else `traffic`, else the v2 default of
 * 100 % LATEST. LATEST entries are stored resolved: a status entry uses the revision it reports,
 * otherwise the service's `latestReadyRevision`. Entries naming the same revision are merged as in
 * {@link resolveLatest}. Throws `TrafficError("UNRESOLVED_LATEST")` when a LATEST entry cannot be
 * resolved.
 */
export function snapshotSplit(service: SnapshotView): TrafficSnapshot {
  const statuses: readonly TrafficTargetStatus[] = service.trafficStatuses ?? [];
  const traffic: readonly TrafficTarget[] = service.traffic ?? [];
  const source: TrafficSnapshot["source"] =
    statuses.length > 0 ? "trafficStatuses" : traffic.length > 0 ? "traffic" : "default";
  const entries: readonly TrafficTarget[] =
    source === "trafficStatuses"
      ? statuses
      : source === "traffic"
        ? traffic
        : [{ type: "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST", percent: 100 }];
  const ready = service.latestReadyRevision ? shortName(service.latestReadyRevision) : "";

  const latestFlags: boolean[] = [];
  const split: TrafficSplit = entries.map((e) => {
    const type = splitTypeOf(e.type, e.revision);
    latestFlags.push(type === "LATEST");
    let revision = e.revision ? shortName(e.revision) : "";
    if (type === "LATEST" && (source !== "trafficStatuses" || revision === "")) revision = ready;
    if (revision === "") {
      throw new TrafficError(
        "UNRESOLVED_LATEST",
        "cannot snapshot traffic: a LATEST target has no concrete revision and the service has no latest ready revision",
      );
    }
    const t: SplitTarget = { type: "REVISION", revision, percent: e.percent ?? 0 };
    if (e.tag) t.tag = e.tag;
    return t;
  });
  // Carry the LATEST flag through merging by position.
  const flagged = split.map((t, i) => ({ ...t, wasLatest: latestFlags[i] === true }));
  const merged = mergeDuplicates(flagged) as (SplitTarget & { wasLatest: boolean })[];
  const targets = merged.map((t) => {
    const s: SnapshotTarget = { revision: t.revision as string, percent: t.percent };
    if (t.tag) s.tag = t.tag;
    if (t.wasLatest) s.wasLatest = true;
    return s;
  });
  const snapshot: TrafficSnapshot = { version: 1, source, targets };
  if (service.name) snapshot.service = shortName(service.name);
  return snapshot;
}

/**
 * Exactly the traffic to send back to restore a snapshot: one REVISION entry per snapshot entry,
 * in order, with its percent and tag (0 % tagged entries included). LATEST is never restored as
 * LATEST: by rollback time the latest revision is usually the candidate being rolled back.
 */
export function restoreSplit(snapshot: TrafficSnapshot): TrafficSplit {
  return snapshot.targets.map((t) => {
    const out: SplitTarget = { type: "REVISION", revision: t.revision, percent: t.percent };
    if (t.tag) out.tag = t.tag;
    return out;
  });
}

export type SnapshotParseResult = { ok: true; snapshot: TrafficSnapshot } | { ok: false; problems: string[] };

/** Validates untrusted data (e.g. JSON read back from deployment metadata) as a snapshot. */
export function parseTrafficSnapshot(value: unknown): SnapshotParseResult {
  const problems: string[] = [];
  const isRecord = (v: unknown): v is Record<string, unknown> =>
    typeof v === "object" && v !== null && !Array.isArray(v);
  if (!isRecord(value)) return { ok: false, problems: ["the snapshot is not an object"] };
  if (value.version !== 1) problems.push("unsupported snapshot version");
  if (value.source !== "trafficStatuses" && value.source !== "traffic" && value.source !== "default")
    problems.push("bad snapshot source");
  if (value.service !== undefined && typeof value.service !== "string") problems.push("bad snapshot service");
  if (!Array.isArray(value.targets)) {
    problems.push("the snapshot has no targets list");
    return { ok: false, problems };
  }
  const targets: SnapshotTarget[] = [];
  value.targets.forEach((t: unknown, i: number) => {
    if (!isRecord(t) || typeof t.revision !== "string" || t.revision === "") {
      problems.push(`target ${i}: needs a revision name`);
      return;
    }
    if (typeof t.percent !== "number" || !Number.isInteger(t.percent) || t.percent < 0 || t.percent > 100) {
      problems.push(`target ${i}: percent must be an integer from 0 to 100`);
      return;
    }
    if (t.tag !== undefined && typeof t.tag !== "string") {
      problems.push(`target ${i}: tag must be a string`);
      return;
    }
    const s: SnapshotTarget = { revision: t.revision, percent: t.percent };
    if (typeof t.tag === "string" && t.tag !== "") s.tag = t.tag;
    if (t.wasLatest === true) s.wasLatest = true;
    targets.push(s);
  });
  if (problems.length === 0) {
    for (const p of validateSplit(restoreSplit({ version: 1, source: "traffic", targets })))
      problems.push(p.index === null ? p.message : `target ${p.index}: ${p.message}`);
  }
  if (problems.length > 0) return { ok: false, problems };
  const snapshot: TrafficSnapshot = {
    version: 1,
    source: value.source as TrafficSnapshot["source"],
    targets,
  };
  if (typeof value.service === "string") snapshot.service = value.service;
  return { ok: true, snapshot };
}
