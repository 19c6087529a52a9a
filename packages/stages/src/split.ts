/**
 * Small traffic helpers shared by the planners (pure).
 */
import {
  diffSplits,
  effectiveSplit,
  fromTrafficTargets,
  resolveLatest,
  type Service,
  type SplitChange,
  type SplitTarget,
  type TrafficSplit,
} from "@cr/cloudrun/pure";

/** Result of a planner: the plan, or why there is none (a domain failure, said in one line). */
export type PlanResult<T> = ({ ok: true } & T) | { ok: false; error: string };

/** Whether two splits route the same (per-target totals and tag owners; entry order ignored). */
export function sameSplit(a: TrafficSplit, b: TrafficSplit): boolean {
  return diffSplits(a, b).length === 0;
}

/** The traffic Cloud Run reports as applied (`trafficStatuses`); LATEST entries stay LATEST. */
export function appliedSplit(service: Pick<Service, "trafficStatuses">): TrafficSplit {
  return fromTrafficTargets(service.trafficStatuses);
}

/** The desired traffic with LATEST replaced by the latest ready revision; `undefined` when it cannot be resolved. */
export function resolvedSplit(service: Pick<Service, "traffic" | "latestReadyRevision">): TrafficSplit | undefined {
  try {
    return resolveLatest(effectiveSplit(service), service);
  } catch {
    return undefined;
  }
}

/** Percent a revision gets in a split (all its entries). */
export function percentOf(split: TrafficSplit, revision: string): number {
  return split.filter((t) => t.type === "REVISION" && t.revision === revision).reduce((sum, t) => sum + t.percent, 0);
}

/** `a → b` changes in one line, e.g. `helloworld-v2: 10% → 50%, tag canary: - → helloworld-v2`. */
export function describeChanges(changes: readonly SplitChange[]): string {
  if (changes.length === 0) return "no change";
  return changes
    .map((c) =>
      c.kind === "percent"
        ? `${c.target}: ${c.before}% → ${c.after}%`
        : `tag ${c.tag}: ${c.before ?? "-"} → ${c.after ?? "-"}`,
    )
    .join(", ");
}

/**
 * A split on one line, revisions by name, for reasons and summaries:
 * `helloworld-a 90% (tag blue), helloworld-b 10%`. Untagged 0 % entries are left out.
 */
export function formatSplitInline(split: readonly SplitTarget[]): string {
  const shown = split
    .filter((t) => t.percent > 0 || t.tag)
    .map(
      (t) => `${t.type === "LATEST" ? "LATEST" : (t.revision ?? "?")} ${t.percent}%${t.tag ? ` (tag ${t.tag})` : ""}`,
    )
    .sort();
  return shown.length > 0 ? shown.join(", ") : "nothing";
}
