// Traffic through the real client: validation, tags and their URLs, pinned targets, LATEST.
import { describe, expect, it } from "vitest";
import { codeOf, type IService, REVISION_T, serviceName, shortName, template, useHarness } from "../test/harness.js";
import { parseServiceName, serviceUri } from "./names.js";
import { MAX_TAG_AND_SERVICE_LENGTH, normalizeTraffic, validateTraffic } from "./traffic.js";
import { LATEST, REVISION } from "./types.js";

const LATEST_T = "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST" as const;
const h = useHarness();

/** A service with two ready revisions: `<id>-one` (img:1) and `<id>-two` (img:2, latest). */
async function twoRevisions(id = "hello"): Promise<IService> {
  const v1 = await h.createService(id, { template: template("img:1", { revision: `${id}-one` }) });
  return h.updateService({ ...v1, template: template("img:2", { revision: `${id}-two` }) });
}

describe("traffic validation (INVALID_ARGUMENT)", () => {
  const cases = [
    {
      name: "percentages not adding up to 100",
      traffic: [{ type: REVISION_T, revision: "hello-one", percent: 60 }],
      message: "add up to 100",
    },
    {
      name: "a revision that does not exist",
      traffic: [{ type: REVISION_T, revision: "hello-ghost", percent: 100 }],
      message: "Revision 'hello-ghost' does not exist",
    },
    {
      name: "a LATEST target naming a revision",
      traffic: [{ type: LATEST_T, revision: "hello-one", percent: 100 }],
      message: "must not name a revision",
    },
    {
      name: "a REVISION target without a revision",
      traffic: [{ type: REVISION_T, percent: 100 }],
      message: "must name a revision",
    },
    {
      name: "a tag that is not a DNS label",
      traffic: [{ type: LATEST_T, percent: 100, tag: "Canary_1" }],
      message: "tag 'Canary_1' is invalid",
    },
    {
      name: "a duplicated tag",
      traffic: [
        { type: REVISION_T, revision: "hello-one", percent: 50, tag: "x" },
        { type: REVISION_T, revision: "hello-two", percent: 50, tag: "x" },
      ],
      message: "more than one traffic target",
    },
    {
      name: "a tag that makes tag + service name longer than 46 characters",
      traffic: [{ type: LATEST_T, percent: 100, tag: `t${"a".repeat(MAX_TAG_AND_SERVICE_LENGTH - "hello".length)}` }],
      message: "Combined traffic tag and service name cannot exceed 46 characters",
    },
    {
      name: "a percent above 100",
      traffic: [
        { type: REVISION_T, revision: "hello-one", percent: 150 },
        { type: REVISION_T, revision: "hello-two", percent: -50 },
      ],
      message: "percent must be an integer between 0 and 100",
    },
  ];

  it.each(cases)("rejects $name", async ({ traffic, message }) => {
    const svc = await twoRevisions();
    const res = await codeOf(h.services.updateService({ service: { ...svc, traffic } }));
    expect(res.code).toBe(3);
    expect(res.message).toContain(message);
    const after = await h.services.getService({ name: serviceName("hello") });
    expect(after[0].generation).toBe(svc.generation);
  });

  it("accepts a tag of exactly 46 characters with the service name", async () => {
    const svc = await twoRevisions();
    const tag = `t${"a".repeat(MAX_TAG_AND_SERVICE_LENGTH - "hello".length - 1)}`;
    const updated = await h.updateService({ ...svc, traffic: [{ type: LATEST_T, percent: 100, tag }] });
    expect(updated.trafficStatuses?.[0]?.tag).toBe(tag);
  });

  it("pure validation: an unspecified type is LATEST without a revision and REVISION with one", () => {
    const id = parseServiceName(serviceName("hello"));
    const targets = normalizeTraffic(id, [
      { percent: 40 },
      { revision: `${serviceName("hello")}/revisions/r1`, percent: 60 },
    ]);
    expect(targets).toEqual([
      { type: LATEST, percent: 40 },
      { type: REVISION, revision: "r1", percent: 60 },
    ]);
    expect(() => validateTraffic(id, targets, (n) => n === "r1")).not.toThrow();
    expect(normalizeTraffic(id, [])).toEqual([{ type: LATEST, percent: 100 }]);
  });
});

describe("traffic_statuses and URIs", () => {
  it("resolves pinned and tagged targets, with a URI per tag", async () => {
    const svc = await twoRevisions();
    const updated = await h.updateService({
      ...svc,
      traffic: [
        { type: REVISION_T, revision: "hello-one", percent: 90, tag: "stable" },
        { type: REVISION_T, revision: "hello-two", percent: 10, tag: "canary" },
        { type: LATEST_T, percent: 0, tag: "latest" },
      ],
    });
    const base = serviceUri(parseServiceName(serviceName("hello")));
    expect(updated.uri).toBe(base);
    expect(updated.urls).toEqual([base]);
    const host = base.replace("https://", "");
    expect(updated.trafficStatuses).toEqual([
      { type: REVISION_T, revision: "hello-one", percent: 90, tag: "stable", uri: `https://stable---${host}` },
      { type: REVISION_T, revision: "hello-two", percent: 10, tag: "canary", uri: `https://canary---${host}` },
      { type: LATEST_T, revision: "hello-two", percent: 0, tag: "latest", uri: `https://latest---${host}` },
    ]);
    expect(updated.uri).toMatch(/^https:\/\/hello-[a-z0-9]{10}-uc\.a\.run\.app$/);
  });

  it("keeps pinned traffic where it is when a new revision is deployed (the new one gets 0%)", async () => {
    const svc = await twoRevisions();
    const pinned = await h.updateService({
      ...svc,
      traffic: [{ type: REVISION_T, revision: "hello-one", percent: 100 }],
    });
    const next = await h.updateService({ ...pinned, template: template("img:3", { revision: "hello-three" }) });
    expect(shortName(next.latestReadyRevision)).toBe("hello-three");
    expect(next.trafficStatuses?.map((s) => [s.revision, s.percent])).toEqual([["hello-one", 100]]);
    expect(await h.listRevisionNames("hello")).toEqual(["hello-three", "hello-two", "hello-one"]);
  });

  it("moves LATEST to the newest ready revision", async () => {
    const svc = await twoRevisions();
    expect(svc.trafficStatuses?.map((s) => [s.type, s.revision, s.percent])).toEqual([[LATEST_T, "hello-two", 100]]);
    const next = await h.updateService({ ...svc, template: template("img:3") });
    expect(next.trafficStatuses?.[0]?.revision).toBe(shortName(next.latestReadyRevision));
  });

  it("lets traffic pin the revision created by the same request", async () => {
    const svc = await twoRevisions();
    const next = await h.updateService({
      ...svc,
      template: template("img:3", { revision: "hello-three" }),
      traffic: [
        { type: REVISION_T, revision: "hello-two", percent: 80 },
        { type: REVISION_T, revision: "hello-three", percent: 20, tag: "canary" },
      ],
    });
    expect(next.trafficStatuses?.map((s) => [s.revision, s.percent, s.tag ?? ""])).toEqual([
      ["hello-two", 80, ""],
      ["hello-three", 20, "canary"],
    ]);
  });
});
