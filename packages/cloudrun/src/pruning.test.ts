// planPrune: which old revisions a cleanup deletes, which it keeps and why.
import { describe, expect, it } from "vitest";
import { PruneOptionsError, type PruneRevision, type PruneServiceView, planPrune } from "./pruning.js";

const full = (r: string) => `projects/p/locations/l/services/s/revisions/${r}`;

/** s-1 (oldest) … s-8 (newest), one hour apart. */
const revisions: PruneRevision[] = Array.from({ length: 8 }, (_, i) => ({
  name: full(`s-${i + 1}`),
  createTime: new Date(Date.UTC(2026, 0, 1, i)).toISOString(),
}));

const pinned = (revision: string, percent = 100): PruneServiceView => ({
  traffic: [{ type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION", revision, percent }],
  latestCreatedRevision: full("s-8"),
  latestReadyRevision: full("s-8"),
});

const short = (names: string[]) => names.map((n) => n.slice(n.lastIndexOf("/") + 1));

describe("planPrune never deletes", () => {
  it.each([
    {
      name: "a serving revision (traffic)",
      service: pinned("s-2"),
      reason: "serving",
      revision: "s-2",
    },
    {
      name: "a serving revision (trafficStatuses only)",
      service: {
        ...pinned("s-8"),
        trafficStatuses: [{ type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION" as const, revision: "s-3", percent: 5 }],
      },
      reason: "serving",
      revision: "s-3",
    },
    {
      name: "a revision LATEST resolves to in trafficStatuses",
      service: {
        ...pinned("s-8"),
        trafficStatuses: [
          { type: "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST" as const, revision: full("s-4"), percent: 100 },
        ],
      },
      reason: "serving",
      revision: "s-4",
    },
    {
      name: "a tagged revision at 0 %",
      service: {
        ...pinned("s-8"),
        traffic: [
          { type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION" as const, revision: "s-8", percent: 100 },
          { type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION" as const, revision: "s-1", percent: 0, tag: "old" },
        ],
      },
      reason: "tagged",
      revision: "s-1",
    },
    {
      name: "the latest created revision",
      service: { ...pinned("s-8"), latestCreatedRevision: full("s-2") },
      reason: "latest-created",
      revision: "s-2",
    },
    {
      name: "the latest ready revision",
      service: { ...pinned("s-8"), latestReadyRevision: "s-2" },
      reason: "latest-ready",
      revision: "s-2",
    },
  ])("$name", ({ service, reason, revision }) => {
    const plan = planPrune(revisions, service, { keepCount: 0 });
    expect(short(plan.delete)).not.toContain(revision);
    expect(plan.keep.find((k) => k.name === full(revision))?.reasons).toContain(reason);
  });

  it("a protected revision", () => {
    const plan = planPrune(revisions, pinned("s-8"), { keepCount: 0, protected: ["s-3", full("s-1")] });
    expect(short(plan.delete)).toEqual(["s-2", "s-4", "s-5", "s-6", "s-7"]);
    expect(plan.keep.filter((k) => k.reasons.includes("protected")).map((k) => k.name)).toEqual([
      full("s-3"),
      full("s-1"),
    ]);
  });

  it("a revision without a parsable createTime", () => {
    const plan = planPrune([...revisions, { name: "s-x" }, { name: "s-y", createTime: "yesterday" }], pinned("s-8"), {
      keepCount: 0,
    });
    expect(plan.delete).not.toContain("s-x");
    expect(plan.keep.find((k) => k.name === "s-y")?.reasons).toEqual(["unknown-age"]);
  });

  it("the LATEST target's revision when traffic is empty", () => {
    const plan = planPrune(revisions, { latestReadyRevision: "s-5", latestCreatedRevision: "s-8" }, { keepCount: 0 });
    expect(plan.keep.find((k) => k.name === full("s-5"))?.reasons).toEqual(["serving", "latest-ready"]);
  });
});

describe("planPrune keepCount / keepLatest", () => {
  it.each([
    { name: "keepCount 0", keepCount: 0, keepLatest: true, deleted: ["s-1", "s-2", "s-3", "s-4", "s-5", "s-6"] },
    {
      name: "keepCount 2 keeps the two most recent (the serving and latest ones among them)",
      keepCount: 2,
      keepLatest: true,
      deleted: ["s-1", "s-2", "s-3", "s-4", "s-5", "s-6"],
    },
    {
      name: "keepCount 4 keeps the four most recent",
      keepCount: 4,
      keepLatest: true,
      deleted: ["s-1", "s-2", "s-3", "s-4"],
    },
    { name: "keepCount larger than the list", keepCount: 50, keepLatest: true, deleted: [] },
    {
      name: "keepLatest false changes nothing when the newest is latest-created",
      keepCount: 3,
      keepLatest: false,
      deleted: ["s-1", "s-2", "s-3", "s-4", "s-5"],
    },
  ])("$name", ({ keepCount, keepLatest, deleted }) => {
    // s-7 serves, s-8 is latest created and ready.
    const plan = planPrune(revisions, pinned("s-7"), { keepCount, keepLatest });
    expect(short(plan.delete)).toEqual(deleted);
  });

  it("keepLatest keeps the newest revision even when the service view is stale", () => {
    const stale: PruneServiceView = { ...pinned("s-5"), latestCreatedRevision: "s-5", latestReadyRevision: "s-5" };
    const unprotected = ["s-1", "s-2", "s-3", "s-4", "s-6", "s-7"]; // all but s-5 (serving) and s-8 (newest)
    expect(short(planPrune(revisions, stale, { keepCount: 0 }).delete)).toEqual(unprotected);
    expect(planPrune(revisions, stale, { keepCount: 0 }).keep[0]).toEqual({ name: full("s-8"), reasons: ["newest"] });
    expect(short(planPrune(revisions, stale, { keepCount: 0, keepLatest: false }).delete)).toEqual([
      ...unprotected,
      "s-8",
    ]);
  });

  it("keepCount counts the revisions kept for another reason among the most recent; older ones are kept on top", () => {
    const service: PruneServiceView = {
      traffic: [
        { type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION", revision: "s-8", percent: 100 },
        { type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION", revision: "s-7", percent: 0, tag: "prev" },
      ],
      latestCreatedRevision: "s-8",
      latestReadyRevision: "s-8",
    };
    const plan = planPrune(revisions, service, { keepCount: 3 });
    expect(plan.keep.map((k) => [k.name.slice(-3), k.reasons])).toEqual([
      ["s-8", ["serving", "latest-created", "latest-ready", "newest"]],
      ["s-7", ["tagged"]],
      ["s-6", ["keep-count"]],
    ]);
    expect(short(plan.delete)).toEqual(["s-1", "s-2", "s-3", "s-4", "s-5"]);
    const older = planPrune(
      revisions,
      { ...service, traffic: [...(service.traffic ?? []), { revision: "s-2", percent: 0, tag: "old" }] },
      { keepCount: 1 },
    );
    expect(short(older.keep.map((k) => k.name))).toEqual(["s-8", "s-7", "s-2"]);
    expect(short(older.delete)).toEqual(["s-1", "s-3", "s-4", "s-5", "s-6"]);
  });

  it("orders by createTime, then by name, and ignores input order", () => {
    const same = "2026-01-01T00:00:00Z";
    const input: PruneRevision[] = [
      { name: "s-00002-b", createTime: same },
      { name: "s-00010-z", createTime: "2026-02-01T00:00:00Z" },
      { name: "s-00003-c", createTime: same },
      { name: "s-00001-a", createTime: same },
    ];
    const plan = planPrune(
      input,
      { latestCreatedRevision: "s-00010-z", latestReadyRevision: "s-00010-z" },
      { keepCount: 2 },
    );
    expect(plan.keep.map((k) => k.name)).toEqual(["s-00010-z", "s-00003-c"]);
    expect(plan.delete).toEqual(["s-00001-a", "s-00002-b"]);
  });

  it("rejects a bad keepCount", () => {
    expect(() => planPrune(revisions, pinned("s-8"), { keepCount: -1 })).toThrowError(PruneOptionsError);
    expect(() => planPrune(revisions, pinned("s-8"), { keepCount: 1.5 })).toThrowError(PruneOptionsError);
  });
});
