// The fault script through real clients: fail, stall and release, apply-then-fail, etag bumps, scoping.
import { describe, expect, it } from "vitest";
import { codeOf, LRO, plain, REVISION_T, serviceName, template, useHarness, waitUntil } from "../test/harness.js";

const h = useHarness();

describe("fail N times", () => {
  it("answers the injected code N times, then behaves normally", async () => {
    const svc = await h.createService("hello", { template: template("img:1") });
    h.emu.control.failNext("UpdateService", "UNAVAILABLE", 2);
    const change = { service: { ...svc, labels: { a: "b" } } };
    expect((await codeOf(h.services.updateService(change))).code).toBe(14);
    expect((await codeOf(h.services.updateService(change))).code).toBe(14);
    expect((await h.getService("hello")).generation).toBe("1");
    const [op] = await h.services.updateService(change, LRO);
    await op.promise();
    expect((await h.getService("hello")).labels).toEqual({ a: "b" });
    const updates = h.emu.control.journal({ method: "UpdateService" });
    expect(updates.map((e) => [e.code, e.applied, e.faults])).toEqual([
      ["UNAVAILABLE", false, ["fail"]],
      ["UNAVAILABLE", false, ["fail"]],
      ["OK", true, []],
    ]);
    expect(h.emu.control.faults()).toEqual([]);
  });

  it("can be scoped to one resource", async () => {
    await h.createService("a", { template: template("img:1") });
    await h.createService("b", { template: template("img:1") });
    h.emu.control.failNext("GetService", "PERMISSION_DENIED", "always", { resource: serviceName("a") });
    expect((await codeOf(h.services.getService({ name: serviceName("a") }))).code).toBe(7);
    expect((await codeOf(h.services.getService({ name: serviceName("a") }))).code).toBe(7);
    expect((await h.getService("b")).name).toBe(serviceName("b"));
  });
});

describe("stall", () => {
  it("holds a call until released, then applies it", async () => {
    const svc = await h.createService("hello", { template: template("img:1") });
    const id = h.emu.control.stall("UpdateService");
    const pending = h.services.updateService({ service: { ...svc, labels: { late: "yes" } } }, LRO);
    await waitUntil(() => h.emu.control.heldCalls(id) === 1);
    expect((await h.getService("hello")).labels).toEqual({});
    const [entry] = h.emu.control.journal({ method: "UpdateService" });
    expect(entry?.code).toBeUndefined();
    expect(h.emu.control.release(id)).toBe(1);
    const [op] = await pending;
    await op.promise();
    expect((await h.getService("hello")).labels).toEqual({ late: "yes" });
  });

  it("does not apply a stalled call whose caller gave up", async () => {
    const svc = await h.createService("hello", { template: template("img:1") });
    const id = h.emu.control.stall("UpdateService");
    const res = await codeOf(h.services.updateService({ service: { ...svc, labels: { a: "b" } } }, { timeout: 50 }));
    expect(res.code).toBe(4);
    await waitUntil(() => h.emu.control.journal({ method: "UpdateService" })[0]?.code !== undefined);
    expect(h.emu.control.journal({ method: "UpdateService" })[0]).toMatchObject({ code: "CANCELLED", applied: false });
    expect(h.emu.control.heldCalls(id)).toBe(0);
    expect((await h.getService("hello")).labels).toEqual({});
  });

  it("holds a call for a fixed delay", async () => {
    await h.createService("hello", { template: template("img:1") });
    h.emu.control.clearJournal();
    h.emu.control.stall("GetService", { delayMs: 80 });
    const started = performance.now();
    await h.getService("hello");
    expect(performance.now() - started).toBeGreaterThanOrEqual(75);
    const [entry] = h.emu.control.journal({ method: "GetService" });
    expect(entry?.faults).toEqual(["stall"]);
  });
});

describe("apply then fail", () => {
  it("applies the mutation but answers the error (lost reply)", async () => {
    const svc = await h.createService("hello", { template: template("img:1") });
    h.emu.control.applyThenFail("UpdateService", "UNAVAILABLE");
    const res = await codeOf(h.services.updateService({ service: { ...svc, template: template("img:2") } }));
    expect(res.code).toBe(14);
    await waitUntil(async () => !(await h.getService("hello")).reconciling);
    const after = await h.getService("hello");
    expect(after.generation).toBe("2");
    expect(after.template?.containers?.[0]?.image).toBe("img:2");
    expect(await h.listRevisionNames("hello")).toHaveLength(2);
    const [entry] = h.emu.control.journal({ method: "UpdateService" });
    expect(entry).toMatchObject({ code: "UNAVAILABLE", applied: true, faults: ["applyThenFail"] });
  });

  it("applies the mutation but ends the operation with the error", async () => {
    const svc = await h.createService("hello", { template: template("img:1") });
    h.emu.control.applyThenFail("UpdateService", "INTERNAL", { on: "operation", message: "boom" });
    const [op] = await h.services.updateService({ service: { ...svc, labels: { a: "b" } } }, LRO);
    expect(await codeOf(op.promise())).toMatchObject({ code: 13, message: expect.stringContaining("boom") });
    expect((await h.getService("hello")).labels).toEqual({ a: "b" });
  });

  it("refuses on: operation for a method without an operation", () => {
    expect(() => h.emu.control.applyThenFail("GetService", "INTERNAL", { on: "operation" })).toThrow(/operation/);
  });
});

describe("concurrent writers", () => {
  it("bumpEtagAfter makes the etag just read stale, so the write is ABORTED", async () => {
    await h.createService("hello", { template: template("img:1") });
    h.emu.control.bumpEtagAfter("GetService");
    const read = await h.getService("hello");
    const res = await codeOf(h.services.updateService({ service: { ...read, labels: { a: "b" } } }));
    expect(res.code).toBe(10);
    const fresh = await h.getService("hello");
    expect(fresh.etag).not.toBe(read.etag);
    const ok = await h.updateService({ ...fresh, labels: { a: "b" } });
    expect(ok.labels).toEqual({ a: "b" });
  });

  it("bumpEtag changes the etag and generation immediately", async () => {
    const before = await h.createService("hello", { template: template("img:1") });
    const etag = h.emu.control.bumpEtag(serviceName("hello"));
    const after = await h.getService("hello");
    expect(after.etag).toBe(etag);
    expect(after.etag).not.toBe(before.etag);
    expect(after.generation).toBe("2");
    expect(after.observedGeneration).toBe("2");
    expect(() => h.emu.control.bumpEtag(serviceName("missing"))).toThrow(/does not exist/);
  });

  it("setTraffic changes traffic behind the client's back (validated, applied, new etag)", async () => {
    const v1 = await h.createService("hello", { template: template("img:1", { revision: "hello-one" }) });
    const v2 = await h.updateService({ ...v1, template: template("img:2", { revision: "hello-two" }) });
    h.emu.control.setTraffic(serviceName("hello"), [
      { type: "REVISION", revision: "hello-one", percent: 70 },
      { type: "REVISION", revision: "hello-two", percent: 30, tag: "canary" },
    ]);
    const after = await h.getService("hello");
    expect(after.etag).not.toBe(v2.etag);
    expect(after.traffic?.map((t) => [t.type, t.revision, t.percent, t.tag])).toEqual([
      [REVISION_T, "hello-one", 70, ""],
      [REVISION_T, "hello-two", 30, "canary"],
    ]);
    expect(after.trafficStatuses?.map((s) => [s.revision, s.percent])).toEqual([
      ["hello-one", 70],
      ["hello-two", 30],
    ]);
    expect(() =>
      h.emu.control.setTraffic(serviceName("hello"), [{ type: "REVISION", revision: "hello-one", percent: 10 }]),
    ).toThrow(/add up to 100/);
  });
});

describe("journal and reset", () => {
  it("records every call with method, summary, mutating flag and time", async () => {
    const [op] = await h.services.createService(
      {
        parent: "projects/test-project/locations/us-central1",
        serviceId: "hello",
        service: { template: template("img:1") },
      },
      LRO,
    );
    const [created] = await op.promise();
    await codeOf(h.services.getService({ name: serviceName("nope") }));
    const svc = plain(created);
    await h.services.updateService({ service: { ...svc, labels: { a: "b" } }, validateOnly: true });

    const entries = h.emu.control.journal();
    const create = entries[0];
    expect(create).toMatchObject({
      seq: expect.any(Number),
      method: "CreateService",
      mutating: true,
      applied: true,
      code: "OK",
      resource: serviceName("hello"),
      request: {
        parent: "projects/test-project/locations/us-central1",
        serviceId: "hello",
        service: { images: ["img:1"] },
      },
    });
    expect(Number.isNaN(Date.parse(create?.time ?? ""))).toBe(false);
    const methods = entries.map((e) => e.method);
    expect(methods[0]).toBe("CreateService");
    expect(methods.slice(1, -2).every((m) => m === "GetOperation")).toBe(true);
    expect(methods.slice(-2)).toEqual(["GetService", "UpdateService"]);
    expect(entries.at(-2)).toMatchObject({ code: "NOT_FOUND", mutating: false });
    expect(entries.at(-1)).toMatchObject({ mutating: false, request: { validateOnly: true } });
    expect(h.emu.control.journal({ mutating: true }).map((e) => e.method)).toEqual(["CreateService"]);
  });

  it("reset forgets services, operations, faults, rules and the journal", async () => {
    await h.createService("hello", { template: template("img:1") });
    h.emu.control.failNext("ListServices", "INTERNAL");
    h.emu.control.setImageReadiness("img:x", { mode: "never" });
    h.emu.control.reset();
    expect(h.emu.control.faults()).toEqual([]);
    expect(h.emu.control.imageReadiness()).toEqual({});
    expect(h.emu.control.journal()).toEqual([]);
    expect((await codeOf(h.services.getService({ name: serviceName("hello") }))).code).toBe(5);
    expect(h.emu.control.journal().map((e) => e.method)).toEqual(["GetService"]);
  });
});
