/**
 * CLOUDRUN_CANARY_CLEANUP: delete old revisions that serve no traffic, keeping the newest ones.
 */
import type { CanaryCleanupStageOptions } from "@cr/config";
import { STAGE_OUTPUT_DELETED_REVISIONS, STAGE_OUTPUT_SERVICE_NAME } from "../metadata-keys.js";
import { recordRevisions } from "../plan/record.js";
import type { StageDeps } from "../ports.js";
import { CANARY_CLEANUP_STAGE } from "../stage-names.js";
import type { StageInput, StageOutcome } from "../types.js";
import { desiredOrFail } from "./deploy.js";
import { pruneRevisions, putStageOutputs, readIds, readRecord, runStage, type StageContext } from "./runtime.js";

/**
 * Protected from deletion besides what `planPrune` keeps (serving, tagged, latest, newest
 * `keepCount`): every revision of the pre-deployment snapshot and the candidate. A failed delete is
 * logged as an error line and does not fail the stage; traffic is never touched.
 */
export function runCanaryCleanupStage(
  input: StageInput<CanaryCleanupStageOptions>,
  deps: StageDeps,
): Promise<StageOutcome> {
  return runStage(deps, async (ctx: StageContext) => {
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
    const protectedNames = [...recordRevisions(record), candidate];
    ctx.info(
      `${CANARY_CLEANUP_STAGE} of ${sid}: delete revisions serving no traffic beyond the newest ${keepCount}${keepLatest ? " (and the newest revision)" : ""}; protected: ${protectedNames.join(", ")}`,
    );
    const live = await ctx.call(`reading service ${sid}`, () => ctx.cloudRun.getService(sid, ctx.signal));
    if (live === null) {
      const summary = `service ${sid} does not exist: nothing to clean up`;
      ctx.info(summary);
      return { status: "SKIPPED", summary };
    }
    const result = await pruneRevisions(ctx, sid, live, { keepCount, keepLatest, protected: protectedNames });
    await putStageOutputs(ctx, {
      [STAGE_OUTPUT_SERVICE_NAME]: sid,
      [STAGE_OUTPUT_DELETED_REVISIONS]: result.deleted.join(","),
    });
    const failedNote = result.failed.length > 0 ? `; ${result.failed.length} could not be deleted` : "";
    const summary = `deleted ${result.deleted.length} revision${result.deleted.length === 1 ? "" : "s"} of ${sid}, kept ${result.kept.length}${failedNote}`;
    ctx.log.success(`Cleanup done: ${summary}`);
    return { status: "SUCCESS", summary };
  });
}
