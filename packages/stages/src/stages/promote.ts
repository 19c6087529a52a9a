/**
 * CLOUDRUN_PROMOTE: route `percent` of the traffic to this deployment's candidate revision and the
 * rest to the revisions serving now, in proportion.
 */

import { effectiveSplit, formatSplit } from "@cr/cloudrun/pure";
import { DEFAULT_READINESS_TIMEOUT_MS, type PromoteStageOptions } from "@cr/config";
import {
  STAGE_OUTPUT_PERCENT,
  STAGE_OUTPUT_REVISION,
  STAGE_OUTPUT_SERVICE_NAME,
  STAGE_OUTPUT_SERVICE_URL,
} from "../metadata-keys.js";
import { planPromote } from "../plan/promote.js";
import type { StageDeps } from "../ports.js";
import { PROMOTE_STAGE } from "../stage-names.js";
import type { StageInput, StageOutcome } from "../types.js";
import { deployCandidate } from "./deploy.js";
import {
  putStageOutputs,
  readIds,
  recordAppliedTraffic,
  revisionReadiness,
  runStage,
  type StageContext,
  serviceUrl,
  verifyTraffic,
  waitForCandidate,
  writeTraffic,
} from "./runtime.js";

/**
 * The candidate is the revision recorded by CLOUDRUN_SYNC. When no SYNC ran before (a pipeline that
 * starts with PROMOTE), or the recorded revision is gone, the candidate is first deployed exactly
 * like SYNC with `skipTrafficShift` (snapshot included). When the candidate exists and is Ready,
 * the stage makes exactly one mutating call (none when the traffic already is as planned).
 */
export function runPromoteStage(input: StageInput<PromoteStageOptions>, deps: StageDeps): Promise<StageOutcome> {
  return runStage(deps, async (ctx: StageContext) => {
    const { percent } = input.options;
    ctx.info(
      `${PROMOTE_STAGE} of deployment ${input.deployment.id}: route ${percent}% of the traffic to the candidate revision, the rest to the revisions serving now`,
    );
    const ids = await readIds(ctx);
    let serviceId = ids.serviceId;
    let candidate = ids.candidate;
    let needsDeploy = false;
    if (serviceId === undefined || candidate === undefined) {
      ctx.info("No candidate revision was recorded by this deployment: deploying it first, without moving traffic");
      needsDeploy = true;
    } else {
      const recorded = candidate;
      const recordedService = serviceId;
      const revision = await ctx.call(`reading revision ${recorded}`, () =>
        ctx.cloudRun.getRevision(recordedService, recorded, ctx.signal),
      );
      if (revision === null) {
        ctx.info(`The candidate revision ${recorded} does not exist: deploying it first, without moving traffic`);
        needsDeploy = true;
      } else {
        const state = revisionReadiness(revision);
        if (state.state === "failed") ctx.fail(`the candidate revision ${recorded} is not ready: ${state.detail}`);
        if (state.state === "pending") {
          await waitForCandidate(ctx, recordedService, recorded, DEFAULT_READINESS_TIMEOUT_MS);
        }
      }
    }
    if (needsDeploy) {
      const deployed = await deployCandidate(ctx, input, {
        skipTrafficShift: true,
        readinessTimeoutMs: DEFAULT_READINESS_TIMEOUT_MS,
      });
      serviceId = deployed.serviceId;
      candidate = deployed.candidate;
    }
    const sid = serviceId as string;
    const cand = candidate as string;

    const live = await ctx.call(`reading service ${sid}`, () => ctx.cloudRun.getService(sid, ctx.signal));
    if (live === null) ctx.fail(`service ${sid} does not exist`);
    ctx.info(
      `Traffic of ${sid} now:\n${formatSplit(effectiveSplit(live), live.latestReadyRevision ? { latestReadyRevision: live.latestReadyRevision } : {})}`,
    );
    const written = await writeTraffic(ctx, {
      serviceId: sid,
      base: live,
      policy: "fail-if-changed",
      plan: (svc) => planPromote(svc, cand, percent),
    });
    const service = await verifyTraffic(ctx, sid, written.expected, written.service);
    await recordAppliedTraffic(ctx, {
      serviceId: sid,
      deploymentId: input.deployment.id,
      verified: service,
      rolledBack: false,
    });
    await putStageOutputs(ctx, {
      [STAGE_OUTPUT_REVISION]: cand,
      [STAGE_OUTPUT_SERVICE_NAME]: sid,
      [STAGE_OUTPUT_SERVICE_URL]: serviceUrl(service),
      [STAGE_OUTPUT_PERCENT]: String(percent),
    });
    const summary = `revision ${cand} serves ${percent}% of ${sid}`;
    ctx.log.success(`Promoted: ${summary}`);
    return { status: "SUCCESS", summary };
  });
}
