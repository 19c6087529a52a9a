// CLOUDRUN_PROMOTE against the in-memory fakes.
import type { Service, TrafficTarget } from "@cr/cloudrun/pure";
import { beforeEach, describe, expect, it } from "vitest";
import { InMemoryCloudRun } from "../../test/fake-cloud-run.js";
import { fakeDeps } from "../../test/fake-deps.js";
import { Journal } from "../../test/fake-journal.js";
import { A, B, BASELINE_TRAFFIC, C, CANDIDATE, REV, routing, SVC, seedBaseline } from "../../test/fixtures.js";
import { fakesEachTest, stageRuns } from "../../test/stage-runs.js";
import { METADATA_LAST_TRAFFIC, METADATA_TRAFFIC_SNAPSHOT } from "../metadata-keys.js";
import type { WriteOptions } from "../ports.js";

const IMAGE = "gcr.io/demo/helloworld:v2";
const f = fakesEachTest();
const { sync, syncSkip, promote: promoteTo, rollback } = stageRuns(f);

describe("CLOUDRUN_PROMOTE", () => {
  it("after SYNC: exactly one mutating call per step, the rest shared in proportion, tags kept", async () => {
    seedBaseline(f.cloudRun);
    expect((await syncSkip()).status).toBe("SUCCESS");
    const steps: [number, string[]][] = [
      [10, [`${A}:81:blue`, `${B}:9`, `${C}:0:preview`, `${CANDIDATE}:10`]],
      [50, [`${A}:45:blue`, `${B}:5`, `${C}:0:preview`, `${CANDIDATE}:50`]],
      [100, [`${A}:0:blue`, `${C}:0:preview`, `${CANDIDATE}:100`]],
    ];
    for (const [percent, want] of steps) {
      const before = f.journal.mutations().length;
      const out = await promoteTo(percent);
      expect(out).toEqual({ status: "SUCCESS", summary: `revision ${CANDIDATE} serves ${percent}% of ${SVC}` });
      expect(f.journal.mutationCallsSince(before)).toEqual(["cloudRun.updateTraffic"]);
      expect(routing(f.cloudRun.peek(SVC))).toEqual(want.sort());
      expect(f.metadata.lastStage()).toMatchObject({
        revision: CANDIDATE,
        percent: String(percent),
        service_name: SVC,
      });
    }
    expect(f.cloudRun.revisionNames(SVC)).toHaveLength(4);
  });

  it("a re-run of the same step changes nothing", async () => {
    seedBaseline(f.cloudRun);
    await syncSkip();
    await promoteTo(50);
    const before = f.journal.mutations().length;
    expect((await promoteTo(50)).status).toBe("SUCCESS");
    expect(f.journal.mutations()).toHaveLength(before);
    expect(f.log.text()).toMatch(/already is as planned/);
  });

  it("without a SYNC before it, deploys the candidate first (snapshot first), then promotes", async () => {
    seedBaseline(f.cloudRun);
    const out = await promoteTo(10);
    expect(out.status).toBe("SUCCESS");
    expect(f.journal.mutations().map((e) => e.call)).toEqual(["cloudRun.applyService", "cloudRun.updateTraffic"]);
    const snapshotPut = f.journal.indexOf((e) => e.call === "metadata.put" && e.target === METADATA_TRAFFIC_SNAPSHOT);
    expect(snapshotPut).toBeGreaterThanOrEqual(0);
    expect(snapshotPut).toBeLessThan(f.journal.indexOf((e) => e.call === "cloudRun.applyService"));
    expect(JSON.parse(f.metadata.deployment.get(METADATA_TRAFFIC_SNAPSHOT) ?? "").traffic.targets).toEqual([
      { revision: A, percent: 90, tag: "blue" },
      { revision: B, percent: 10 },
      { revision: C, percent: 0, tag: "preview" },
    ]);
    expect(routing(f.cloudRun.peek(SVC))).toEqual(
      [`${A}:81:blue`, `${B}:9`, `${C}:0:preview`, `${CANDIDATE}:10`].sort(),
    );
  });

  it("without a SYNC: the first PROMOTE has nothing to compare, the next one checks what it wrote", async () => {
    seedBaseline(f.cloudRun);
    expect((await promoteTo(10)).status).toBe("SUCCESS");
    expect(f.log.text()).toMatch(/has not written traffic yet/);
    f.cloudRun.concurrentWrite(SVC, [REV(A, 100, "blue"), REV(C, 0, "preview")]);
    const before = f.journal.mutations().length;
    const out = await promoteTo(50);
    expect(out.status).toBe("FAILURE");
    expect(out.summary).toBe(
      `traffic of ${SVC} was changed outside this deployment since its last step (${A}: 81% → 100%, ${CANDIDATE}: 10% → 0%, ${B}: 9% → 0%)`,
    );
    expect(f.journal.mutations()).toHaveLength(before);
  });

  it("waits for a candidate that is still getting ready", async () => {
    seedBaseline(f.cloudRun);
    f.cloudRun.setImageReadiness(IMAGE, { mode: "never" });
    const synced = await sync({ skipTrafficShift: true, readinessTimeoutMs: 10 });
    expect(synced.status).toBe("FAILURE");
    f.cloudRun.beforeCall("waitUntilReady", () => f.cloudRun.settleRevision(CANDIDATE, "ready"));
    expect((await promoteTo(10)).status).toBe("SUCCESS");
  });

  it("fails when the candidate failed readiness", async () => {
    seedBaseline(f.cloudRun);
    f.cloudRun.setImageReadiness(IMAGE, { mode: "fail", reason: "CONTAINER_MISSING", message: "image not found" });
    await syncSkip();
    const out = await promoteTo(10);
    expect(out).toEqual({
      status: "FAILURE",
      summary: `the candidate revision ${CANDIDATE} is not ready: CONTAINER_MISSING: image not found`,
    });
    expect(f.journal.calls("cloudRun.updateTraffic")).toEqual([]);
  });

  it("on an etag conflict with the traffic unchanged, reads again and applies once more", async () => {
    seedBaseline(f.cloudRun);
    await syncSkip();
    f.cloudRun.beforeCall("updateTraffic", () => f.cloudRun.concurrentWrite(SVC));
    const out = await promoteTo(10);
    expect(out.status).toBe("SUCCESS");
    expect(f.journal.calls("cloudRun.updateTraffic")).toHaveLength(2);
    expect(routing(f.cloudRun.peek(SVC))).toContain(`${CANDIDATE}:10`);
  });

  it("on an etag conflict with the traffic changed by someone else, fails naming the difference", async () => {
    seedBaseline(f.cloudRun);
    await syncSkip();
    f.cloudRun.beforeCall("updateTraffic", () =>
      f.cloudRun.concurrentWrite(SVC, [REV(A, 100, "blue"), REV(C, 0, "preview")]),
    );
    const out = await promoteTo(10);
    expect(out.status).toBe("FAILURE");
    expect(out.summary).toBe(
      `concurrent modification: the traffic of ${SVC} was changed by someone else while this stage ran (${A}: 90% → 100%, ${B}: 10% → 0%)`,
    );
    expect(f.journal.calls("cloudRun.updateTraffic")).toHaveLength(1);
    expect(routing(f.cloudRun.peek(SVC))).toEqual([`${A}:100:blue`, `${C}:0:preview`]);
  });

  it("fails when the applied split does not match what was written", async () => {
    class Lagging extends InMemoryCloudRun {
      override async updateTraffic(id: string, traffic: TrafficTarget[], o: WriteOptions): Promise<Service> {
        const before = this.peek(id)?.trafficStatuses;
        const out = await super.updateTraffic(id, traffic, o);
        const svc = this.services.get(id);
        if (svc && before) svc.statuses = before; // Cloud Run "applied" something else
        return { ...out, trafficStatuses: before ?? [] };
      }
    }
    const journal = new Journal();
    const cloudRun = new Lagging(journal);
    Object.assign(f, { journal, cloudRun, deps: { ...f.deps, cloudRun } });
    seedBaseline(cloudRun);
    f.metadata.deployment.set("service-id", SVC);
    f.metadata.deployment.set("candidate-revision", B);
    const out = await promoteTo(50);
    expect(out.status).toBe("FAILURE");
    expect(out.summary).toMatch(/^traffic verification failed: .*helloworld-b: 50% → 10%/);
  });

  it("fails when nothing else serves to take the rest", async () => {
    await sync();
    const out = await promoteTo(10);
    expect(out.status).toBe("FAILURE");
    expect(out.summary).toMatch(/cannot give helloworld-v2-abc1234 10% of helloworld: .*no other revision serves/);
  });

  it("cancelled before it starts: no call", async () => {
    const controller = new AbortController();
    controller.abort();
    Object.assign(f, fakeDeps(controller.signal));
    expect(await promoteTo(10)).toEqual({ status: "FAILURE", summary: "cancelled" });
    expect(f.journal.entries).toEqual([]);
  });

  it("cancelled while reading: no mutation after the abort", async () => {
    const controller = new AbortController();
    Object.assign(f, fakeDeps(controller.signal));
    seedBaseline(f.cloudRun);
    await syncSkip();
    f.cloudRun.beforeCall("getService", () => controller.abort());
    expect(await promoteTo(10)).toEqual({ status: "FAILURE", summary: "cancelled" });
    expect(f.journal.entries.filter((e) => e.afterAbort && e.mutating)).toEqual([]);
    expect(f.cloudRun.peek(SVC)?.traffic).toEqual(BASELINE_TRAFFIC);
  });
});

describe("CLOUDRUN_PROMOTE when the traffic was changed outside the deployment (onTrafficDrift)", () => {
  /** What the console does between two steps: someone sends everything back to a. */
  const manualEdit = () => f.cloudRun.concurrentWrite(SVC, [REV(A, 100, "blue"), REV(C, 0, "preview")]);
  const DRIFT = `traffic of ${SVC} was changed outside this deployment since its last step (${A}: 81% → 100%, ${CANDIDATE}: 10% → 0%, ${B}: 9% → 0%)`;
  const lastWritten = () => JSON.parse(f.metadata.deployment.get(METADATA_LAST_TRAFFIC) ?? "null");

  beforeEach(async () => {
    seedBaseline(f.cloudRun);
    expect((await syncSkip()).status).toBe("SUCCESS");
  });

  it("SYNC and every PROMOTE record the split they left in the deployment metadata", async () => {
    expect(lastWritten()).toMatchObject({ service: SVC, deploymentId: "deployment-1" });
    await promoteTo(10);
    expect(lastWritten().traffic.targets).toEqual([
      { revision: CANDIDATE, percent: 10 },
      { revision: A, percent: 81, tag: "blue" },
      { revision: B, percent: 9 },
      { revision: C, percent: 0, tag: "preview" },
    ]);
  });

  it("no change since the last step: one write as before, and the log says the traffic is as left", async () => {
    await promoteTo(10);
    const before = f.journal.mutations().length;
    expect((await promoteTo(50)).status).toBe("SUCCESS");
    expect(f.journal.mutationCallsSince(before)).toEqual(["cloudRun.updateTraffic"]);
    expect(f.log.text()).toContain(`The traffic of ${SVC} is as this deployment last left it`);
    expect(f.log.errors()).toEqual([]);
  });

  it('changed, "fail" (the default): FAILURE naming the differences, and no write at all', async () => {
    await promoteTo(10);
    manualEdit();
    const before = f.journal.mutations().length;
    const recordBefore = f.metadata.deployment.get(METADATA_LAST_TRAFFIC);
    const out = await promoteTo(50);
    expect(out).toEqual({ status: "FAILURE", summary: DRIFT });
    expect(f.journal.mutations()).toHaveLength(before);
    expect(f.log.errors()).toEqual([DRIFT]);
    expect(f.log.text()).toMatch(/Traffic this deployment last wrote:/);
    expect(f.log.text()).toMatch(/onTrafficDrift: "overwrite"/);
    expect(routing(f.cloudRun.peek(SVC))).toEqual([`${A}:100:blue`, `${C}:0:preview`]);
    expect(f.metadata.deployment.get(METADATA_LAST_TRAFFIC)).toBe(recordBefore);
  });

  it('changed, "overwrite": a warning naming the differences, then exactly one write from the live split', async () => {
    await promoteTo(10);
    manualEdit();
    const before = f.journal.mutations().length;
    const out = await promoteTo(50, "overwrite");
    expect(out).toEqual({ status: "SUCCESS", summary: `revision ${CANDIDATE} serves 50% of ${SVC}` });
    expect(f.journal.mutationCallsSince(before)).toEqual(["cloudRun.updateTraffic"]);
    expect(f.log.text()).toContain(
      `Warning: ${DRIFT}; onTrafficDrift is "overwrite": promoting from the current split`,
    );
    expect(f.log.errors()).toEqual([]);
    expect(routing(f.cloudRun.peek(SVC))).toEqual([`${A}:50:blue`, `${C}:0:preview`, `${CANDIDATE}:50`].sort());
    // The split it wrote is the new reference.
    expect(lastWritten().traffic.targets).toContainEqual({ revision: CANDIDATE, percent: 50 });
  });

  it("a change between SYNC and the first PROMOTE counts too", async () => {
    f.cloudRun.concurrentWrite(SVC, [REV(A, 100, "blue"), REV(C, 0, "preview")]);
    const out = await promoteTo(10);
    expect(out).toEqual({
      status: "FAILURE",
      summary: `traffic of ${SVC} was changed outside this deployment since its last step (${A}: 90% → 100%, ${B}: 10% → 0%)`,
    });
    expect(f.journal.calls("cloudRun.updateTraffic")).toEqual([]);
  });

  it("the candidate is gone and must be deployed again: the check comes before that deploy", async () => {
    manualEdit();
    f.metadata.deployment.set("candidate-revision", "helloworld-gone");
    const before = f.journal.mutations().length;
    const out = await promoteTo(10);
    expect(out.status).toBe("FAILURE");
    expect(out.summary).toMatch(/^traffic of helloworld was changed outside this deployment since its last step/);
    expect(f.journal.mutations()).toHaveLength(before);
  });

  it("a change of another field (same traffic) is not drift", async () => {
    await promoteTo(10);
    f.cloudRun.concurrentWrite(SVC);
    expect((await promoteTo(50)).status).toBe("SUCCESS");
  });

  it("a re-run of a step whose write landed but whose record was lost converges without a write", async () => {
    await promoteTo(10);
    const afterTen = f.metadata.deployment.get(METADATA_LAST_TRAFFIC) ?? "";
    await promoteTo(50);
    f.metadata.deployment.set(METADATA_LAST_TRAFFIC, afterTen); // the crash came before the record
    const before = f.journal.mutations().length;
    expect((await promoteTo(50)).status).toBe("SUCCESS");
    expect(f.journal.mutations()).toHaveLength(before);
    expect(f.log.text()).toMatch(/already is what this step makes of the split this deployment last wrote/);
  });

  it("nothing recorded by this deployment: nothing to compare, it proceeds", async () => {
    f.metadata.deployment.delete(METADATA_LAST_TRAFFIC);
    manualEdit();
    const before = f.journal.mutations().length;
    expect((await promoteTo(10)).status).toBe("SUCCESS");
    expect(f.journal.mutationCallsSince(before)).toEqual(["cloudRun.updateTraffic"]);
    expect(f.log.text()).toMatch(/has not written traffic yet: there is no earlier step to compare/);
    expect(routing(f.cloudRun.peek(SVC))).toEqual([`${A}:90:blue`, `${C}:0:preview`, `${CANDIDATE}:10`].sort());
  });

  it('an unreadable record: "fail" stops without a write, "overwrite" warns and proceeds', async () => {
    f.metadata.deployment.set(METADATA_LAST_TRAFFIC, "{not json");
    const failed = await promoteTo(10);
    expect(failed.status).toBe("FAILURE");
    expect(failed.summary).toMatch(/^the traffic this deployment last wrote is unreadable \(.*not valid JSON\)/);
    expect(f.journal.calls("cloudRun.updateTraffic")).toEqual([]);
    expect((await promoteTo(10, "overwrite")).status).toBe("SUCCESS");
    expect(f.log.text()).toMatch(/Warning: the traffic this deployment last wrote is unreadable/);
  });

  it("fails when the split it wrote cannot be recorded (the next step could not check it)", async () => {
    f.metadata.failPuts = 1;
    const out = await promoteTo(10);
    expect(out.status).toBe("FAILURE");
    expect(out.summary).toMatch(/^storing deployment metadata last-traffic failed: Unavailable/);
  });

  it("ROLLBACK after a refused step restores the pre-deployment split and says it overrides the manual change", async () => {
    await promoteTo(10);
    manualEdit();
    expect((await promoteTo(50)).status).toBe("FAILURE");
    const out = await rollback();
    expect(out.status).toBe("SUCCESS");
    expect(f.log.text()).toContain(`Warning: ${DRIFT}; the rollback overrides that change`);
    expect(routing(f.cloudRun.peek(SVC))).toEqual([`${A}:90:blue`, `${B}:10`, `${C}:0:preview`].sort());
  });
});
