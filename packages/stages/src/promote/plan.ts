/**
 * One step of the CLOUDRUN_PROMOTE stage, planned (pure) with the traffic rule `promote` of
 * `@cr/cloudrun/pure`, which does the percent math; this file resolves LATEST and says why a step cannot be made.
 */
import {
  diffSplits,
  effectiveSplit,
  splitForCandidate as promote,
  resolveLatest,
  type Service,
  type SplitChange,
  shortName,
  TrafficError,
  type TrafficSplit,
} from "@cr/cloudrun/pure";
import type { PlanResult } from "../split.js";

export interface PromotePlan {
  /** The desired traffic now (LATEST as LATEST). */
  current: TrafficSplit;
  /** Traffic to write: `percent` to the candidate, the rest shared by the revisions serving now. */
  next: TrafficSplit;
  changes: SplitChange[];
  /** True when the service already routes like {@link next}: nothing to write. */
  noop: boolean;
}

/**
 * Gives the candidate `percent` and shares the remaining traffic among the revisions that serve now,
 * in proportion to their current shares (largest-remainder rounding, see `promote`); every tag is
 * kept. LATEST is resolved to the latest ready revision first. Decreasing steps (50 → 30) are
 * allowed. Fails when the traffic cannot be resolved or when `percent < 100` and nothing else
 * serves to take the rest.
 */
export function planPromoteStep(
  live: Pick<Service, "name" | "traffic" | "latestReadyRevision">,
  candidate: string,
  percent: number,
): PlanResult<PromotePlan> {
  const current = effectiveSplit(live);
  const service = shortName(live.name ?? "");
  try {
    const next = promote(resolveLatest(current, live), candidate, percent);
    const changes = diffSplits(current, next);
    return { ok: true, current, next, changes, noop: changes.length === 0 };
  } catch (e) {
    if (!(e instanceof TrafficError)) throw e;
    return { ok: false, error: `cannot give ${candidate} ${percent}% of ${service || "the service"}: ${e.message}` };
  }
}
