/**
 * Every traffic write of a deployment leaves an applied-traffic record (an application object)
 * that live state compares the live split with.
 */
import { describe, expect, it } from "vitest";
import { A, B, C, CANDIDATE, DEPLOYMENT, SVC, seedBaseline } from "../../test/fixtures.js";
import { fakesEachTest, stageRuns } from "../../test/stage-runs.js";
import { APP_OBJECT_APPLIED_TRAFFIC } from "../metadata-keys.js";
import { parseAppliedTraffic, recordedSplit } from "../records/applied-traffic.js";

const f = fakesEachTest({ readyTripwire: false });
const { sync, syncSkip, promote, rollback } = stageRuns(f);

function recorded() {
  const text = f.metadata.appObjects.get(APP_OBJECT_APPLIED_TRAFFIC);
  if (text === undefined) return undefined;
  const parsed = parseAppliedTraffic(text);
  if (!parsed.ok) throw new Error(parsed.problem);
  return { ...parsed.record, split: recordedSplit(parsed.record) };
}

describe("the applied-traffic record", () => {
  it("SYNC records the split it left, after the traffic write", async () => {
    await sync();
    expect(recorded()).toMatchObject({
      version: 1,
      service: SVC,
      deploymentId: DEPLOYMENT.id,
      rolledBack: false,
      split: [{ type: "REVISION", revision: CANDIDATE, percent: 100 }],
    });
    const write = f.journal.indexOf((e) => e.call === "cloudRun.updateTraffic");
    const record = f.journal.indexOf((e) => e.call === "metadata.putAppObject");
    expect(record).toBeGreaterThan(write);
  });

  it("each PROMOTE replaces it with the split it left; tags included", async () => {
    seedBaseline(f.cloudRun);
    await syncSkip("canary");
    expect(recorded()?.split).toContainEqual({ type: "REVISION", revision: CANDIDATE, percent: 0, tag: "canary" });
    await promote(10);
    expect(recorded()?.split).toEqual(
      expect.arrayContaining([
        { type: "REVISION", revision: CANDIDATE, percent: 10, tag: "canary" },
        { type: "REVISION", revision: A, percent: 81, tag: "blue" },
        { type: "REVISION", revision: B, percent: 9 },
        { type: "REVISION", revision: C, percent: 0, tag: "preview" },
      ]),
    );
    expect(f.journal.calls("metadata.putAppObject")).toHaveLength(2);
  });

  it("ROLLBACK records the restored split and marks it rolled back", async () => {
    seedBaseline(f.cloudRun);
    await sync();
    const out = await rollback();
    expect(out.status).toBe("SUCCESS");
    expect(recorded()).toMatchObject({ rolledBack: true });
    expect(recorded()?.split).toEqual(
      expect.arrayContaining([
        { type: "REVISION", revision: A, percent: 90, tag: "blue" },
        { type: "REVISION", revision: B, percent: 10 },
      ]),
    );
  });

  it("is written best effort: a failure is an error line, the stage still succeeds", async () => {
    f.metadata.failAppObjectPuts = 1;
    const out = await sync();
    expect(out.status).toBe("SUCCESS");
    expect(f.log.errors().join("\n")).toContain("Could not record the applied traffic for drift detection");
    expect(recorded()).toBeUndefined();
  });

  it("is not written when the stage fails before any traffic write", async () => {
    f.cloudRun.setImageReadiness("gcr.io/demo/helloworld:v2", {
      mode: "fail",
      reason: "CONTAINER_MISSING",
      message: "x",
    });
    expect((await sync()).status).toBe("FAILURE");
    expect(f.journal.calls("metadata.putAppObject")).toEqual([]);
  });
});
