// Revision readiness: delays, never-ready and failing images, per-region rules, operations that follow.
import { describe, expect, it } from "vitest";
import { codeOf, LRO, PARENT, REVISION_T, revisionName, shortName, template, useHarness } from "../test/harness.js";

const h = useHarness();

describe("a revision scripted to fail", () => {
  it("fails the operation, reports the reason, and leaves LATEST traffic on the last ready revision", async () => {
    h.emu.control.setImageReadiness("img:bad", { mode: "fail", message: "Container crashed: exit 1" });
    const v1 = await h.createService("hello", { template: template("img:1", { revision: "hello-good" }) });

    const [op] = await h.services.updateService(
      { service: { ...v1, template: template("img:bad", { revision: "hello-bad" }) } },
      LRO,
    );
    const err = await codeOf(op.promise());
    expect(err.code).toBe(9);
    expect(err.message).toContain(
      "Revision 'hello-bad' is not ready and cannot serve traffic. Container crashed: exit 1",
    );

    const svc = await h.getService("hello");
    expect(svc.reconciling).toBe(false);
    expect(svc.terminalCondition?.state).toBe("CONDITION_FAILED");
    expect(svc.terminalCondition?.message).toContain("Container crashed");
    expect(svc.generation).toBe("2");
    expect(svc.observedGeneration).toBe("1");
    expect(shortName(svc.latestCreatedRevision)).toBe("hello-bad");
    expect(shortName(svc.latestReadyRevision)).toBe("hello-good");
    expect(svc.trafficStatuses?.map((s) => [s.type, s.revision, s.percent])).toEqual([
      ["TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST", "hello-good", 100],
    ]);

    const [rev] = await h.revisions.getRevision({ name: revisionName("hello", "hello-bad") });
    const ready = rev.conditions?.find((c) => c.type === "Ready");
    expect(ready).toMatchObject({
      state: "CONDITION_FAILED",
      revisionReason: "HEALTH_CHECK_CONTAINER_ERROR",
      message: "Container crashed: exit 1",
    });
  });

  it("keeps pinned traffic unchanged when the pinned new revision fails, with a CommonReason", async () => {
    h.emu.control.setImageReadiness("gcr.io/p/missing*", {
      mode: "fail",
      reason: "CONTAINER_MISSING",
      message: "Image not found.",
    });
    const v1 = await h.createService("hello", { template: template("img:1", { revision: "hello-good" }) });
    const [op] = await h.services.updateService(
      {
        service: {
          ...v1,
          template: template("gcr.io/p/missing:2", { revision: "hello-bad" }),
          traffic: [{ type: REVISION_T, revision: "hello-bad", percent: 100 }],
        },
      },
      LRO,
    );
    expect((await codeOf(op.promise())).code).toBe(9);
    const svc = await h.getService("hello");
    expect(svc.trafficStatuses?.map((s) => [s.revision, s.percent])).toEqual([["hello-good", 100]]);
    const [rev] = await h.revisions.getRevision({ name: revisionName("hello", "hello-bad") });
    expect(rev.conditions?.find((c) => c.type === "Ready")).toMatchObject({ reason: "CONTAINER_MISSING" });

    // A traffic-only rollback succeeds; the failed latest revision still marks the service failed.
    const rolledBack = await h.updateService({
      ...svc,
      traffic: [{ type: REVISION_T, revision: "hello-good", percent: 100 }],
    });
    expect(rolledBack.traffic?.map((t) => t.revision)).toEqual(["hello-good"]);
    expect(rolledBack.terminalCondition?.state).toBe("CONDITION_FAILED");
  });

  it("rejects an unknown failure reason", () => {
    expect(() => h.emu.control.setImageReadiness("x", { mode: "fail", reason: "NOT_A_REASON" })).toThrow(/reason/);
  });
});

describe("a revision that never becomes ready", () => {
  it("keeps the operation running and the service reconciling, with traffic unchanged", async () => {
    h.emu.control.setImageReadiness("img:stuck", { mode: "never" });
    const v1 = await h.createService("hello", { template: template("img:1", { revision: "hello-good" }) });
    const [op] = await h.services.updateService({ service: { ...v1, template: template("img:stuck") } }, LRO);
    expect(op.done).toBe(false);
    const name = op.name ?? "";
    for (let i = 0; i < 5; i++) {
      const progress = await h.services.checkUpdateServiceProgress(name);
      expect(progress.done).toBe(false);
      await new Promise((r) => setTimeout(r, 10));
    }
    const svc = await h.getService("hello");
    expect(svc.reconciling).toBe(true);
    expect(svc.terminalCondition?.state).toBe("CONDITION_RECONCILING");
    expect(svc.trafficStatuses?.map((s) => s.revision)).toEqual(["hello-good"]);
    const [rev] = await h.revisions.getRevision({ name: svc.latestCreatedRevision ?? "" });
    expect(rev.reconciling).toBe(true);

    // A client deadline ends the wait with DEADLINE_EXCEEDED.
    const [op2] = await h.services.updateService(
      { service: { ...svc, labels: { x: "y" }, template: template("img:stuck", { revision: "hello-stuck2" }) } },
      { longrunning: { ...LRO.longrunning, totalTimeoutMillis: 100 } },
    );
    expect((await codeOf(op2.promise())).code).toBe(4);
  });

  it("honours a per-image ready delay (prefix rules, longest match wins)", async () => {
    h.emu.control.setImageReadiness("gcr.io/p/*", { mode: "never" });
    h.emu.control.setImageReadiness("gcr.io/p/fast*", { mode: "ready", delayMs: 0 });
    const svc = await h.createService("hello", { template: template("gcr.io/p/fast:1") });
    expect(svc.terminalCondition?.state).toBe("CONDITION_SUCCEEDED");
    expect(h.emu.control.imageReadiness()).toEqual({
      "gcr.io/p/*": { mode: "never" },
      "gcr.io/p/fast*": { mode: "ready", delayMs: 0 },
    });
  });
});

describe("a readiness rule scoped to a resource", () => {
  it("fails the image only under that resource (one region), elsewhere it becomes ready", async () => {
    const other = "projects/test-project/locations/asia-northeast1";
    h.emu.control.setImageReadiness("img:regional", { mode: "fail", resource: PARENT });
    expect(h.emu.control.imageReadiness()["img:regional"]).toMatchObject({ mode: "fail", resource: PARENT });

    const [bad] = await h.services.createService(
      { parent: PARENT, serviceId: "hello", service: { template: template("img:regional") } },
      LRO,
    );
    expect((await codeOf(bad.promise())).code).toBe(9);

    const [good] = await h.services.createService(
      { parent: other, serviceId: "hello", service: { template: template("img:regional") } },
      LRO,
    );
    const [svc] = await good.promise();
    expect(svc.latestReadyRevision).toBe(svc.latestCreatedRevision);
    expect(svc.latestReadyRevision).toContain(`${other}/services/hello/revisions/`);
  });

  it("refuses an empty resource", () => {
    expect(() => h.emu.control.setImageReadiness("img:x", { mode: "ready", resource: "" })).toThrow(/resource/);
  });
});
