/**
 * The stage context every stage body runs in: cancellation checks, and port calls that turn
 * rejections into FAILURE outcomes. Nothing here decides what to do; the plans in each stage folder do.
 */
import type { PortError, StageDeps } from "../ports.js";
import type { StageOutcome } from "../types.js";

/** Thrown inside a stage to end it with an outcome; caught by {@link runStage}. Never escapes. */
class StageStop extends Error {
  override readonly name = "StageStop";
  constructor(readonly outcome: StageOutcome) {
    super(outcome.summary);
  }
}

export const CANCELLED_SUMMARY = "cancelled";

/** Runs a stage body, turning {@link StageStop} into its outcome; other errors are bugs and propagate. */
export async function runStage(deps: StageDeps, body: (ctx: StageContext) => Promise<StageOutcome>) {
  const ctx = new StageContext(deps);
  try {
    ctx.checkCancelled();
    return await body(ctx);
  } catch (e) {
    if (e instanceof StageStop) return e.outcome;
    throw e;
  }
}

export type Attempt<T> = { ok: true; value: T } | { ok: false; error: PortError };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/** Reads a port rejection structurally: `{code, message}`; anything else becomes code "Unknown". */
export function toPortError(error: unknown): PortError {
  if (isRecord(error) && typeof error.code === "string") {
    const out: PortError = { code: error.code, message: typeof error.message === "string" ? error.message : "" };
    if (typeof error.reason === "string") out.reason = error.reason;
    if (error.afterAccepted === true) out.afterAccepted = true;
    return out;
  }
  if (error instanceof Error) {
    return { code: error.name === "AbortError" ? "Cancelled" : "Unknown", message: error.message };
  }
  return { code: "Unknown", message: String(error) };
}

export function describePortError(error: PortError): string {
  return error.message ? `${error.code}: ${error.message}` : error.code;
}

export class StageContext {
  readonly log: StageDeps["log"];
  readonly signal: AbortSignal;
  readonly cloudRun: StageDeps["cloudRun"];
  readonly metadata: StageDeps["metadata"];
  private readonly deps: StageDeps;

  constructor(deps: StageDeps) {
    this.deps = deps;
    this.log = deps.log;
    this.signal = deps.signal;
    this.cloudRun = deps.cloudRun;
    this.metadata = deps.metadata;
  }

  now(): Date {
    return this.deps.clock?.now() ?? new Date();
  }

  /** Ends the stage with FAILURE, logging `message` as an error line. */
  fail(message: string): never {
    this.log.error(message);
    throw new StageStop({ status: "FAILURE", summary: message });
  }

  /** Ends the stage with another status (SUCCESS / SKIPPED), logging nothing. */
  finish(outcome: StageOutcome): never {
    throw new StageStop(outcome);
  }

  /** Ends the stage with FAILURE "cancelled" when the signal aborted. Called before every port call. */
  checkCancelled(): void {
    if (!this.signal.aborted) return;
    this.log.error("Cancelled: the stage was asked to stop; no further change is made.");
    throw new StageStop({ status: "FAILURE", summary: CANCELLED_SUMMARY });
  }

  /** Calls a port; a rejection is returned (after abort: the stage ends "cancelled"). */
  async attempt<T>(call: () => Promise<T>): Promise<Attempt<T>> {
    this.checkCancelled();
    try {
      return { ok: true, value: await call() };
    } catch (e) {
      this.checkCancelled();
      const error = toPortError(e);
      if (error.code === "Cancelled") this.checkCancelledAnyway();
      return { ok: false, error };
    }
  }

  /** Calls a port; a rejection ends the stage with FAILURE `<what> failed: <code>: <message>`. */
  async call<T>(what: string, call: () => Promise<T>): Promise<T> {
    const r = await this.attempt(call);
    if (!r.ok) this.fail(`${what} failed: ${describePortError(r.error)}`);
    return r.value;
  }

  /** A port said "Cancelled" without our signal aborting (e.g. the adapter's own shutdown). */
  private checkCancelledAnyway(): never {
    this.log.error("Cancelled: a Cloud Run call was cancelled; no further change is made.");
    throw new StageStop({ status: "FAILURE", summary: CANCELLED_SUMMARY });
  }

  info(message: string): void {
    this.log.info(message);
  }
}
