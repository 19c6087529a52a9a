/**
 * Per-test fakes for the stage runner tests, the checks every such test ends with, and the stages run with the
 * usual options (the shared fixtures' manifest and deployment).
 */
import type { SyncStageOptions, TrafficDriftPolicy } from "@cr/config";
import { afterEach, beforeEach, expect } from "vitest";
import type { StageDeps } from "../src/ports.js";
import { runPromoteStage } from "../src/promote/run.js";
import { runRollbackStage } from "../src/rollback/run.js";
import { runSyncStage } from "../src/sync/run.js";
import { fakeDeps } from "./fake-deps.js";
import { promoteOptions, SECRET_ENV_VALUE, stageInput } from "./fixtures.js";

export type FakeDeps = ReturnType<typeof fakeDeps>;

/**
 * The fakes of the running test: one object, filled with a fresh set before each test (a test may fill it again,
 * e.g. with an aborted signal, through `Object.assign`). After each test: no secret reached the log and, unless
 * `readyTripwire` is false, no traffic went to a revision that was not Ready.
 */
export function fakesEachTest({ readyTripwire = true } = {}): FakeDeps {
  const fakes = {} as FakeDeps;
  beforeEach(() => {
    Object.assign(fakes, fakeDeps());
  });
  afterEach(() => {
    if (readyTripwire) expect(fakes.cloudRun.g2Violations).toEqual([]);
    expect(fakes.log.text()).not.toContain(SECRET_ENV_VALUE);
  });
  return fakes;
}

/** CLOUDRUN_SYNC, PROMOTE and ROLLBACK on the deps of `fakes` as they are at the time of the call. */
export function stageRuns(fakes: { deps: StageDeps }) {
  const sync = (options: Partial<SyncStageOptions> = {}) =>
    runSyncStage(stageInput({ skipTrafficShift: false, prune: false, ...options }), fakes.deps);
  return {
    sync,
    /** SYNC without traffic shift (the first step of a canary), optionally with a tag. */
    syncSkip: (tag?: string) => sync({ skipTrafficShift: true, ...(tag ? { tag } : {}) }),
    promote: (percent: number, onTrafficDrift: TrafficDriftPolicy = "fail") =>
      runPromoteStage(stageInput(promoteOptions(percent, onTrafficDrift)), fakes.deps),
    rollback: (revision?: string) => runRollbackStage(stageInput(revision ? { revision } : {}), fakes.deps),
  };
}
