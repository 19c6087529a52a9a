/**
 * CLOUDRUN_ROLLBACK planning (pure).
 */
import {
  diffSplits,
  effectiveSplit,
  restoreSplit,
  type Service,
  type SplitChange,
  shortName,
  type TrafficSnapshot,
  type TrafficSplit,
  validateSplit,
} from "@cr/cloudrun/pure";
import { type PlanResult, resolvedSplit } from "../split.js";

export type RollbackTarget =
  /** Restore the pre-deployment split exactly. */
  | { kind: "snapshot"; snapshot: TrafficSnapshot }
  /** Send 100 % to one revision, keeping every tag at 0 % on its revision. */
  | { kind: "revision"; revision: string };

export interface RollbackPlan {
  /** The desired traffic now (LATEST as LATEST). */
  current: TrafficSplit;
  /** Traffic to write. */
  next: TrafficSplit;
  /** Revisions that must exist (and be Ready) before writing. */
  requiredRevisions: string[];
  changes: SplitChange[];
  /** True when the service already routes like {@link next}. */
  noop: boolean;
  /** Secret-free notes for the log. */
  notes: string[];
}

/**
 * - snapshot: exactly the stored split (`restoreSplit`: every entry, tags and 0 % tagged entries
 *   included, LATEST restored as the revision it resolved to when the snapshot was taken); tags
 *   added since then are dropped, as they were not there before the deployment.
 * - revision: `[revision 100 %]` plus one 0 % entry per tag of the current traffic, on the same
 *   revision as now (a tag on LATEST is pinned to the latest ready revision; dropped with a note
 *   when there is none).
 */
export function planRollback(
  target: RollbackTarget,
  live: Pick<Service, "name" | "traffic" | "latestReadyRevision">,
): PlanResult<RollbackPlan> {
  const current = effectiveSplit(live);
  const service = shortName(live.name ?? "");
  const notes: string[] = [];
  let next: TrafficSplit;
  if (target.kind === "snapshot") {
    next = restoreSplit(target.snapshot);
  } else {
    const revision = shortName(target.revision);
    next = [{ type: "REVISION", revision, percent: 100 }];
    const resolved = resolvedSplit(live);
    if (resolved === undefined && current.some((t) => t.type === "LATEST" && t.tag)) {
      notes.push("a tag on LATEST is dropped: the service has no ready revision to pin it to");
    }
    for (const t of resolved ?? current.filter((c) => c.type === "REVISION")) {
      if (t.tag && t.revision) next.push({ type: "REVISION", revision: t.revision, percent: 0, tag: t.tag });
    }
  }
  const problems = validateSplit(next, service ? { service } : {});
  if (problems.length > 0) {
    return { ok: false, error: `the rollback traffic is invalid: ${problems.map((p) => p.message).join("; ")}` };
  }
  const requiredRevisions = [...new Set(next.map((t) => t.revision as string))];
  const changes = diffSplits(current, next);
  return { ok: true, current, next, requiredRevisions, changes, noop: changes.length === 0, notes };
}
