// Revisions through the real client: naming, reuse, listing, and DeleteRevision refusals.
import { describe, expect, it } from "vitest";
import {
  codeOf,
  type IService,
  LRO,
  REVISION_T,
  revisionName,
  serviceName,
  startHarness,
  template,
  useHarness,
} from "../test/harness.js";
import { DEFAULT_MAX_REVISIONS } from "./server.js";

const h = useHarness();

async function deployMany(id: string, count: number): Promise<IService> {
  let svc = await h.createService(id, { template: template("img:1", { revision: `${id}-r1` }) });
  for (let i = 2; i <= count; i++) {
    svc = await h.updateService({ ...svc, template: template(`img:${i}`, { revision: `${id}-r${i}` }) });
  }
  return svc;
}

describe("revision names", () => {
  const invalid = [
    {
      name: "without the service prefix",
      revision: "other-1",
      message: "must be prefixed by the name of the enclosing Service",
    },
    { name: "with upper-case letters", revision: "hello-ABC", message: "only lowercase letters" },
    { name: "with a trailing hyphen", revision: "hello-abc-", message: "cannot end with a '-'" },
    { name: "of 64 characters", revision: `hello-${"a".repeat(58)}`, message: "at most 63 characters" },
    { name: "with an underscore", revision: "hello-a_b", message: "only lowercase letters" },
  ];

  it.each(invalid)("rejects a template.revision $name (INVALID_ARGUMENT)", async ({ revision, message }) => {
    const res = await codeOf(
      h.services.createService({
        parent: "projects/test-project/locations/us-central1",
        serviceId: "hello",
        service: { template: template("img:1", { revision }) },
      }),
    );
    expect(res.code).toBe(3);
    expect(res.message).toContain(message);
  });

  it("accepts a 63-character name", async () => {
    const revision = `hello-${"a".repeat(57)}`;
    const svc = await h.createService("hello", { template: template("img:1", { revision }) });
    expect(svc.latestCreatedRevision).toBe(revisionName("hello", revision));
  });

  it("rejects reusing a revision name with a different template (ALREADY_EXISTS)", async () => {
    const svc = await h.createService("hello", { template: template("img:1", { revision: "hello-v1" }) });
    const res = await codeOf(
      h.services.updateService({ service: { ...svc, template: template("img:2", { revision: "hello-v1" }) } }),
    );
    expect(res).toEqual({ code: 6, message: "Revision named 'hello-v1' with different configuration already exists." });
    expect((await h.getService("hello")).generation).toBe("1");
  });
});

describe("GetRevision / ListRevisions", () => {
  it("copies labels, annotations and containers from the template and reports readiness", async () => {
    await h.createService("hello", {
      template: template("img:1", { revision: "hello-v1", labels: { team: "a" }, annotations: { note: "x" } }),
    });
    const [rev] = await h.revisions.getRevision({ name: revisionName("hello", "hello-v1") });
    expect(rev.name).toBe(revisionName("hello", "hello-v1"));
    expect(rev.service).toBe(serviceName("hello"));
    expect(rev.labels).toEqual({ team: "a" });
    expect(rev.annotations).toEqual({ note: "x" });
    expect(rev.containers?.[0]?.image).toBe("img:1");
    expect(rev.generation).toBe("1");
    expect(rev.reconciling).toBe(false);
    expect(rev.uid).toBeTruthy();
    expect(Number(rev.createTime?.seconds)).toBeGreaterThan(0);
    expect(rev.conditions?.map((c) => [c.type, c.state])).toEqual([
      ["Ready", "CONDITION_SUCCEEDED"],
      ["ResourcesAvailable", "CONDITION_SUCCEEDED"],
      ["ContainerHealthy", "CONDITION_SUCCEEDED"],
      ["Active", "CONDITION_SUCCEEDED"],
    ]);
    expect((await codeOf(h.revisions.getRevision({ name: revisionName("hello", "hello-nope") }))).code).toBe(5);
  });

  it("pages with page_size / page_token, newest first, and rejects a bogus token", async () => {
    await deployMany("hello", 5);
    const seen: string[] = [];
    let token = "";
    let pages = 0;
    do {
      const [revs, , resp] = await h.revisions.listRevisions(
        { parent: serviceName("hello"), pageSize: 2, pageToken: token },
        { autoPaginate: false },
      );
      seen.push(...revs.map((r) => r.name?.split("/").pop() ?? ""));
      token = resp?.nextPageToken ?? "";
      pages += 1;
    } while (token);
    expect(pages).toBe(3);
    expect(seen).toEqual(["hello-r5", "hello-r4", "hello-r3", "hello-r2", "hello-r1"]);
    const bad = h.revisions.listRevisions(
      { parent: serviceName("hello"), pageToken: "garbage" },
      { autoPaginate: false },
    );
    expect((await codeOf(bad)).code).toBe(3);
  });

  it("lists across services with '-'", async () => {
    await h.createService("a", { template: template("img:1", { revision: "a-1" }) });
    await h.createService("b", { template: template("img:1", { revision: "b-1" }) });
    const [revs] = await h.revisions.listRevisions({ parent: serviceName("-") });
    expect(revs.map((r) => r.name?.split("/").pop())).toEqual(["b-1", "a-1"]);
  });
});

describe("DeleteRevision", () => {
  async function setup(): Promise<IService> {
    const svc = await deployMany("hello", 4);
    return h.updateService({
      ...svc,
      traffic: [
        { type: REVISION_T, revision: "hello-r2", percent: 100 },
        { type: REVISION_T, revision: "hello-r3", percent: 0, tag: "preview" },
      ],
    });
  }

  const refusals = [
    { name: "the latest revision", revision: "hello-r4", message: "latest revision" },
    { name: "a revision serving traffic", revision: "hello-r2", message: "traffic configuration" },
    { name: "a tagged revision", revision: "hello-r3", message: "traffic tag 'preview'" },
  ];

  it.each(refusals)("refuses $name with FAILED_PRECONDITION", async ({ revision, message }) => {
    await setup();
    const res = await codeOf(h.revisions.deleteRevision({ name: revisionName("hello", revision) }));
    expect(res.code).toBe(9);
    expect(res.message).toContain(message);
    expect(await h.listRevisionNames("hello")).toContain(revision);
  });

  it("deletes a retired revision (operation response is the Revision), validate_only keeps it", async () => {
    await setup();
    const [dry] = await h.revisions.deleteRevision(
      { name: revisionName("hello", "hello-r1"), validateOnly: true },
      LRO,
    );
    await dry.promise();
    expect(await h.listRevisionNames("hello")).toContain("hello-r1");

    const [op] = await h.revisions.deleteRevision({ name: revisionName("hello", "hello-r1") }, LRO);
    const [deleted] = await op.promise();
    expect(deleted.name).toBe(revisionName("hello", "hello-r1"));
    expect(await h.listRevisionNames("hello")).toEqual(["hello-r4", "hello-r3", "hello-r2"]);
    expect((await codeOf(h.revisions.getRevision({ name: revisionName("hello", "hello-r1") }))).code).toBe(5);
  });

  it("answers ABORTED for a stale revision etag", async () => {
    await setup();
    const res = await codeOf(h.revisions.deleteRevision({ name: revisionName("hello", "hello-r1"), etag: "stale" }));
    expect(res.code).toBe(10);
  });
});

describe("revision cap", () => {
  it("defaults to 1000 revisions per service, as Cloud Run", () => {
    expect(DEFAULT_MAX_REVISIONS).toBe(1000);
  });

  it("removes the oldest revisions that serve nothing and carry no tag once the cap is passed", async () => {
    const small = await startHarness({ maxRevisionsPerService: 3 });
    const h2 = small;
    try {
      let svc = await h2.createService("capped", { template: template("img:1", { revision: "capped-r1" }) });
      svc = await h2.updateService({ ...svc, template: template("img:2", { revision: "capped-r2" }) });
      svc = await h2.updateService({
        ...svc,
        template: template("img:3", { revision: "capped-r3" }),
        traffic: [
          { type: REVISION_T, revision: "capped-r3", percent: 100 },
          { type: REVISION_T, revision: "capped-r1", percent: 0, tag: "old" },
        ],
      });
      svc = await h2.updateService({ ...svc, template: template("img:4", { revision: "capped-r4" }) });
      svc = await h2.updateService({ ...svc, template: template("img:5", { revision: "capped-r5" }) });
      // r1 is tagged, r3 serves 100%, r5 is latest: r2 then r4 went over the cap.
      expect(await h2.listRevisionNames("capped")).toEqual(["capped-r5", "capped-r3", "capped-r1"]);
    } finally {
      await small.close();
    }
  });
});
