/**
 * Writes whose outcome is unclear: the reply was lost, the deadline passed, or the operation failed
 * after Cloud Run had accepted the request. The write may be live or not, so the stage reads the
 * service back and reports what is true instead of what the error suggests.
 */
import { effectiveSplit, type Service, shortName, type TrafficSplit } from "@cr/cloudrun/pure";
import type { PortError } from "../ports.js";
import { formatSplitInline, sameSplit } from "../split.js";
import { describePortError, type StageContext } from "./context.js";

/** Codes after which a write may have been applied even though it reported an error. */
const UNCLEAR_CODES: ReadonlySet<string> = new Set(["Unavailable", "DeadlineExceeded", "Internal", "Unknown"]);

export function isUnclearOutcome(error: PortError): boolean {
  return error.afterAccepted === true || UNCLEAR_CODES.has(error.code);
}

async function readBack(ctx: StageContext, serviceId: string, error: PortError): Promise<Service | null> {
  ctx.info(
    `The outcome of the write to ${serviceId} is unclear (${describePortError(error)}): reading the service back`,
  );
  return ctx.call(`reading service ${serviceId} back`, () => ctx.cloudRun.getService(serviceId, ctx.signal));
}

/**
 * After an unclear traffic write: the service as read when the planned split is live (the write
 * took effect), otherwise FAILURE naming the split that is live.
 */
export async function trafficAfterUnclearWrite(
  ctx: StageContext,
  serviceId: string,
  planned: TrafficSplit,
  error: PortError,
): Promise<Service> {
  const live = await readBack(ctx, serviceId, error);
  if (live === null)
    ctx.fail(`service ${serviceId} does not exist after the traffic write (${describePortError(error)})`);
  const split = effectiveSplit(live);
  if (!sameSplit(split, planned)) {
    ctx.fail(
      `updating the traffic of ${serviceId} failed (${describePortError(error)}); Cloud Run routes ${formatSplitInline(split)}, not the planned ${formatSplitInline(planned)}`,
    );
  }
  ctx.info(`The planned traffic of ${serviceId} is live: the write took effect`);
  return live;
}

/**
 * After an unclear create-or-update: returns when the service runs the candidate's template (the
 * write took effect; readiness is checked next), otherwise FAILURE naming what the service runs.
 */
export async function candidateAfterUnclearWrite(
  ctx: StageContext,
  serviceId: string,
  candidate: string,
  error: PortError,
): Promise<void> {
  const live = await readBack(ctx, serviceId, error);
  const running = live?.template?.revision ? shortName(live.template.revision) : undefined;
  if (running !== candidate) {
    const actual =
      live === null
        ? "the service does not exist"
        : `the service's template is ${running ? `revision ${running}` : "unnamed"}`;
    ctx.fail(
      `deploying revision ${candidate} of ${serviceId} failed (${describePortError(error)}); ${actual}; traffic was not changed`,
    );
  }
  ctx.info(`Service ${serviceId} runs revision ${candidate}'s template: the write took effect`);
}
