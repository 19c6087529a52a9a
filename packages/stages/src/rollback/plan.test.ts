// Rollback planning on plain data: restoring the snapshot or routing to one revision.
import type { SplitTarget, TrafficSplit } from "@cr/cloudrun/pure";
import { describe, expect, it } from "vitest";
import { liveService, REV, SVC_TRAFFIC_SNAPSHOT } from "../../test/fixtures.js";
import { planRollback } from "./plan.js";

const R = (revision: string, percent: number, tag?: string): SplitTarget =>
  tag ? { type: "REVISION", revision, percent, tag } : { type: "REVISION", revision, percent };
const sorted = (s: TrafficSplit) => [...s].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

const snapshot = SVC_TRAFFIC_SNAPSHOT;

describe("planRollback", () => {
  it("restores the snapshot exactly, LATEST pinned, tags added since then dropped", () => {
    const live = liveService("svc", [REV("svc-d", 50, "canary"), REV("svc-b", 50), REV("svc-a", 0, "blue")], "svc-d");
    const plan = planRollback({ kind: "snapshot", snapshot }, live);
    if (!plan.ok) throw new Error(plan.error);
    expect(plan.next).toEqual([R("svc-b", 100), R("svc-a", 0, "blue")]);
    expect(plan.requiredRevisions).toEqual(["svc-b", "svc-a"]);
    expect(plan.noop).toBe(false);
  });

  it("is a no-op when the service already routes like the snapshot", () => {
    const live = liveService("svc", [REV("svc-a", 0, "blue"), REV("svc-b", 100)], "svc-d");
    expect(planRollback({ kind: "snapshot", snapshot }, live)).toMatchObject({ ok: true, noop: true });
  });

  it.each([
    {
      name: "tags stay on their revisions at 0%",
      traffic: [REV("svc-d", 50, "canary"), REV("svc-b", 50, "blue")],
      latestReady: "svc-d",
      next: [R("svc-a", 100), R("svc-d", 0, "canary"), R("svc-b", 0, "blue")],
    },
    {
      name: "a tag on LATEST is pinned to the latest ready revision",
      traffic: [REV("LATEST", 100, "live")],
      latestReady: "svc-d",
      next: [R("svc-a", 100), R("svc-d", 0, "live")],
    },
    {
      name: "a tag already on the target revision",
      traffic: [REV("svc-d", 100), REV("svc-a", 0, "old")],
      latestReady: "svc-d",
      next: [R("svc-a", 100), R("svc-a", 0, "old")],
    },
  ])("revision: $name", ({ traffic, latestReady, next }) => {
    const plan = planRollback({ kind: "revision", revision: "svc-a" }, liveService("svc", traffic, latestReady));
    if (!plan.ok) throw new Error(plan.error);
    expect(sorted(plan.next)).toEqual(sorted(next));
    expect(plan.requiredRevisions).toContain("svc-a");
  });

  it("rejects a revision of another service", () => {
    const plan = planRollback(
      { kind: "revision", revision: "other-a" },
      liveService("svc", [REV("svc-a", 100)], "svc-a"),
    );
    expect(plan.ok).toBe(false);
    if (!plan.ok) expect(plan.error).toMatch(/must start with the service name/);
  });
});
