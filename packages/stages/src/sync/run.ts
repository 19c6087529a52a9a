/**
 * CLOUDRUN_SYNC: deploy the manifest as a new revision, then route all traffic to it (or none,
 * with `skipTrafficShift`), optionally pruning old revisions.
 */
import { DEFAULT_READINESS_TIMEOUT_MS, type SyncStageOptions } from "@cr/config";
import { deployCandidate } from "../candidate/deploy.js";
import { runStage, type StageContext } from "../executor/context.js";
import { putStageOutputs, serviceUrl, tagUrl } from "../executor/stage-outputs.js";
import {
  STAGE_OUTPUT_DELETED_REVISIONS,
  STAGE_OUTPUT_REVISION,
  STAGE_OUTPUT_SERVICE_NAME,
  STAGE_OUTPUT_SERVICE_URL,
  STAGE_OUTPUT_TAG_URL,
} from "../metadata-keys.js";
import type { StageDeps } from "../ports.js";
import { pruneRevisions } from "../prune/prune.js";
import { recordRevisions } from "../records/pre-deployment.js";
import { SYNC_STAGE } from "../stage-names.js";
import type { StageInput, StageOutcome } from "../types.js";

/** What `prune: true` keeps: the same rule as CLOUDRUN_CANARY_CLEANUP with its defaults. */
export const SYNC_PRUNE_KEEP_COUNT = 5;

/** Runs CLOUDRUN_SYNC: deploys the candidate, routes the traffic as the options say, prunes when asked. */
export function runSyncStage(input: StageInput<SyncStageOptions>, deps: StageDeps): Promise<StageOutcome> {
  return runStage(deps, async (ctx: StageContext) => {
    const { options, deployment } = input;
    ctx.info(`${SYNC_STAGE} of deployment ${deployment.id} (commit ${deployment.targetCommit.slice(0, 7) || "-"})`);
    const deployed = await deployCandidate(ctx, input, {
      skipTrafficShift: options.skipTrafficShift,
      ...(options.tag === undefined ? {} : { tag: options.tag }),
      readinessTimeoutMs: options.readinessTimeoutMs ?? DEFAULT_READINESS_TIMEOUT_MS,
    });
    const { serviceId, candidate, service } = deployed;

    let deleted: string[] | undefined;
    if (options.prune) {
      ctx.info(`Pruning old revisions of ${serviceId}`);
      const pruned = await pruneRevisions(ctx, serviceId, service, {
        keepCount: SYNC_PRUNE_KEEP_COUNT,
        keepLatest: true,
        candidate,
        servedBefore: recordRevisions(deployed.record),
      });
      deleted = pruned.deleted;
    }

    const url = tagUrl(service, options.tag);
    await putStageOutputs(ctx, {
      [STAGE_OUTPUT_REVISION]: candidate,
      [STAGE_OUTPUT_SERVICE_NAME]: serviceId,
      [STAGE_OUTPUT_SERVICE_URL]: serviceUrl(service),
      [STAGE_OUTPUT_TAG_URL]: url,
      [STAGE_OUTPUT_DELETED_REVISIONS]: deleted?.join(","),
    });
    if (url !== undefined) ctx.info(`Tag ${options.tag} of revision ${candidate}: ${url}`);
    const summary = options.skipTrafficShift
      ? `revision ${candidate} of ${serviceId} is deployed; traffic was not shifted`
      : `revision ${candidate} serves 100% of ${serviceId}`;
    ctx.log.success(summary.charAt(0).toUpperCase() + summary.slice(1));
    return { status: "SUCCESS", summary };
  });
}
