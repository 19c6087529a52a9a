/**
 * Running one stage on every deploy target of an application (several regions or projects of one
 * service). Each target gets its own Cloud Run client, its own records and a log prefixed with its
 * name; the stage succeeds only when every target succeeded.
 */
import type { StageLog, StageOutcome, StageStatus } from "@cr/stages";

/** How many deploy targets one stage drives at the same time. */
export const TARGET_CONCURRENCY = 4;

/**
 * Calls `run` for every item, at most `limit` at a time, and resolves with the results in input
 * order once all settled. A rejection of one call does not stop the others (every region finishes
 * its current step); the first rejection is re-thrown after all settled.
 */
export async function forEachLimited<T, R>(
  items: readonly T[],
  limit: number,
  run: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  const failures: unknown[] = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      try {
        results[index] = await run(items[index] as T, index);
      } catch (error) {
        failures.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failures.length > 0) throw failures[0];
  return results;
}

/** A stage log whose every line starts with `[<target>] `, so a reader can follow each region. */
export function prefixedStageLog(log: StageLog, target: string): StageLog {
  const prefix = (message: string) =>
    message
      .split("\n")
      .map((line) => `[${target}] ${line}`)
      .join("\n");
  return {
    info: (message) => log.info(prefix(message)),
    success: (message) => log.success(prefix(message)),
    error: (message) => log.error(prefix(message)),
  };
}

/**
 * The key a deploy target's deployment metadata and stage outputs are stored under. With one
 * deploy target the keys stay as they are (so single-region deployments are unchanged); with
 * several, each target's records are its own.
 */
export function targetKey(key: string, target: string, multiTarget: boolean): string {
  return multiTarget ? `${target}/${key}` : key;
}

/** What one deploy target's stage run ended with. */
export interface TargetOutcome {
  target: string;
  outcome: StageOutcome;
}

const SEVERITY: Record<StageStatus, number> = { SUCCESS: 0, SKIPPED: 1, EXITED: 2, FAILURE: 3 };

/**
 * One status for the stage: the worst of the targets' (FAILURE over EXITED over SKIPPED over
 * SUCCESS), so the stage succeeds only when every target did; SKIPPED only when every target skipped.
 */
export function combinedStatus(outcomes: readonly TargetOutcome[]): StageStatus {
  let worst: StageStatus = "SUCCESS";
  let allSkipped = outcomes.length > 0;
  for (const { outcome } of outcomes) {
    if (outcome.status !== "SKIPPED") allSkipped = false;
    if (outcome.status !== "SKIPPED" && SEVERITY[outcome.status] > SEVERITY[worst]) worst = outcome.status;
  }
  return allSkipped ? "SKIPPED" : worst;
}

/**
 * The closing lines of a stage run on several deploy targets: which targets failed and where every
 * target stands (each target's own summary), so a reader sees at once which regions are where.
 */
export function describeTargetOutcomes(stage: string, outcomes: readonly TargetOutcome[]): string {
  const failed = outcomes.filter((o) => o.outcome.status === "FAILURE" || o.outcome.status === "EXITED");
  const head =
    failed.length === 0
      ? `${stage} succeeded on all ${outcomes.length} deploy targets`
      : `${stage} failed on ${failed.map((o) => o.target).join(", ")} (${failed.length} of ${outcomes.length} deploy targets)`;
  const lines = outcomes.map((o) => `  ${o.target}: ${o.outcome.status}: ${o.outcome.summary}`);
  return [`${head}:`, ...lines].join("\n");
}
