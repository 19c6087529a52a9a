/**
 * CLOUDRUN_CANARY_CLEANUP: keep the `keepCount` most recent revisions, delete older ones that serve
 * nothing, carry no tag, are not the latest and did not serve before this deployment.
 */
import type { CanaryCleanupStageOptions } from "@cr/config";
import { desiredOrFail } from "../candidate/deploy.js";
import { CANCELLED_SUMMARY, runStage, type StageContext } from "../executor/context.js";
import { putStageOutputs } from "../executor/stage-outputs.js";
import { STAGE_OUTPUT_DELETED_REVISIONS, STAGE_OUTPUT_SERVICE_NAME } from "../metadata-keys.js";
import type { StageDeps } from "../ports.js";
import { pruneRevisions, warn } from "../prune/prune.js";
import { recordRevisions } from "../records/pre-deployment.js";
import { readIds, readRecord } from "../records/store.js";
import { CANARY_CLEANUP_STAGE } from "../stage-names.js";
import type { StageInput, StageOutcome } from "../types.js";

/**
 * Housekeeping after a finished rollout must never undo it: anything that stops the cleanup
 * (a failed read, an unreadable snapshot, a failed delete) is a warning and the stage succeeds
 * with a summary. Only invalid options fail it (planning rejects them before any stage runs) and
 * cancellation ends it. Cloud Run calls: one service read, one revision list, the deletes.
 */
export async function runCanaryCleanupStage(
  input: StageInput<CanaryCleanupStageOptions>,
  deps: StageDeps,
): Promise<StageOutcome> {
  const { keepCount } = input.options;
  if (!Number.isInteger(keepCount) || keepCount < 0) {
    const summary = `invalid keepCount ${String(keepCount).slice(0, 200)}: it must be a whole number ≥ 0`;
    deps.log.error(summary);
    return { status: "FAILURE", summary };
  }
  const outcome = await runStage(deps, (ctx) => cleanup(ctx, input));
  if (outcome.status !== "FAILURE" || outcome.summary === CANCELLED_SUMMARY) return outcome;
  deps.log.info(`Warning: the cleanup stopped early; the rollout is not affected and the stage succeeds.`);
  return { status: "SUCCESS", summary: `cleanup incomplete: ${outcome.summary}` };
}

async function cleanup(ctx: StageContext, input: StageInput<CanaryCleanupStageOptions>): Promise<StageOutcome> {
  const { keepCount, keepLatest } = input.options;
  const ids = await readIds(ctx);
  const record = await readRecord(ctx);
  let serviceId = ids.serviceId ?? record?.service;
  let candidate = ids.candidate;
  if (serviceId === undefined || candidate === undefined) {
    const desired = desiredOrFail(ctx, input);
    serviceId ??= desired.serviceId;
    candidate ??= desired.candidate;
  }
  const sid = serviceId;
  const servedBefore = recordRevisions(record);
  ctx.info(
    `${CANARY_CLEANUP_STAGE} of ${sid}: keep the ${keepCount} most recent revisions${keepLatest ? " (and always the newest)" : ""}; older ones are deleted unless they serve traffic, carry a tag, are the latest, or served before this deployment (${servedBefore.join(", ") || "none recorded"})`,
  );
  const live = await ctx.call(`reading service ${sid}`, () => ctx.cloudRun.getService(sid, ctx.signal));
  if (live === null) {
    const summary = `service ${sid} does not exist: nothing to clean up`;
    ctx.info(summary);
    return { status: "SKIPPED", summary };
  }
  const result = await pruneRevisions(ctx, sid, live, { keepCount, keepLatest, candidate, servedBefore });
  const outputs = await ctx.attempt(() =>
    putStageOutputs(ctx, {
      [STAGE_OUTPUT_SERVICE_NAME]: sid,
      [STAGE_OUTPUT_DELETED_REVISIONS]: result.deleted.join(","),
    }),
  );
  if (!outputs.ok) warn(ctx, "the stage outputs could not be stored");
  const failedNote = result.failed.length > 0 ? `; ${result.failed.length} could not be deleted` : "";
  const summary = `deleted ${result.deleted.length} revision${result.deleted.length === 1 ? "" : "s"} of ${sid}, kept ${result.kept.length}${failedNote}`;
  ctx.log.success(`Cleanup done: ${summary}`);
  return { status: "SUCCESS", summary };
}
