// Cleanup planning: which revisions to delete and which to keep.
import { describe, expect, it } from "vitest";
import { liveService, REV } from "../../test/fixtures.js";
import { planCleanup } from "./plan.js";

const revs = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    name: `projects/p/locations/l/services/svc/revisions/svc-${i + 1}`,
    createTime: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
  }));

describe("planCleanup", () => {
  // svc-10 serves (and is the latest), svc-9 is tagged; the others serve nothing.
  const live = liveService("svc", [REV("svc-10", 100), REV("svc-9", 0, "blue")], "svc-10");
  it.each([
    {
      name: "keeps the keepCount most recent, the serving and tagged ones among them",
      keepCount: 4,
      keepLatest: false,
      protect: [],
      deleted: [1, 2, 3, 4, 5, 6],
    },
    {
      name: "keepLatest (the newest revision serves anyway)",
      keepCount: 0,
      keepLatest: true,
      protect: [],
      deleted: [1, 2, 3, 4, 5, 6, 7, 8],
    },
    {
      name: "protected revisions survive",
      keepCount: 4,
      keepLatest: false,
      protect: ["svc-1", "svc-3"],
      deleted: [2, 4, 5, 6],
    },
    { name: "keepCount 0", keepCount: 0, keepLatest: false, protect: [], deleted: [1, 2, 3, 4, 5, 6, 7, 8] },
  ])("$name", ({ keepCount, keepLatest, protect, deleted }) => {
    const plan = planCleanup(revs(10), live, { keepCount, keepLatest, protected: protect });
    if (!plan.ok) throw new Error(plan.error);
    expect(plan.plan.delete.map((n) => n.split("/").pop())).toEqual(deleted.map((i) => `svc-${i}`));
  });

  it("fails on a bad keepCount", () => {
    const plan = planCleanup(revs(2), liveService("svc", [REV("svc-2", 100)], "svc-2"), {
      keepCount: -1,
      keepLatest: true,
      protected: [],
    });
    expect(plan.ok).toBe(false);
  });
});
