// Services through the real client: create, get, list, update (masks, validate_only, etags), delete.
import { describe, expect, it } from "vitest";
import { codeOf, LRO, PARENT, plain, serviceName, shortName, template, useHarness } from "../test/harness.js";

const h = useHarness();

describe("CreateService", () => {
  it("returns a running operation that resolves to the ready service, with 100% LATEST traffic by default", async () => {
    const [op] = await h.services.createService(
      { parent: PARENT, serviceId: "hello", service: { template: template("gcr.io/p/hello:1") } },
      LRO,
    );
    expect(op.done).toBe(false);
    const [result] = await op.promise();
    const svc = plain(result);
    expect(svc.name).toBe(serviceName("hello"));
    expect(svc.generation).toBe("1");
    expect(svc.observedGeneration).toBe("1");
    expect(svc.reconciling ?? false).toBe(false);
    expect(svc.terminalCondition?.state).toBe("CONDITION_SUCCEEDED");
    expect(svc.conditions?.map((c) => [c.type, c.state])).toEqual([
      ["RoutesReady", "CONDITION_SUCCEEDED"],
      ["ConfigurationsReady", "CONDITION_SUCCEEDED"],
    ]);
    expect(svc.latestCreatedRevision).toMatch(new RegExp(`^${serviceName("hello")}/revisions/hello-00001-[a-z]{3}$`));
    expect(svc.latestReadyRevision).toBe(svc.latestCreatedRevision);
    expect(svc.traffic).toEqual([{ type: "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST", percent: 100 }]);
    expect(svc.trafficStatuses).toEqual([
      {
        type: "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST",
        revision: shortName(svc.latestCreatedRevision),
        percent: 100,
      },
    ]);
    expect(svc.uri).toMatch(/^https:\/\/hello-[a-z0-9]{10}-uc\.a\.run\.app$/);
    expect(svc.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(svc.etag).toBeTruthy();
    expect(Number(svc.createTime?.seconds)).toBeGreaterThan(0);
  });

  it("rejects an existing service with ALREADY_EXISTS and a bad service id with INVALID_ARGUMENT", async () => {
    await h.createService("hello", { template: template("img:1") });
    const again = h.services.createService({
      parent: PARENT,
      serviceId: "hello",
      service: { template: template("x") },
    });
    expect((await codeOf(again)).code).toBe(6);
    const bad = h.services.createService({ parent: PARENT, serviceId: "Hello-", service: { template: template("x") } });
    expect((await codeOf(bad)).code).toBe(3);
  });

  it("rejects labels in system namespaces and a template without an image", async () => {
    const sys = h.services.createService({
      parent: PARENT,
      serviceId: "hello",
      service: { labels: { "run.googleapis.com/x": "y" }, template: template("img:1") },
    });
    expect(await codeOf(sys)).toMatchObject({ code: 3, message: expect.stringContaining("run.googleapis.com") });
    const noImage = h.services.createService({
      parent: PARENT,
      serviceId: "hello",
      service: { template: { containers: [{}] } },
    });
    expect(await codeOf(noImage)).toMatchObject({ code: 3, message: expect.stringContaining("image") });
  });
});

describe("GetService / ListServices", () => {
  it("answers NOT_FOUND for a missing service", async () => {
    const res = await codeOf(h.services.getService({ name: serviceName("nope") }));
    expect(res.code).toBe(5);
    expect(res.message).toContain("nope");
  });

  it("lists services newest first, page by page", async () => {
    for (const id of ["a", "b", "c"]) await h.createService(id, { template: template("img:1") });
    const [page1, , resp1] = await h.services.listServices({ parent: PARENT, pageSize: 2 }, { autoPaginate: false });
    expect(page1.map((s) => shortName(s.name))).toEqual(["c", "b"]);
    expect(resp1?.nextPageToken).toBeTruthy();
    const [page2, , resp2] = await h.services.listServices(
      { parent: PARENT, pageSize: 2, pageToken: resp1?.nextPageToken ?? "" },
      { autoPaginate: false },
    );
    expect(page2.map((s) => shortName(s.name))).toEqual(["a"]);
    expect(resp2?.nextPageToken ?? "").toBe("");
  });
});

describe("UpdateService", () => {
  it("creates a revision when the template changes, and none for traffic-only or label changes", async () => {
    const v1 = await h.createService("hello", { template: template("img:1") });
    const rev1 = shortName(v1.latestCreatedRevision);

    const v2 = await h.updateService({ ...v1, template: { ...v1.template, containers: [{ image: "img:2" }] } });
    const rev2 = shortName(v2.latestCreatedRevision);
    expect(rev2).toMatch(/^hello-00002-[a-z]{3}$/);
    expect(v2.generation).toBe("2");
    expect(v2.trafficStatuses?.[0]?.revision).toBe(rev2);
    expect(await h.listRevisionNames("hello")).toEqual([rev2, rev1]);

    const v3 = await h.updateService({
      ...v2,
      labels: { team: "a" },
      traffic: [
        { type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION", revision: rev1, percent: 50 },
        { type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION", revision: rev2, percent: 50 },
      ],
    });
    expect(v3.generation).toBe("3");
    expect(v3.observedGeneration).toBe("3");
    expect(shortName(v3.latestCreatedRevision)).toBe(rev2);
    expect(await h.listRevisionNames("hello")).toEqual([rev2, rev1]);
    expect(v3.trafficStatuses?.map((s) => [s.revision, s.percent])).toEqual([
      [rev1, 50],
      [rev2, 50],
    ]);
  });

  it("validate_only answers the would-be service and changes nothing", async () => {
    const before = await h.createService("hello", { template: template("img:1") });
    const [op] = await h.services.updateService(
      { service: { ...before, template: template("img:2") }, validateOnly: true },
      LRO,
    );
    expect(op.done).toBe(true);
    const [result] = await op.promise();
    const preview = plain(result);
    expect(preview.generation).toBe("2");
    expect(preview.template?.containers?.[0]?.image).toBe("img:2");

    const after = await h.getService("hello");
    expect(after.generation).toBe("1");
    expect(after.etag).toBe(before.etag);
    expect(after.template?.containers?.[0]?.image).toBe("img:1");
    expect(await h.listRevisionNames("hello")).toHaveLength(1);
    const update = h.emu.control.journal({ method: "UpdateService" });
    expect(update.map((e) => [e.mutating, e.applied])).toEqual([[false, false]]);
  });

  it("creates a missing service only with allow_missing", async () => {
    const service = { name: serviceName("fresh"), template: template("img:1") };
    expect((await codeOf(h.services.updateService({ service }))).code).toBe(5);
    const created = await h.updateService(service, { allowMissing: true });
    expect(created.generation).toBe("1");
    expect(created.terminalCondition?.state).toBe("CONDITION_SUCCEEDED");
  });

  it("answers ABORTED for a stale etag and accepts the current one", async () => {
    const v1 = await h.createService("hello", { template: template("img:1") });
    const v2 = await h.updateService({ ...v1, labels: { a: "1" } });
    expect(v2.etag).not.toBe(v1.etag);
    const stale = await codeOf(h.services.updateService({ service: { ...v2, etag: v1.etag, labels: { a: "2" } } }));
    expect(stale.code).toBe(10);
    const ok = await h.updateService({ ...v2, labels: { a: "2" } });
    expect(ok.labels).toEqual({ a: "2" });
    expect((await codeOf(h.services.deleteService({ name: serviceName("hello"), etag: v1.etag ?? "" }))).code).toBe(10);
  });

  it("accepts a re-sent template.revision with the same template, and a cleared name creates a new revision", async () => {
    const v1 = await h.createService("hello", { template: template("img:1", { revision: "hello-blue" }) });
    expect(shortName(v1.latestCreatedRevision)).toBe("hello-blue");
    const same = await h.updateService({ ...v1, labels: { touched: "yes" } });
    expect(await h.listRevisionNames("hello")).toEqual(["hello-blue"]);
    expect(same.generation).toBe("2");

    const cleared = await h.updateService({ ...same, template: { ...same.template, revision: "" } });
    expect(shortName(cleared.latestCreatedRevision)).toMatch(/^hello-00002-[a-z]{3}$/);
    expect(await h.listRevisionNames("hello")).toHaveLength(2);
  });

  it("re-selecting an older revision by name with its template makes it latest without creating one", async () => {
    const v1 = await h.createService("hello", { template: template("img:1", { revision: "hello-one" }) });
    const v2 = await h.updateService({ ...v1, template: template("img:2", { revision: "hello-two" }) });
    expect(shortName(v2.latestReadyRevision)).toBe("hello-two");
    const back = await h.updateService({ ...v2, template: template("img:1", { revision: "hello-one" }) });
    expect(shortName(back.latestCreatedRevision)).toBe("hello-one");
    expect(back.trafficStatuses?.[0]?.revision).toBe("hello-one");
    expect(await h.listRevisionNames("hello")).toEqual(["hello-two", "hello-one"]);
  });

  it("update_mask changes only the named fields", async () => {
    const v1 = await h.createService("hello", { labels: { keep: "me" }, template: template("img:1") });
    const v2 = await h.updateService(
      { name: v1.name, description: "new", labels: {}, template: template("ignored:9") },
      { updateMask: { paths: ["description"] } },
    );
    expect(v2.description).toBe("new");
    expect(v2.labels).toEqual({ keep: "me" });
    expect(v2.template?.containers?.[0]?.image).toBe("img:1");
    const bad = h.services.updateService({ service: { name: v1.name }, updateMask: { paths: ["uid"] } });
    expect((await codeOf(bad)).code).toBe(3);
  });

  it("fills the documented defaults", async () => {
    const svc = await h.createService("hello", { template: template("img:1") });
    expect(svc.ingress).toBe("INGRESS_TRAFFIC_ALL");
    expect(svc.launchStage).toBe("GA");
    expect(svc.template?.maxInstanceRequestConcurrency).toBe(80);
    expect(svc.template?.timeout?.seconds).toBe("300");
    expect(svc.template?.scaling?.maxInstanceCount).toBe(100);
    expect(svc.template?.containers?.[0]?.ports).toEqual([{ name: "http1", containerPort: 8080 }]);
    expect(svc.template?.containers?.[0]?.resources?.limits).toEqual({ cpu: "1000m", memory: "512Mi" });
  });
});

describe("DeleteService and unimplemented methods", () => {
  it("deletes a service with its revisions", async () => {
    const v1 = await h.createService("hello", { template: template("img:1") });
    const [op] = await h.services.deleteService({ name: serviceName("hello") }, LRO);
    const [deleted] = await op.promise();
    expect(plain(deleted).deleteTime).toBeTruthy();
    expect((await codeOf(h.services.getService({ name: serviceName("hello") }))).code).toBe(5);
    expect((await codeOf(h.revisions.getRevision({ name: v1.latestCreatedRevision ?? "" }))).code).toBe(5);
  });

  it("answers UNIMPLEMENTED for IAM methods and journals them", async () => {
    const res = await codeOf(h.services.getIamPolicy({ resource: serviceName("hello") }));
    expect(res.code).toBe(12);
    expect(h.emu.control.journal().map((e) => [e.method, e.code])).toEqual([["GetIamPolicy", "UNIMPLEMENTED"]]);
  });
});
