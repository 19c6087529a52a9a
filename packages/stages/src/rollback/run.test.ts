// CLOUDRUN_ROLLBACK against the in-memory fakes.
import { describe, expect, it } from "vitest";
import { fakeDeps } from "../../test/fake-deps.js";
import { A, B, C, CANDIDATE, LATEST_BASELINE_TRAFFIC, REV, routing, SVC, seedBaseline } from "../../test/fixtures.js";
import { fakesEachTest, stageRuns } from "../../test/stage-runs.js";
import { METADATA_TRAFFIC_SNAPSHOT } from "../metadata-keys.js";
import { NO_PREVIOUS_DEPLOYMENT } from "./run.js";

const f = fakesEachTest();
const runs = stageRuns(f);
/** SYNC, by default without traffic shift. */
const sync = (skipTrafficShift = true) => runs.sync({ skipTrafficShift });
const { syncSkip, promote, rollback } = runs;

describe("CLOUDRUN_ROLLBACK", () => {
  it("restores the exact pre-deployment split after PROMOTE 50 (LATEST pinned, tags kept, new tags dropped)", async () => {
    seedBaseline(f.cloudRun, LATEST_BASELINE_TRAFFIC);
    await syncSkip("canary");
    await promote(50);
    expect(routing(f.cloudRun.peek(SVC))).toEqual([`${A}:0:blue`, `${B}:50`, `${CANDIDATE}:50:canary`].sort());
    const before = f.journal.mutations().length;
    const out = await rollback();
    expect(out).toEqual({
      status: "SUCCESS",
      summary: `rolled back ${SVC} to the traffic that served before the deployment`,
    });
    expect(f.journal.mutationCallsSince(before)).toEqual(["cloudRun.updateTraffic"]);
    expect(f.cloudRun.peek(SVC)?.traffic).toEqual([REV(B, 100), REV(A, 0, "blue")]);
    expect(routing(f.cloudRun.peek(SVC))).toEqual([`${A}:0:blue`, `${B}:100`]);
    expect(f.log.text()).toMatch(/Traffic before the deployment \(to restore\)/);
  });

  it("restores the baseline after a failed SYNC (the candidate never got traffic)", async () => {
    seedBaseline(f.cloudRun);
    f.cloudRun.setImageReadiness("gcr.io/demo/helloworld:v2", {
      mode: "fail",
      reason: "CONTAINER_MISSING",
      message: "x",
    });
    expect((await sync(false)).status).toBe("FAILURE");
    const out = await rollback();
    expect(out.status).toBe("SUCCESS");
    expect(routing(f.cloudRun.peek(SVC))).toEqual([`${A}:90:blue`, `${B}:10`, `${C}:0:preview`].sort());
    // Nothing to write: the failed SYNC only pinned the traffic, which equals the snapshot.
    expect(f.journal.calls("cloudRun.updateTraffic")).toEqual([]);
  });

  it("a re-run changes nothing", async () => {
    seedBaseline(f.cloudRun);
    await sync();
    await promote(50);
    await rollback();
    const before = f.journal.mutations().length;
    expect((await rollback()).status).toBe("SUCCESS");
    expect(f.journal.mutations()).toHaveLength(before);
  });

  it("on a first deployment changes nothing: FAILURE, no previous deployment", async () => {
    expect((await sync(false)).status).toBe("SUCCESS");
    const calls = f.journal.entries.length;
    const out = await rollback();
    expect(out).toEqual({ status: "FAILURE", summary: NO_PREVIOUS_DEPLOYMENT });
    expect(f.journal.entries.slice(calls).filter((e) => e.call.startsWith("cloudRun."))).toEqual([]);
    expect(f.log.errors().join("\n")).toMatch(/did not exist before this deployment \(first deployment\)/);
    expect(routing(f.cloudRun.peek(SVC))).toEqual([`${CANDIDATE}:100`]);
  });

  it("without any snapshot changes nothing: FAILURE, no previous deployment", async () => {
    seedBaseline(f.cloudRun);
    const out = await rollback();
    expect(out).toEqual({ status: "FAILURE", summary: NO_PREVIOUS_DEPLOYMENT });
    expect(f.journal.entries.filter((e) => e.call.startsWith("cloudRun."))).toEqual([]);
    expect(f.log.errors().join("\n")).toMatch(/recorded no pre-deployment snapshot/);
  });

  it("fails listing the snapshot's revisions that no longer exist, changing nothing", async () => {
    seedBaseline(f.cloudRun);
    await sync();
    await promote(50);
    f.cloudRun.services.get(SVC)?.revisions.delete(C);
    f.cloudRun.services.get(SVC)?.revisions.delete(B);
    const before = f.journal.mutations().length;
    const out = await rollback();
    expect(out).toEqual({
      status: "FAILURE",
      summary: `cannot roll back ${SVC}: revisions ${B}, ${C} no longer exist; traffic was not changed`,
    });
    expect(f.journal.mutations()).toHaveLength(before);
  });

  it("overrides a concurrent traffic change (rollback restores the baseline)", async () => {
    seedBaseline(f.cloudRun);
    await sync();
    await promote(50);
    f.cloudRun.beforeCall("updateTraffic", () => f.cloudRun.concurrentWrite(SVC, [REV(CANDIDATE, 100)]));
    const out = await rollback();
    expect(out.status).toBe("SUCCESS");
    expect(f.log.text()).toMatch(/Someone else changed the traffic of helloworld .*overriding it/);
    expect(routing(f.cloudRun.peek(SVC))).toEqual([`${A}:90:blue`, `${B}:10`, `${C}:0:preview`].sort());
  });

  it("with a revision: all traffic to it, every tag kept at 0%", async () => {
    seedBaseline(f.cloudRun);
    await syncSkip("canary");
    await promote(50);
    const out = await rollback(C);
    expect(out).toEqual({ status: "SUCCESS", summary: `rolled back ${SVC}: revision ${C} serves 100%` });
    expect(routing(f.cloudRun.peek(SVC))).toEqual(
      [`${C}:100`, `${A}:0:blue`, `${C}:0:preview`, `${CANDIDATE}:0:canary`].sort(),
    );
    expect(f.metadata.lastStage()).toMatchObject({ revision: C, service_name: SVC });
  });

  it.each([
    { name: "does not exist", revision: `${SVC}-gone`, want: `revision ${SVC}-gone no longer exists` },
    { name: "is not ready", revision: CANDIDATE, want: `not ready: ${CANDIDATE} (CONTAINER_MISSING: boom)` },
  ])("with a revision that $name: FAILURE naming it, nothing changed", async ({ revision, want }) => {
    seedBaseline(f.cloudRun);
    f.cloudRun.setImageReadiness("gcr.io/demo/helloworld:v2", {
      mode: "fail",
      reason: "CONTAINER_MISSING",
      message: "boom",
    });
    await sync();
    const before = f.journal.mutations().length;
    const out = await rollback(revision);
    expect(out.status).toBe("FAILURE");
    expect(out.summary).toContain(want);
    expect(f.journal.mutations()).toHaveLength(before);
  });

  it("reads the snapshot written by SYNC", async () => {
    seedBaseline(f.cloudRun);
    await sync();
    expect(JSON.parse(f.metadata.deployment.get(METADATA_TRAFFIC_SNAPSHOT) ?? "").existed).toBe(true);
  });

  it("cancelled: no mutation after the abort", async () => {
    const controller = new AbortController();
    Object.assign(f, fakeDeps(controller.signal));
    seedBaseline(f.cloudRun);
    await sync();
    await promote(50);
    f.cloudRun.beforeCall("getRevision", () => controller.abort());
    expect(await rollback()).toEqual({ status: "FAILURE", summary: "cancelled" });
    expect(f.journal.entries.filter((e) => e.afterAbort && e.mutating)).toEqual([]);
  });
});
