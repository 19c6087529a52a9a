import type { CanaryCleanupStageOptions } from "@cr/config";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fakeDeps } from "../testing-fake.js";
import { CANDIDATE, promoteOptions, REV, SECRET_ENV_VALUE, SVC, stageInput } from "../testing-fixtures.js";
import { runCanaryCleanupStage } from "./canary-cleanup.js";
import { runPromoteStage } from "./promote.js";
import { runSyncStage } from "./sync.js";

let f: ReturnType<typeof fakeDeps>;
const cleanup = (o: Partial<CanaryCleanupStageOptions> = {}) =>
  runCanaryCleanupStage(stageInput({ keepCount: 2, keepLatest: true, ...o }), f.deps);
const R = (i: number) => `${SVC}-r${i}`;

/** r1..r8, r8 serving 100%, r1 tagged; then SYNC(skip) + PROMOTE 100 of the candidate. */
async function deployOver(): Promise<void> {
  f.cloudRun.seed(
    SVC,
    Array.from({ length: 8 }, (_, i) => ({ name: R(i + 1) })),
    [REV(R(8), 100), REV(R(1), 0, "old")],
  );
  await runSyncStage(stageInput({ skipTrafficShift: true, prune: false }), f.deps);
  await runPromoteStage(stageInput(promoteOptions(100)), f.deps);
}

beforeEach(() => {
  f = fakeDeps();
});
afterEach(() => {
  expect(f.log.text()).not.toContain(SECRET_ENV_VALUE);
});

describe("CLOUDRUN_CANARY_CLEANUP", () => {
  it("deletes old revisions, never the snapshot's, the candidate, tagged ones or the newest keepCount", async () => {
    await deployOver();
    const out = await cleanup();
    // Kept: candidate (serving, latest), r8 (snapshot), r1 (tagged, snapshot), r7 r6 (keepCount 2).
    expect(out).toEqual({ status: "SUCCESS", summary: `deleted 4 revisions of ${SVC}, kept 5` });
    expect(f.cloudRun.revisionNames(SVC).sort()).toEqual([CANDIDATE, R(1), R(6), R(7), R(8)].sort());
    expect(f.metadata.lastStage()).toEqual({
      service_name: SVC,
      deleted_revisions: [R(2), R(3), R(4), R(5)].join(","),
    });
    expect(f.log.text()).toMatch(/keep {4}helloworld-r8 \(protected\)/);
    expect(f.log.text()).toMatch(/delete {2}helloworld-r2/);
    expect(f.journal.calls("cloudRun.updateTraffic")).toHaveLength(1); // only PROMOTE's: cleanup never touches traffic
  });

  it("a failed delete is logged and does not fail the stage", async () => {
    await deployOver();
    f.cloudRun.failNext("deleteRevision", "PermissionDenied", "missing run.revisions.delete");
    const out = await cleanup();
    expect(out.status).toBe("SUCCESS");
    expect(out.summary).toBe(`deleted 3 revisions of ${SVC}, kept 5; 1 could not be deleted`);
    expect(f.log.errors()).toEqual([
      `Could not delete revision ${R(2)}: PermissionDenied: missing run.revisions.delete (the stage goes on)`,
    ]);
  });

  it("a revision already gone counts as deleted", async () => {
    await deployOver();
    f.cloudRun.failNext("deleteRevision", "NotFound", "gone");
    expect((await cleanup()).summary).toBe(`deleted 4 revisions of ${SVC}, kept 5`);
  });

  it("is SKIPPED when the service does not exist", async () => {
    const out = await cleanup();
    expect(out).toEqual({ status: "SKIPPED", summary: `service ${SVC} does not exist: nothing to clean up` });
  });

  it("cancelled between deletes: stops, no delete after the abort", async () => {
    const controller = new AbortController();
    f = fakeDeps(controller.signal);
    await deployOver();
    f.cloudRun.beforeCall("deleteRevision", () => controller.abort());
    expect(await cleanup()).toEqual({ status: "FAILURE", summary: "cancelled" });
    expect(f.journal.calls("cloudRun.deleteRevision")).toHaveLength(1);
    expect(f.journal.entries.filter((e) => e.afterAbort && e.mutating)).toEqual([]);
  });
});
