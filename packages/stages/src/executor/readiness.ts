/**
 * Waiting for the candidate revision to be Ready before any traffic reaches it, and the FAILURE
 * messages when it is not.
 */
import { assessRevisionReadiness, type Service, shortName } from "@cr/cloudrun/pure";
import { formatDurationMs } from "@cr/config";
import type { PortError } from "../ports.js";
import { describePortError, type StageContext } from "./context.js";

/** The reason and message of a failed readiness assessment, e.g. `HEALTH_CHECK_CONTAINER_ERROR: port 8080`. */
export function failureDetail(assessment: ReturnType<typeof assessRevisionReadiness>): string {
  return [assessment.reason, assessment.message].filter((p) => p !== undefined && p !== "").join(": ") || "Ready=False";
}

/**
 * Waits until the service is Ready with `candidate` as its latest ready revision (traffic is
 * only ever written after this). FAILURE on Ready=False (with the reason), on the deadline, or when
 * the candidate is not the revision that became ready.
 */
export async function waitForCandidate(
  ctx: StageContext,
  serviceId: string,
  candidate: string,
  timeoutMs: number,
): Promise<Service> {
  const started = ctx.now().getTime();
  announceCandidateWait(ctx, candidate, timeoutMs);
  let lastProgress = "";
  const r = await ctx.attempt(() =>
    ctx.cloudRun.waitUntilReady(serviceId, {
      timeoutMs,
      signal: ctx.signal,
      onProgress: (message) => {
        if (message === lastProgress) return;
        lastProgress = message;
        ctx.info(`  ${message}`);
      },
    }),
  );
  if (!r.ok) failCandidateWait(ctx, candidate, timeoutMs, r.error);
  return confirmCandidate(ctx, serviceId, candidate, r.value, started);
}

export function announceCandidateWait(ctx: StageContext, candidate: string, timeoutMs: number): void {
  ctx.info(`Waiting up to ${formatDurationMs(timeoutMs)} for revision ${candidate} to become ready`);
}

/** Ends the stage for a failed wait for the candidate's readiness, naming why. */
export function failCandidateWait(ctx: StageContext, candidate: string, timeoutMs: number, error: PortError): never {
  if (error.code === "DeadlineExceeded") {
    ctx.fail(
      `revision ${candidate} did not become ready within ${formatDurationMs(timeoutMs)}; traffic was not changed`,
    );
  }
  if (error.code === "FailedPrecondition") {
    const reason = error.reason ? `${error.reason}: ` : "";
    ctx.fail(`revision ${candidate} failed to become ready: ${reason}${error.message}; traffic was not changed`);
  }
  ctx.fail(`waiting for revision ${candidate} failed: ${describePortError(error)}; traffic was not changed`);
}

/**
 * Checks that the candidate is the revision that became ready in `ready` (reading the revision
 * only when it is not the service's latest ready one) and logs how long it took.
 */
export async function confirmCandidate(
  ctx: StageContext,
  serviceId: string,
  candidate: string,
  ready: Service,
  startedMs: number,
): Promise<Service> {
  if (shortName(ready.latestReadyRevision ?? "") !== candidate) {
    const revision = await ctx.call(`reading revision ${candidate}`, () =>
      ctx.cloudRun.getRevision(serviceId, candidate, ctx.signal),
    );
    if (revision === null)
      ctx.fail(`revision ${candidate} does not exist after the deployment; traffic was not changed`);
    const state = assessRevisionReadiness(revision);
    if (state.state !== "ready") {
      ctx.fail(
        `revision ${candidate} is not ready${state.state === "failed" ? ` (${failureDetail(state)})` : ""}; traffic was not changed`,
      );
    }
  }
  const elapsed = Math.max(0, ctx.now().getTime() - startedMs);
  ctx.info(`Revision ${candidate} is ready (after ${formatDurationMs(elapsed)})`);
  return ready;
}
