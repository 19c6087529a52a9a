/**
 * CLOUDRUN_ROLLBACK: restore the traffic that served before the deployment (or send all of it to
 * the revision named in the options).
 */

import { assessRevisionReadiness, formatSplit, restoreSplit, type Service, shortName } from "@cr/cloudrun/pure";
import type { RollbackStageOptions } from "@cr/config";
import { desiredOrFail } from "../candidate/deploy.js";
import { describePortError, runStage, type StageContext } from "../executor/context.js";
import { failureDetail } from "../executor/readiness.js";
import { putStageOutputs, serviceUrl } from "../executor/stage-outputs.js";
import { commitTraffic } from "../executor/traffic-commit.js";
import {
  METADATA_LAST_TRAFFIC,
  STAGE_OUTPUT_REVISION,
  STAGE_OUTPUT_SERVICE_NAME,
  STAGE_OUTPUT_SERVICE_URL,
} from "../metadata-keys.js";
import type { StageDeps } from "../ports.js";
import { checkTrafficDrift, trafficDriftMessage } from "../promote/traffic-drift.js";
import { parseAppliedTraffic } from "../records/applied-traffic.js";
import { readIds, readRecord } from "../records/store.js";
import { ROLLBACK_STAGE } from "../stage-names.js";
import type { StageInput, StageOutcome } from "../types.js";
import { planRollback, type RollbackTarget } from "./plan.js";

/** The FAILURE summary when there is nothing to roll back to (PipeCD parity). */
export const NO_PREVIOUS_DEPLOYMENT = "no previous deployment to roll back to";

/**
 * Traffic-only: no template is re-sent, so no revision is created. The snapshot's revisions (or the
 * named one) must still exist and be Ready, else FAILURE listing them and nothing changes. A
 * concurrent edit of the traffic is overridden (and logged): rollback restores the baseline.
 */
export function runRollbackStage(input: StageInput<RollbackStageOptions>, deps: StageDeps): Promise<StageOutcome> {
  return runStage(deps, async (ctx: StageContext) => {
    const ids = await readIds(ctx);
    let target: RollbackTarget;
    let serviceId: string;
    if (input.options.revision !== undefined) {
      const revision = shortName(input.options.revision);
      serviceId = ids.serviceId ?? desiredOrFail(ctx, input).serviceId;
      ctx.info(`${ROLLBACK_STAGE}: route all traffic of ${serviceId} to revision ${revision}, keeping every tag`);
      target = { kind: "revision", revision };
    } else {
      ctx.info(`${ROLLBACK_STAGE}: restore the traffic that served before deployment ${input.deployment.id}`);
      const record = await readRecord(ctx);
      if (record === undefined) {
        ctx.log.error(
          `Nothing to roll back: this deployment recorded no pre-deployment snapshot, so it changed nothing on Cloud Run (or this is the first deployment). No change is made. ${capitalise(NO_PREVIOUS_DEPLOYMENT)}.`,
        );
        return { status: "FAILURE", summary: NO_PREVIOUS_DEPLOYMENT };
      }
      if (!record.existed || record.traffic === undefined) {
        const why = !record.existed
          ? `service ${record.service} did not exist before this deployment (first deployment); the new service is left as it is`
          : `service ${record.service} served nothing before this deployment (${record.note ?? "no snapshot"})`;
        ctx.log.error(`Nothing to roll back: ${why}. No change is made. ${capitalise(NO_PREVIOUS_DEPLOYMENT)}.`);
        return { status: "FAILURE", summary: NO_PREVIOUS_DEPLOYMENT };
      }
      serviceId = record.service;
      target = { kind: "snapshot", snapshot: record.traffic };
      ctx.info(`Traffic before the deployment (to restore):\n${formatSplit(restoreSplit(record.traffic))}`);
    }

    const live = await ctx.call(`reading service ${serviceId}`, () => ctx.cloudRun.getService(serviceId, ctx.signal));
    if (live === null) ctx.fail(`cannot roll back: service ${serviceId} does not exist`);
    const first = planRollback(target, live);
    if (!first.ok) ctx.fail(`cannot roll back ${serviceId}: ${first.error}`);
    for (const note of first.notes) ctx.info(note);

    const missing: string[] = [];
    const notReady: string[] = [];
    for (const revision of first.requiredRevisions) {
      const found = await ctx.call(`reading revision ${revision}`, () =>
        ctx.cloudRun.getRevision(serviceId, revision, ctx.signal),
      );
      if (found === null) {
        missing.push(revision);
        continue;
      }
      const state = assessRevisionReadiness(found);
      if (state.state !== "ready") {
        notReady.push(
          state.state === "failed" ? `${revision} (${failureDetail(state)})` : `${revision} (not ready yet)`,
        );
      }
    }
    if (missing.length > 0) {
      ctx.fail(
        `cannot roll back ${serviceId}: ${missing.length === 1 ? "revision" : "revisions"} ${missing.join(", ")} no longer ${missing.length === 1 ? "exists" : "exist"}; traffic was not changed`,
      );
    }
    if (notReady.length > 0) {
      ctx.fail(`cannot roll back ${serviceId}: not ready: ${notReady.join(", ")}; traffic was not changed`);
    }

    ctx.info(`Traffic of ${serviceId} now:\n${formatSplit(first.current)}`);
    await noteManualChange(ctx, serviceId, live);
    const service = await commitTraffic(ctx, {
      serviceId,
      deploymentId: input.deployment.id,
      base: live,
      purpose: "rollback",
      plan: (svc) => planRollback(target, svc),
    });
    await putStageOutputs(ctx, {
      [STAGE_OUTPUT_REVISION]: target.kind === "revision" ? target.revision : undefined,
      [STAGE_OUTPUT_SERVICE_NAME]: serviceId,
      [STAGE_OUTPUT_SERVICE_URL]: serviceUrl(service),
    });
    const summary =
      target.kind === "revision"
        ? `rolled back ${serviceId}: revision ${target.revision} serves 100%`
        : `rolled back ${serviceId} to the traffic that served before the deployment`;
    ctx.log.success(capitalise(summary));
    return { status: "SUCCESS", summary };
  });
}

/**
 * Says so when the traffic was changed outside this deployment since its last traffic step: the
 * rollback overrides that change. Only a log line: a failed or unreadable read is noted and the
 * rollback goes on.
 */
async function noteManualChange(ctx: StageContext, serviceId: string, live: Service): Promise<void> {
  const read = await ctx.attempt(() => ctx.metadata.get(METADATA_LAST_TRAFFIC));
  if (!read.ok) {
    ctx.info(
      `Could not read the traffic this deployment last wrote (${describePortError(read.error)}); a change made outside the deployment is not reported`,
    );
    return;
  }
  if (read.value === undefined || read.value === "") return;
  const parsed = parseAppliedTraffic(read.value);
  if (!parsed.ok) return;
  const check = checkTrafficDrift({ serviceId, live, last: parsed.record });
  if (check.drift) {
    ctx.info(`Warning: ${trafficDriftMessage(serviceId, check.changes)}; the rollback overrides that change`);
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
