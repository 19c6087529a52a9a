// Planning one promote step on plain data.
import type { SplitTarget, TrafficSplit } from "@cr/cloudrun/pure";
import { describe, expect, it } from "vitest";
import { liveService, REV } from "../../test/fixtures.js";
import { planPromoteStep } from "./plan.js";

const R = (revision: string, percent: number, tag?: string): SplitTarget =>
  tag ? { type: "REVISION", revision, percent, tag } : { type: "REVISION", revision, percent };
const sorted = (s: TrafficSplit) => [...s].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
const C = "svc-d";

describe("planPromoteStep", () => {
  it.each([
    {
      name: "10% from one serving revision",
      traffic: [REV("svc-a", 100)],
      percent: 10,
      next: [R(C, 10), R("svc-a", 90)],
    },
    {
      name: "10% shared in proportion, tags kept",
      traffic: [REV("svc-a", 90, "blue"), REV("svc-b", 10), REV("svc-c", 0, "preview"), REV(C, 0, "canary")],
      percent: 10,
      next: [R("svc-a", 81, "blue"), R("svc-b", 9), R("svc-c", 0, "preview"), R(C, 10, "canary")],
    },
    {
      name: "50% after 10%",
      traffic: [REV(C, 10), REV("svc-a", 81, "blue"), REV("svc-b", 9)],
      percent: 50,
      next: [R(C, 50), R("svc-a", 45, "blue"), R("svc-b", 5)],
    },
    {
      name: "100%: the others keep only their tags",
      traffic: [REV(C, 50), REV("svc-a", 45, "blue"), REV("svc-b", 5)],
      percent: 100,
      next: [R(C, 100), R("svc-a", 0, "blue")],
    },
    {
      name: "0% (smoke test)",
      traffic: [REV("svc-a", 100)],
      percent: 0,
      next: [R("svc-a", 100)],
      noop: true,
    },
    {
      name: "a decreasing step (50 → 30)",
      traffic: [REV(C, 50), REV("svc-a", 50)],
      percent: 30,
      next: [R(C, 30), R("svc-a", 70)],
    },
    {
      name: "LATEST is resolved to the latest ready revision",
      traffic: [REV("LATEST", 100, "live")],
      percent: 10,
      next: [R(C, 10), R("svc-b", 90, "live")],
    },
    {
      name: "largest-remainder rounding sums to 100",
      traffic: [REV("svc-a", 34), REV("svc-b", 33), REV("svc-x", 33)],
      percent: 10,
      next: [R(C, 10), R("svc-a", 30), R("svc-b", 30), R("svc-x", 30)],
    },
  ])("$name", ({ traffic, percent, next, noop = false }) => {
    const plan = planPromoteStep(liveService("svc", traffic, "svc-b"), C, percent);
    if (!plan.ok) throw new Error(plan.error);
    expect(sorted(plan.next)).toEqual(sorted(next));
    expect(plan.next.reduce((s, t) => s + t.percent, 0)).toBe(100);
    expect(plan.noop).toBe(noop);
  });

  it("is a no-op when the candidate already has the percent", () => {
    const plan = planPromoteStep(liveService("svc", [REV(C, 50), REV("svc-a", 50)], "svc-b"), C, 50);
    expect(plan).toMatchObject({ ok: true, noop: true, changes: [] });
  });

  it.each([
    {
      name: "nothing else serves",
      live: liveService("svc", [REV(C, 100)], C),
      want: /cannot give svc-d 10% of svc: .*no other revision serves/,
    },
    {
      name: "LATEST cannot be resolved",
      live: liveService("svc", [REV("LATEST", 100)], "x", { latestReadyRevision: undefined }),
      want: /latest ready revision/,
    },
  ])("fails when $name", ({ live, want }) => {
    const plan = planPromoteStep(live, C, 10);
    expect(plan.ok).toBe(false);
    if (!plan.ok) expect(plan.error).toMatch(want);
  });
});
