/**
 * The CLOUDRUN_PROMOTE stage: route `percent` of the traffic to this deployment's candidate revision
 * and the rest to the revisions serving now, in proportion (the step is planned in ./plan.ts).
 */

import { assessRevisionReadiness, effectiveSplit, formatSplit, type Service, shortName } from "@cr/cloudrun/pure";
import { DEFAULT_READINESS_TIMEOUT_MS, type PromoteStageOptions, type TrafficDriftPolicy } from "@cr/config";
import { deployCandidate } from "../candidate/deploy.js";
import { runStage, type StageContext } from "../executor/context.js";
import { failureDetail, waitForCandidate } from "../executor/readiness.js";
import { putStageOutputs, serviceUrl } from "../executor/stage-outputs.js";
import { commitTraffic } from "../executor/traffic-commit.js";
import {
  STAGE_OUTPUT_PERCENT,
  STAGE_OUTPUT_REVISION,
  STAGE_OUTPUT_SERVICE_NAME,
  STAGE_OUTPUT_SERVICE_URL,
} from "../metadata-keys.js";
import type { StageDeps } from "../ports.js";
import type { AppliedTrafficRecord } from "../records/applied-traffic.js";
import { type LastTraffic, readIds, readLastTraffic } from "../records/store.js";
import { PROMOTE_STAGE } from "../stage-names.js";
import type { StageInput, StageOutcome } from "../types.js";
import { planPromoteStep } from "./plan.js";
import { checkTrafficDrift, type PromoteStep, trafficDriftMessage } from "./traffic-drift.js";

/**
 * The candidate is the revision recorded by CLOUDRUN_SYNC. When no SYNC ran before (a pipeline that
 * starts with PROMOTE), or the recorded revision is gone, the candidate is first deployed exactly
 * like SYNC with `skipTrafficShift` (snapshot included). When the candidate exists and is Ready,
 * the stage makes exactly one mutating call (none when the traffic already is as planned) and one
 * read: the service, whose latest ready revision usually is the candidate (the revision itself is
 * read only when it is not).
 *
 * Before planning, the live traffic is compared with the split this deployment last wrote: when it
 * was changed outside the deployment since, `onTrafficDrift: "fail"` ends the stage with FAILURE and
 * no write, `"overwrite"` logs a warning and promotes from the live split.
 */
export function runPromoteStage(input: StageInput<PromoteStageOptions>, deps: StageDeps): Promise<StageOutcome> {
  return runStage(deps, async (ctx: StageContext) => {
    const { percent, onTrafficDrift } = input.options;
    ctx.info(
      `${PROMOTE_STAGE} of deployment ${input.deployment.id}: route ${percent}% of the traffic to the candidate revision, the rest to the revisions serving now`,
    );
    const ids = await readIds(ctx);
    const last = lastRecord(ctx, await readLastTraffic(ctx), onTrafficDrift);
    let serviceId = ids.serviceId;
    let candidate = ids.candidate;
    let needsDeploy = false;
    let live: Service | null = null;
    if (serviceId === undefined || candidate === undefined) {
      ctx.info("No candidate revision was recorded by this deployment: deploying it first, without moving traffic");
      needsDeploy = true;
    } else {
      const recorded = candidate;
      const recordedService = serviceId;
      live = await ctx.call(`reading service ${recordedService}`, () =>
        ctx.cloudRun.getService(recordedService, ctx.signal),
      );
      // The latest ready revision is Ready: reading the candidate would say nothing more.
      if (live === null || shortName(live.latestReadyRevision ?? "") !== recorded) {
        const revision = await ctx.call(`reading revision ${recorded}`, () =>
          ctx.cloudRun.getRevision(recordedService, recorded, ctx.signal),
        );
        if (revision === null) {
          ctx.info(`The candidate revision ${recorded} does not exist: deploying it first, without moving traffic`);
          needsDeploy = true;
        } else {
          const state = assessRevisionReadiness(revision);
          if (state.state === "failed") {
            ctx.fail(`the candidate revision ${recorded} is not ready: ${failureDetail(state)}`);
          }
          if (state.state === "pending") {
            live = await waitForCandidate(ctx, recordedService, recorded, DEFAULT_READINESS_TIMEOUT_MS);
          }
        }
      }
    }
    if (needsDeploy && last !== undefined) {
      // Deploying pins the live split: check it before that write.
      const read = live;
      const before =
        read !== null && shortName(read.name ?? "") === last.service
          ? read
          : await ctx.call(`reading service ${last.service}`, () => ctx.cloudRun.getService(last.service, ctx.signal));
      if (before !== null) {
        ctx.info(`Traffic of ${last.service} now:\n${formatLive(before)}`);
        guardTrafficDrift(ctx, onTrafficDrift, { serviceId: last.service, live: before, last });
      }
    }
    if (needsDeploy) {
      const deployed = await deployCandidate(ctx, input, {
        skipTrafficShift: true,
        readinessTimeoutMs: DEFAULT_READINESS_TIMEOUT_MS,
      });
      serviceId = deployed.serviceId;
      candidate = deployed.candidate;
      live = deployed.service;
    }
    const sid = serviceId as string;
    const cand = candidate as string;
    if (live === null) ctx.fail(`service ${sid} does not exist`);
    ctx.info(`Traffic of ${sid} now:\n${formatLive(live)}`);
    // After a deploy by this stage the record is the split it just wrote; otherwise compare.
    if (!needsDeploy) {
      guardTrafficDrift(ctx, onTrafficDrift, {
        serviceId: sid,
        live,
        ...(last === undefined ? {} : { last }),
        step: { candidate: cand, percent },
      });
    }
    const service = await commitTraffic(ctx, {
      serviceId: sid,
      deploymentId: input.deployment.id,
      base: live,
      purpose: "rollout",
      plan: (svc) => planPromoteStep(svc, cand, percent),
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

function formatLive(live: Service): string {
  return formatSplit(
    effectiveSplit(live),
    live.latestReadyRevision ? { latestReadyRevision: live.latestReadyRevision } : {},
  );
}

const OVERWRITE_NOTE = 'onTrafficDrift is "overwrite": promoting from the current split';

/** The record to compare with; an unreadable one fails the stage (policy "fail") or is skipped with a warning. */
function lastRecord(
  ctx: StageContext,
  last: LastTraffic,
  policy: TrafficDriftPolicy,
): AppliedTrafficRecord | undefined {
  if (last.kind === "recorded") return last.record;
  if (last.kind === "none") {
    ctx.info("This deployment has not written traffic yet: there is no earlier step to compare the live traffic with");
    return undefined;
  }
  const message = `the traffic this deployment last wrote is unreadable (${last.problem}), so a change made outside the deployment cannot be detected`;
  if (policy === "fail") ctx.fail(`${message}; traffic was not changed`);
  ctx.info(`Warning: ${message}; ${OVERWRITE_NOTE}`);
  return undefined;
}

/**
 * Compares the live traffic with the split this deployment last wrote. On a difference: with
 * "fail", FAILURE naming it and no write; with "overwrite", a warning line and on.
 */
function guardTrafficDrift(
  ctx: StageContext,
  policy: TrafficDriftPolicy,
  input: { serviceId: string; live: Service; last?: AppliedTrafficRecord; step?: PromoteStep },
): void {
  const check = checkTrafficDrift(input);
  if (!check.drift) {
    if (check.why === "unchanged") {
      ctx.info(`The traffic of ${input.serviceId} is as this deployment last left it`);
    } else if (check.why === "step-applied") {
      ctx.info(
        `The traffic of ${input.serviceId} already is what this step makes of the split this deployment last wrote (the step ran before): no change from outside`,
      );
    } else if (check.why === "other-service") {
      ctx.info("This deployment last wrote the traffic of another service: nothing to compare");
    }
    return;
  }
  const message = trafficDriftMessage(input.serviceId, check.changes);
  ctx.info(`Traffic this deployment last wrote:\n${formatSplit(check.recorded)}`);
  if (policy === "overwrite") {
    ctx.info(`Warning: ${message}; ${OVERWRITE_NOTE}`);
    return;
  }
  ctx.log.error(message);
  ctx.info(
    'Traffic was not changed. To promote from the current split instead, set onTrafficDrift: "overwrite" on this stage; a rollback restores the split from before the deployment.',
  );
  ctx.finish({ status: "FAILURE", summary: message });
}
