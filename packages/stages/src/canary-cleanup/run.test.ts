// CLOUDRUN_CANARY_CLEANUP against the in-memory fakes.
import type { CanaryCleanupStageOptions } from "@cr/config";
import { describe, expect, it } from "vitest";
import { fakeDeps } from "../../test/fake-deps.js";
import { CANDIDATE, REV, SVC, stageInput } from "../../test/fixtures.js";
import { fakesEachTest, stageRuns } from "../../test/stage-runs.js";
import { DELETE_CONCURRENCY } from "../prune/prune.js";
import { runCanaryCleanupStage } from "./run.js";

const f = fakesEachTest({ readyTripwire: false });
const { syncSkip, promote } = stageRuns(f);
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
  await syncSkip();
  await promote(100);
}

describe("CLOUDRUN_CANARY_CLEANUP", () => {
  it("keeps the keepCount most recent revisions and older protected ones; logs why each is kept", async () => {
    await deployOver();
    const out = await cleanup();
    // The 2 most recent: candidate (serving, latest) and r8 (served before); r1 is older but tagged.
    expect(out).toEqual({ status: "SUCCESS", summary: `deleted 6 revisions of ${SVC}, kept 3` });
    expect(f.cloudRun.revisionNames(SVC).sort()).toEqual([CANDIDATE, R(1), R(8)].sort());
    expect(f.metadata.lastStage()).toEqual({
      service_name: SVC,
      deleted_revisions: [2, 3, 4, 5, 6, 7].map(R).join(","),
    });
    const text = f.log.text();
    expect(text).toMatch(
      new RegExp(
        `keep {4}${CANDIDATE} \\(serves traffic, latest created revision, latest ready revision, this deployment's revision, newest revision \\(keepLatest\\)\\)`,
      ),
    );
    expect(text).toMatch(/keep {4}helloworld-r8 \(served before this deployment\)/);
    expect(text).toMatch(/keep {4}helloworld-r1 \(carries a tag, served before this deployment\)/);
    for (const i of [2, 3, 4, 5, 6, 7]) expect(text).toContain(`Deleted revision ${R(i)}`);
    expect(text).toContain(
      `Cleanup of ${SVC}: deleted 6 of 6 planned (${[2, 3, 4, 5, 6, 7].map(R).join(", ")}); kept 3`,
    );
    expect(f.journal.calls("cloudRun.updateTraffic")).toHaveLength(1); // only PROMOTE's: cleanup never touches traffic
  });

  it("keeps everything when keepCount covers every revision", async () => {
    await deployOver();
    expect((await cleanup({ keepCount: 9 })).summary).toBe(`deleted 0 revisions of ${SVC}, kept 9`);
    expect(f.log.text()).toMatch(/keep {4}helloworld-r7 \(among the most recent \(keepCount\)\)/);
  });

  it("a failed delete is a warning and does not fail the stage", async () => {
    await deployOver();
    f.cloudRun.failNext("deleteRevision", "PermissionDenied", "missing run.revisions.delete");
    const out = await cleanup();
    expect(out.status).toBe("SUCCESS");
    expect(out.summary).toBe(`deleted 5 revisions of ${SVC}, kept 3; 1 could not be deleted`);
    expect(f.log.errors()).toEqual([]);
    expect(f.log.text()).toContain(
      `Warning: could not delete revision ${R(2)}: PermissionDenied: missing run.revisions.delete`,
    );
    expect(f.log.text()).toContain(`not deleted: ${R(2)}`);
  });

  it("every delete failing: SUCCESS with a warning per revision, traffic untouched", async () => {
    await deployOver();
    const before = await f.cloudRun.getService(SVC, new AbortController().signal);
    f.cloudRun.failNext("deleteRevision", "Unavailable", "Cloud Run is unavailable", 100);
    const out = await cleanup();
    expect(out).toEqual({
      status: "SUCCESS",
      summary: `deleted 0 revisions of ${SVC}, kept 3; 6 could not be deleted`,
    });
    expect(f.log.text().match(/Warning: could not delete revision/g)).toHaveLength(6);
    const after = await f.cloudRun.getService(SVC, new AbortController().signal);
    expect(after?.traffic).toEqual(before?.traffic);
    expect(f.cloudRun.revisionNames(SVC)).toHaveLength(9);
  });

  it("a failed read ends the cleanup early with a warning, and the stage still succeeds", async () => {
    await deployOver();
    f.cloudRun.failNext("getService", "PermissionDenied", "run.services.get denied");
    const out = await cleanup();
    expect(out.status).toBe("SUCCESS");
    expect(out.summary).toMatch(/^cleanup incomplete: reading service helloworld failed: PermissionDenied/);
    expect(f.log.text()).toContain("Warning: the cleanup stopped early; the rollout is not affected");
    expect(f.journal.calls("cloudRun.deleteRevision")).toEqual([]);
  });

  it("a failed revision list deletes nothing, with a warning", async () => {
    await deployOver();
    f.cloudRun.failNext("listRevisions", "Unavailable", "try again");
    const out = await cleanup();
    expect(out).toEqual({ status: "SUCCESS", summary: `deleted 0 revisions of ${SVC}, kept 0` });
    expect(f.log.text()).toContain(`Warning: listing the revisions of ${SVC} failed (Unavailable: try again)`);
  });

  it("an invalid keepCount fails the stage before any call", async () => {
    const out = await cleanup({ keepCount: -1 });
    expect(out.status).toBe("FAILURE");
    expect(out.summary).toMatch(/invalid keepCount -1/);
    expect(f.journal.entries).toEqual([]);
  });

  it(`deletes at most ${DELETE_CONCURRENCY} revisions at a time`, async () => {
    const many = Array.from({ length: 30 }, (_, i) => ({ name: R(i + 1) }));
    f.cloudRun.seed(SVC, many, [REV(R(30), 100)]);
    let inFlight = 0;
    let most = 0;
    f.cloudRun.beforeCall(
      "deleteRevision",
      async () => {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setImmediate(resolve));
        inFlight--;
      },
      100,
    );
    const out = await cleanup({ keepCount: 1 });
    expect(out.summary).toBe(`deleted 29 revisions of ${SVC}, kept 1`);
    expect(most).toBe(DELETE_CONCURRENCY);
  });

  it("a revision already gone counts as deleted", async () => {
    await deployOver();
    f.cloudRun.failNext("deleteRevision", "NotFound", "gone");
    expect((await cleanup()).summary).toBe(`deleted 6 revisions of ${SVC}, kept 3`);
  });

  it("is SKIPPED when the service does not exist", async () => {
    const out = await cleanup();
    expect(out).toEqual({ status: "SKIPPED", summary: `service ${SVC} does not exist: nothing to clean up` });
  });

  it("cancelled between deletes: stops, no delete after the abort", async () => {
    const controller = new AbortController();
    Object.assign(f, fakeDeps(controller.signal));
    await deployOver();
    f.cloudRun.beforeCall("deleteRevision", () => controller.abort());
    expect(await cleanup()).toEqual({ status: "FAILURE", summary: "cancelled" });
    expect(f.journal.calls("cloudRun.deleteRevision")).toHaveLength(1);
    expect(f.journal.entries.filter((e) => e.afterAbort && e.mutating)).toEqual([]);
    expect(f.log.text()).toMatch(/deleted 0 of 6 planned; 6 not finished \(cancelled\)/);
  });
});
