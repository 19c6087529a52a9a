/**
 * Every traffic write of a deployment leaves an applied-traffic record (an application object)
 * that live state compares the live split with.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fakeDeps } from "../../test/fake-deps.js";
import {
  A,
  B,
  C,
  CANDIDATE,
  DEPLOYMENT,
  promoteOptions,
  SECRET_ENV_VALUE,
  SVC,
  seedBaseline,
  stageInput,
} from "../../test/fixtures.js";
import { APP_OBJECT_APPLIED_TRAFFIC } from "../metadata-keys.js";
import { runPromoteStage } from "../promote/run.js";
import { parseAppliedTraffic, recordedSplit } from "../records/applied-traffic.js";
import { runRollbackStage } from "../rollback/run.js";
import { runSyncStage } from "../sync/run.js";

let f: ReturnType<typeof fakeDeps>;
beforeEach(() => {
  f = fakeDeps();
});
afterEach(() => {
  expect(f.log.text()).not.toContain(SECRET_ENV_VALUE);
});

function recorded() {
  const text = f.metadata.appObjects.get(APP_OBJECT_APPLIED_TRAFFIC);
  if (text === undefined) return undefined;
  const parsed = parseAppliedTraffic(text);
  if (!parsed.ok) throw new Error(parsed.problem);
  return { ...parsed.record, split: recordedSplit(parsed.record) };
}

const sync = (skipTrafficShift: boolean, tag?: string) =>
  runSyncStage(stageInput({ skipTrafficShift, prune: false, ...(tag ? { tag } : {}) }), f.deps);
const promote = (percent: number) => runPromoteStage(stageInput(promoteOptions(percent)), f.deps);

describe("the applied-traffic record", () => {
  it("SYNC records the split it left, after the traffic write", async () => {
    await sync(false);
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
    await sync(true, "canary");
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
    await sync(false);
    const out = await runRollbackStage(stageInput({}), f.deps);
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
    const out = await sync(false);
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
    expect((await sync(false)).status).toBe("FAILURE");
    expect(f.journal.calls("metadata.putAppObject")).toEqual([]);
  });
});
