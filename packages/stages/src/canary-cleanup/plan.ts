/**
 * CLOUDRUN_CANARY_CLEANUP planning (pure): a thin, total wrapper around `planPrune`.
 */
import { PruneOptionsError, type PrunePlan, planPrune, type Revision, type Service } from "@cr/cloudrun/pure";
import type { PlanResult } from "../split.js";

export interface CleanupOptions {
  keepCount: number;
  keepLatest: boolean;
  /** Short ids never to delete: the snapshot's revisions and the candidate. */
  protected: readonly string[];
}

/**
 * Which revisions to delete and which to keep (with reasons). Never deletes a revision that serves,
 * is tagged, is the latest created/ready one, is protected, or is among the newest `keepCount`.
 */
export function planCleanup(
  revisions: readonly Pick<Revision, "name" | "createTime">[],
  live: Pick<Service, "traffic" | "trafficStatuses" | "latestCreatedRevision" | "latestReadyRevision">,
  options: CleanupOptions,
): PlanResult<{ plan: PrunePlan }> {
  try {
    const plan = planPrune(
      revisions.map((r) =>
        r.createTime === undefined ? { name: r.name } : { name: r.name, createTime: r.createTime },
      ),
      live,
      { keepCount: options.keepCount, keepLatest: options.keepLatest, protected: options.protected },
    );
    return { ok: true, plan };
  } catch (e) {
    if (!(e instanceof PruneOptionsError)) throw e;
    return { ok: false, error: e.message };
  }
}
