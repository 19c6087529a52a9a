/**
 * Deploying the candidate revision: the body of CLOUDRUN_SYNC, also used by CLOUDRUN_PROMOTE when
 * no SYNC ran before it in the pipeline.
 */
import { diffSplits, effectiveSplit, formatSplit, restoreSplit, type Service } from "@cr/cloudrun/pure";
import { describePortError, type StageContext } from "../executor/context.js";
import { candidateAfterUnclearWrite, isUnclearOutcome } from "../executor/read-back.js";
import { announceCandidateWait, confirmCandidate, failCandidateWait, waitForCandidate } from "../executor/readiness.js";
import { commitTraffic } from "../executor/traffic-commit.js";
import type { PreDeploymentRecord } from "../records/pre-deployment.js";
import { readIds, readRecord, writeIds, writeRecord } from "../records/store.js";
import { describeChanges } from "../split.js";
import type { StageInput } from "../types.js";
import { planSync, planSyncTraffic, type SyncPlan, type SyncTrafficOptions } from "./deploy-plan.js";
import { buildDesiredService, type DesiredService } from "./desired.js";

export interface DeployOptions extends SyncTrafficOptions {
  readinessTimeoutMs: number;
}

export interface Deployed {
  serviceId: string;
  candidate: string;
  record: PreDeploymentRecord;
  /** The service after the traffic step, as verified. */
  service: Service;
}

/** Parses the manifest and builds the desired service; FAILURE naming every problem and its line/column. */
export function desiredOrFail(ctx: StageContext, input: StageInput<unknown>): DesiredService {
  const desired = buildDesiredService({
    manifest: input.manifest,
    deployment: input.deployment,
    ...(input.imageOverride === undefined ? {} : { imageOverride: input.imageOverride }),
  });
  if (!desired.ok) ctx.fail(`invalid service manifest: ${desired.errors.join("; ")}`);
  for (const w of desired.warnings) ctx.info(`Warning: ${w}`);
  return desired;
}

function describeRecord(record: PreDeploymentRecord): string {
  if (!record.existed) return `service ${record.service} does not exist yet (first deployment)`;
  if (record.traffic === undefined) return `service ${record.service} serves nothing (${record.note ?? "no snapshot"})`;
  return `traffic of ${record.service} before the deployment:\n${formatSplit(restoreSplit(record.traffic))}`;
}

/**
 * Creates or updates the service so that the candidate revision exists WITHOUT moving traffic,
 * waits until it is Ready, then routes traffic as `options` say and verifies it. The pre-deployment
 * snapshot and the ids are stored before the first mutation; a re-run reuses them and converges.
 */
export async function deployCandidate(
  ctx: StageContext,
  input: StageInput<unknown>,
  options: DeployOptions,
): Promise<Deployed> {
  const desired = desiredOrFail(ctx, input);
  const { serviceId, candidate } = desired;
  ctx.info(
    `Revision ${candidate} of service ${serviceId} (${desired.candidateSource === "explicit" ? "named in the manifest" : "generated name"}), image${desired.images.length > 1 ? "s" : ""} ${desired.images.join(", ")}`,
  );
  ctx.info(
    options.skipTrafficShift
      ? `Plan: deploy the revision without moving traffic${options.tag ? `, tagged ${options.tag}` : ""}`
      : `Plan: deploy the revision, then route 100% of the traffic to it${options.tag ? ` (tagged ${options.tag})` : ""}`,
  );

  const live = await ctx.call(`reading service ${serviceId}`, () => ctx.cloudRun.getService(serviceId, ctx.signal));
  const stored = await readRecord(ctx);
  const ids = await readIds(ctx);
  const planned = planSync(live, desired, stored, options);
  if (!planned.ok) ctx.fail(planned.error);
  for (const note of planned.notes) ctx.info(note);

  // Write-ahead: the snapshot and the ids are stored before anything changes, so a rollback can always restore them.
  if (planned.writeRecord) {
    await writeRecord(ctx, planned.record);
    ctx.info(`Recorded the pre-deployment state: ${describeRecord(planned.record)}`);
  } else {
    ctx.info("A pre-deployment snapshot was already recorded by this deployment: keeping it");
  }
  await writeIds(ctx, ids, { serviceId, candidate });

  const applied = planned.apply === undefined ? undefined : await applyCandidate(ctx, live, desired, planned, options);
  const ready = applied ?? (await waitForCandidate(ctx, serviceId, candidate, options.readinessTimeoutMs));

  const service = await commitTraffic(ctx, {
    serviceId,
    deploymentId: input.deployment.id,
    base: ready,
    purpose: "rollout",
    plan: (svc) => planSyncTraffic(svc, candidate, options),
  });
  return { serviceId, candidate, record: planned.record, service };
}

/**
 * The create/update write, which also waits for Cloud Run to finish it (the candidate Ready), with
 * one re-read and retry on an etag conflict when nobody moved traffic. Resolves with the service
 * the finished write reports, or undefined when a re-read shows the write was not needed.
 */
async function applyCandidate(
  ctx: StageContext,
  live: Service | null,
  desired: DesiredService,
  plan: SyncPlan,
  options: DeployOptions,
): Promise<Service | undefined> {
  const { serviceId, candidate } = desired;
  let step = plan.apply;
  let base = live;
  for (let round = 0; step !== undefined; round++) {
    ctx.info(
      step.kind === "create"
        ? `Creating service ${serviceId} with revision ${candidate}`
        : `Updating service ${serviceId} to create revision ${candidate}, keeping the traffic where it is:\n${formatSplit(plan.pinnedTraffic)}`,
    );
    const current = step;
    const started = ctx.now().getTime();
    announceCandidateWait(ctx, candidate, options.readinessTimeoutMs);
    const r = await ctx.attempt(() =>
      ctx.cloudRun.applyService(current.service, {
        ...(current.etag === undefined ? {} : { etag: current.etag }),
        signal: ctx.signal,
        waitTimeoutMs: options.readinessTimeoutMs,
      }),
    );
    if (r.ok) {
      ctx.info(`Service ${serviceId} ${step.kind === "create" ? "created" : "updated"}`);
      return confirmCandidate(ctx, serviceId, candidate, r.value, started);
    }
    const { error } = r;
    // The write waits for the candidate: Ready=False, or no Ready within the readiness timeout, ends the stage.
    const elapsed = Math.max(0, ctx.now().getTime() - started);
    const readinessTimedOut = error.code === "DeadlineExceeded" && elapsed >= options.readinessTimeoutMs;
    if (error.code === "FailedPrecondition" || readinessTimedOut) {
      failCandidateWait(ctx, candidate, options.readinessTimeoutMs, error);
    }
    // Otherwise the write may have been applied: FAILURE unless the service runs the candidate's
    // template, then the candidate must still become Ready within what is left of the timeout.
    if (isUnclearOutcome(error)) {
      await candidateAfterUnclearWrite(ctx, serviceId, candidate, error);
      return waitForCandidate(ctx, serviceId, candidate, Math.max(1, options.readinessTimeoutMs - elapsed));
    }
    if (error.code === "AlreadyExists") {
      ctx.fail(
        `revision ${candidate} already exists with a different configuration (${describePortError(error)}); give the revision a new name in the manifest, or remove the name so that one is generated`,
      );
    }
    if (error.code !== "Aborted" || round > 0) {
      ctx.fail(
        `${step.kind === "create" ? "creating" : "updating"} service ${serviceId} failed: ${describePortError(error)}`,
      );
    }
    ctx.info(`Service ${serviceId} changed since it was read (etag mismatch): reading it again`);
    const fresh = await ctx.call(`reading service ${serviceId}`, () => ctx.cloudRun.getService(serviceId, ctx.signal));
    if (fresh === null && base !== null) ctx.fail(`service ${serviceId} disappeared while this stage ran`);
    if (fresh !== null && base !== null) {
      const changes = diffSplits(effectiveSplit(base), effectiveSplit(fresh));
      if (changes.length > 0) {
        ctx.fail(
          `concurrent modification: the traffic of ${serviceId} was changed by someone else while this stage ran (${describeChanges(changes)})`,
        );
      }
    }
    const again = planSync(fresh, desired, plan.record, options);
    if (!again.ok) ctx.fail(again.error);
    step = again.apply;
    base = fresh;
    if (step === undefined) ctx.info(`Service ${serviceId} already runs revision ${candidate}'s template`);
  }
  return undefined;
}
