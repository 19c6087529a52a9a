/**
 * Deleting old revisions (CLOUDRUN_CANARY_CLEANUP, SYNC `prune`): best effort. The rollout is done
 * by then, so nothing here fails a stage: a failed list or delete is a warning line, and the
 * result says what was and was not deleted. Only cancellation ends the stage.
 */
import { type KeepReason, type Service, shortName } from "@cr/cloudrun/pure";
import { planCleanup } from "../canary-cleanup/plan.js";
import { describePortError, type StageContext, toPortError } from "../executor/context.js";

/** Deletes run this many at a time: quick on services with many revisions, gentle on the API quota. */
export const DELETE_CONCURRENCY = 8;

export interface PruneOptions {
  keepCount: number;
  keepLatest: boolean;
  /** This deployment's revision: never deleted. */
  candidate: string;
  /** Revisions recorded as serving before this deployment: never deleted. */
  servedBefore: readonly string[];
}

export interface PruneResult {
  deleted: string[];
  /** Revisions planned for deletion that are still there (the delete failed). */
  failed: string[];
  kept: string[];
}

const REASON_TEXT: Record<Exclude<KeepReason, "protected">, string> = {
  serving: "serves traffic",
  tagged: "carries a tag",
  "latest-created": "latest created revision",
  "latest-ready": "latest ready revision",
  "unknown-age": "creation time unknown",
  newest: "newest revision (keepLatest)",
  "keep-count": "among the most recent (keepCount)",
};

/** Writes a warning: the stage log has no warning level, so an info line that says so. */
export function warn(ctx: StageContext, message: string): void {
  ctx.info(`Warning: ${message}`);
}

function keepReasons(name: string, reasons: readonly KeepReason[], options: PruneOptions): string {
  return reasons
    .map((reason) => {
      if (reason !== "protected") return REASON_TEXT[reason];
      return name === options.candidate ? "this deployment's revision" : "served before this deployment";
    })
    .join(", ");
}

/**
 * Lists the revisions, plans with `planCleanup` (its keepCount must already be valid) and deletes
 * the planned ones {@link DELETE_CONCURRENCY} at a time. Logs every kept revision with its reasons,
 * one line per deletion, and a summary. Between deletes it honours cancellation: no new delete
 * starts once the signal aborted, and the stage ends "cancelled" after the running ones finished.
 */
export async function pruneRevisions(
  ctx: StageContext,
  serviceId: string,
  live: Service,
  options: PruneOptions,
): Promise<PruneResult> {
  const listed = await ctx.attempt(() => ctx.cloudRun.listRevisions(serviceId, ctx.signal));
  if (!listed.ok) {
    warn(ctx, `listing the revisions of ${serviceId} failed (${describePortError(listed.error)}): nothing deleted`);
    return { deleted: [], failed: [], kept: [] };
  }
  const revisions = listed.value;
  const { keepCount, keepLatest } = options;
  const planned = planCleanup(revisions, live, {
    keepCount,
    keepLatest,
    protected: [...options.servedBefore, options.candidate],
  });
  if (!planned.ok) ctx.fail(`cannot plan the cleanup of ${serviceId}: ${planned.error}`);
  const { plan } = planned;
  ctx.info(
    `Revisions of ${serviceId}: ${revisions.length}; keeping ${plan.keep.length}, deleting ${plan.delete.length} (keepCount ${keepCount}, keepLatest ${keepLatest})`,
  );
  for (const k of plan.keep) {
    const id = shortName(k.name);
    ctx.info(`  keep    ${id} (${keepReasons(id, k.reasons, options)})`);
  }
  for (const name of plan.delete) ctx.info(`  delete  ${shortName(name)}`);

  const queue = plan.delete.map(shortName);
  const deleted: string[] = [];
  const failed: string[] = [];
  const worker = async () => {
    for (let id = queue.shift(); id !== undefined && !ctx.signal.aborted; id = queue.shift()) {
      try {
        await ctx.cloudRun.deleteRevision(serviceId, id, ctx.signal);
        deleted.push(id);
        ctx.info(`Deleted revision ${id}`);
      } catch (e) {
        const error = toPortError(e);
        if (error.code === "NotFound") {
          deleted.push(id);
          ctx.info(`Revision ${id} was already deleted`);
        } else if (!ctx.signal.aborted) {
          failed.push(id);
          warn(ctx, `could not delete revision ${id}: ${describePortError(error)}`);
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(DELETE_CONCURRENCY, queue.length) }, worker));
  // Deletes finish in any order; report them in plan order (oldest first).
  const inPlanOrder = (ids: readonly string[]) => plan.delete.map(shortName).filter((id) => ids.includes(id));
  const result = {
    deleted: inPlanOrder(deleted),
    failed: inPlanOrder(failed),
    kept: plan.keep.map((k) => shortName(k.name)),
  };
  ctx.info(pruneSummary(serviceId, result, plan.delete.length));
  ctx.checkCancelled();
  return result;
}

function pruneSummary(serviceId: string, result: PruneResult, planned: number): string {
  const parts = [`deleted ${result.deleted.length} of ${planned} planned`];
  if (result.deleted.length > 0) parts[0] += ` (${result.deleted.join(", ")})`;
  if (result.failed.length > 0) parts.push(`not deleted: ${result.failed.join(", ")}`);
  const notStarted = planned - result.deleted.length - result.failed.length;
  if (notStarted > 0) parts.push(`${notStarted} not finished (cancelled)`);
  parts.push(`kept ${result.kept.length}`);
  return `Cleanup of ${serviceId}: ${parts.join("; ")}`;
}
