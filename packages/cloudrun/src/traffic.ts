/**
 * Traffic math (pure): the short split form, its conversion to and from the model, and LATEST
 * resolution. The candidate rule is in traffic-candidate.ts, checks and diffs in traffic-check.ts,
 * rollback snapshots in traffic-snapshot.ts.
 *
 * The short form uses `type: "LATEST" | "REVISION"` and always carries an integer `percent`;
 * {@link fromTrafficTargets} / {@link toTrafficTargets} convert to and from the model's
 * `TrafficTarget` (v2 enum names). Revision names in a split are short ids
 * (`svc-00001-abc`); converters reduce full resource names to their last segment.
 */
import { type Service, shortName, type TrafficTarget, type TrafficTargetAllocationType } from "./model.js";

export type SplitTargetType = "LATEST" | "REVISION";

/** One entry of a traffic split in the short form. */
export interface SplitTarget {
  type: SplitTargetType;
  /** Short revision id; required for REVISION, absent for LATEST. */
  revision?: string;
  /** Integer 0..100. */
  percent: number;
  tag?: string;
}

/** A traffic split in the short form. */
export type TrafficSplit = SplitTarget[];

/** Why a traffic function refused its input. */
export type TrafficErrorCode =
  | "UNRESOLVED_LATEST"
  | "INVALID_PERCENT"
  | "INVALID_CANDIDATE"
  | "NOTHING_TO_SHIFT_FROM"
  | "INVALID_TARGET";

/** Thrown by traffic functions when their input makes the requested operation impossible. */
export class TrafficError extends Error {
  override readonly name = "TrafficError";
  readonly code: TrafficErrorCode;
  constructor(code: TrafficErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

// ---------------------------------------------------------------------------------------------
// Conversion
// ---------------------------------------------------------------------------------------------

export function splitTypeOf(
  type: TrafficTargetAllocationType | undefined,
  revision: string | undefined,
): SplitTargetType {
  if (type === "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST") return "LATEST";
  if (type === "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION") return "REVISION";
  // UNSPECIFIED / absent: a named revision means REVISION, otherwise LATEST.
  return revision ? "REVISION" : "LATEST";
}

/**
 * Model traffic entries → short split. `TRAFFIC_TARGET_ALLOCATION_TYPE_UNSPECIFIED` (or no type)
 * is read as REVISION when a revision is named, else LATEST. Revision names are shortened to their
 * last path segment; a LATEST entry drops any revision it carries (see {@link snapshotSplit} for
 * status entries, where that revision is the resolved one). Absent percent = 0. Empty tag = none.
 * An empty or absent list converts to an empty split (use {@link effectiveSplit} for the API
 * meaning "100 % LATEST").
 */
export function fromTrafficTargets(targets: readonly TrafficTarget[] | undefined): TrafficSplit {
  return (targets ?? []).map((t) => {
    const type = splitTypeOf(t.type, t.revision);
    const out: SplitTarget = { type, percent: t.percent ?? 0 };
    if (type === "REVISION" && t.revision) out.revision = shortName(t.revision);
    if (t.tag) out.tag = t.tag;
    return out;
  });
}

/** Short split → model traffic entries (v2 enum names), ready to send. */
export function toTrafficTargets(split: readonly SplitTarget[]): TrafficTarget[] {
  return split.map((t) => {
    const out: TrafficTarget = {
      type: t.type === "LATEST" ? "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST" : "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION",
    };
    if (t.type === "REVISION" && t.revision !== undefined) out.revision = t.revision;
    out.percent = t.percent;
    if (t.tag) out.tag = t.tag;
    return out;
  });
}

/** The service's desired traffic as a split; empty/absent traffic means 100 % LATEST (v2 semantics). */
export function effectiveSplit(service: Pick<Service, "traffic">): TrafficSplit {
  const split = fromTrafficTargets(service.traffic);
  return split.length > 0 ? split : [{ type: "LATEST", percent: 100 }];
}

// ---------------------------------------------------------------------------------------------
// Canonical merging and LATEST resolution
// ---------------------------------------------------------------------------------------------

function keyOf(t: SplitTarget): string {
  return t.type === "LATEST" ? "LATEST" : `r:${t.revision ?? ""}`;
}

/**
 * One percent-bearing entry per target: the first entry of a target with percent > 0 carries
 * the target's total; its other percent-bearing entries drop to 0 % and are kept only when tagged.
 * Order and tags are preserved.
 */
export function mergeDuplicates(split: readonly SplitTarget[]): TrafficSplit {
  const totals = new Map<string, number>();
  for (const t of split) totals.set(keyOf(t), (totals.get(keyOf(t)) ?? 0) + t.percent);
  const carried = new Set<string>();
  const out: TrafficSplit = [];
  for (const t of split) {
    const key = keyOf(t);
    if (t.percent > 0 && !carried.has(key)) {
      carried.add(key);
      out.push({ ...t, percent: totals.get(key) ?? t.percent });
    } else if (t.percent > 0) {
      if (t.tag) out.push({ ...t, percent: 0 });
    } else {
      out.push({ ...t });
    }
  }
  return out;
}

/**
 * Replaces every LATEST entry with a REVISION entry for the service's latest **ready** revision
 * (tags and percents kept), then merges entries that now name the same revision (the first
 * percent-bearing entry carries the sum; the others keep their tags at 0 % or disappear when
 * untagged). Throws `TrafficError("UNRESOLVED_LATEST")` when a LATEST entry exists and the service
 * has no `latestReadyRevision`.
 */
export function resolveLatest(
  split: readonly SplitTarget[],
  service: Pick<Service, "latestReadyRevision">,
): TrafficSplit {
  if (!split.some((t) => t.type === "LATEST")) return split.map((t) => ({ ...t }));
  const ready = service.latestReadyRevision ? shortName(service.latestReadyRevision) : "";
  if (ready === "") {
    throw new TrafficError(
      "UNRESOLVED_LATEST",
      "the traffic has a LATEST target but the service has no latest ready revision to resolve it to",
    );
  }
  return mergeDuplicates(
    split.map((t) => (t.type === "LATEST" ? { ...t, type: "REVISION", revision: ready } : { ...t })),
  );
}
