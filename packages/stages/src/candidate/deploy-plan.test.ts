// Planning the candidate deployment and the SYNC traffic on plain data.
import type { SplitTarget, TrafficSplit } from "@cr/cloudrun/pure";
import { describe, expect, it } from "vitest";
import { liveService, REV } from "../../test/fixtures.js";
import type { PreDeploymentRecord } from "../records/pre-deployment.js";
import { planSync, planSyncTraffic, runsCandidate, shiftTraffic } from "./deploy-plan.js";
import type { DesiredService } from "./desired.js";

const R = (revision: string, percent: number, tag?: string): SplitTarget =>
  tag ? { type: "REVISION", revision, percent, tag } : { type: "REVISION", revision, percent };
const LATEST = (percent: number, tag?: string): SplitTarget =>
  tag ? { type: "LATEST", percent, tag } : { type: "LATEST", percent };

const CAND = "svc-v2-abc1234";
const LABELS = {
  "pipecd-dev-managed-by": "piped",
  "pipecd-dev-piped": "p",
  "pipecd-dev-application": "a",
  "pipecd-dev-commit-hash": "abc1234",
};
const desired: Pick<DesiredService, "serviceId" | "candidate" | "service"> = {
  serviceId: "svc",
  candidate: CAND,
  service: { name: "svc", template: { revision: CAND, labels: LABELS, containers: [{ image: "img:v2" }] } },
};
const sorted = (s: TrafficSplit) => [...s].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

describe("shiftTraffic", () => {
  it.each([
    {
      name: "default: candidate 100%, tags kept at 0%",
      current: [R("svc-a", 90, "blue"), R("svc-b", 10), R("svc-c", 0, "preview")],
      options: { skipTrafficShift: false },
      want: [R(CAND, 100), R("svc-a", 0, "blue"), R("svc-c", 0, "preview")],
    },
    {
      name: "default with tag: the tag is on the candidate's entry",
      current: [R("svc-a", 100)],
      options: { skipTrafficShift: false, tag: "canary" },
      want: [R(CAND, 100, "canary")],
    },
    {
      name: "default with a tag another revision holds: the tag moves",
      current: [R("svc-a", 100), R("svc-b", 0, "canary")],
      options: { skipTrafficShift: false, tag: "canary" },
      want: [R(CAND, 100, "canary")],
    },
    {
      name: "skip: unchanged",
      current: [R("svc-a", 90, "blue"), R("svc-b", 10)],
      options: { skipTrafficShift: true },
      want: [R("svc-a", 90, "blue"), R("svc-b", 10)],
    },
    {
      name: "skip with tag: a 0% tagged entry for the candidate",
      current: [R("svc-a", 90), R("svc-b", 10)],
      options: { skipTrafficShift: true, tag: "preview" },
      want: [R("svc-a", 90), R("svc-b", 10), R(CAND, 0, "preview")],
    },
    {
      name: "skip on a re-run keeps the candidate's share",
      current: [R("svc-a", 60), R(CAND, 40)],
      options: { skipTrafficShift: true },
      want: [R("svc-a", 60), R(CAND, 40)],
    },
  ])("$name", ({ current, options, want }) => {
    expect(sorted(shiftTraffic(current, CAND, options))).toEqual(sorted(want));
  });
});

describe("planSync", () => {
  it("creates a missing service with LATEST 100% and records a first deployment", () => {
    const plan = planSync(null, desired, undefined, { skipTrafficShift: false });
    if (!plan.ok) throw new Error(plan.error);
    expect(plan.record).toEqual({ version: 1, service: "svc", existed: false });
    expect(plan.writeRecord).toBe(true);
    expect(plan.apply?.kind).toBe("create");
    expect(plan.apply?.etag).toBeUndefined();
    expect(plan.apply?.service.traffic).toEqual([REV("LATEST", 100)]);
    expect(plan.apply?.service.template.revision).toBe(CAND);
    expect(plan.finalTraffic).toEqual([R(CAND, 100)]);
  });

  it.each([
    {
      name: "LATEST is pinned to the latest ready revision",
      traffic: [REV("LATEST", 100)],
      options: { skipTrafficShift: false },
      pinned: [R("svc-b", 100)],
      final: [R(CAND, 100)],
    },
    {
      name: "tags, 0% tagged entries and a LATEST entry",
      traffic: [REV("svc-a", 90, "blue"), REV("LATEST", 10), REV("svc-c", 0, "preview")],
      options: { skipTrafficShift: false },
      pinned: [R("svc-a", 90, "blue"), R("svc-b", 10), R("svc-c", 0, "preview")],
      final: [R(CAND, 100), R("svc-a", 0, "blue"), R("svc-c", 0, "preview")],
    },
    {
      name: "skipTrafficShift with a tag",
      traffic: [REV("svc-a", 90), REV("svc-b", 10)],
      options: { skipTrafficShift: true, tag: "canary" },
      // The tag goes out with the write that creates the candidate: no second write.
      pinned: [R("svc-a", 90), R("svc-b", 10), R(CAND, 0, "canary")],
      final: [R("svc-a", 90), R("svc-b", 10), R(CAND, 0, "canary")],
    },
  ])("update: $name", ({ traffic, options, pinned, final }) => {
    const live = liveService("svc", traffic, "svc-b");
    const plan = planSync(live, desired, undefined, options);
    if (!plan.ok) throw new Error(plan.error);
    expect(plan.apply?.kind).toBe("update");
    expect(plan.apply?.etag).toBe('"e1"');
    const byRevision = (s: TrafficSplit) => [...s].sort((a, b) => (a.revision ?? "").localeCompare(b.revision ?? ""));
    expect(byRevision(plan.pinnedTraffic)).toEqual(byRevision(pinned));
    // The candidate gets nothing from the write: at most a 0 % tagged entry, and no LATEST.
    expect(
      plan.apply?.service.traffic?.some(
        (t) => (t.revision === CAND && (t.percent ?? 0) > 0) || t.type?.endsWith("LATEST"),
      ),
    ).toBe(false);
    expect(sorted(plan.finalTraffic)).toEqual(sorted(final));
    expect(plan.record.traffic?.targets.length).toBeGreaterThan(0);
  });

  it("keeps an unresolvable LATEST as LATEST (Cloud Run routes it only to a ready revision)", () => {
    const live = liveService("svc", [REV("LATEST", 100)], "x", { latestReadyRevision: undefined });
    const plan = planSync(live, desired, undefined, { skipTrafficShift: false });
    if (!plan.ok) throw new Error(plan.error);
    expect(plan.pinnedTraffic).toEqual([LATEST(100)]);
    expect(plan.finalTraffic).toEqual([R(CAND, 100)]);
    expect(plan.notes.join("\n")).toMatch(/LATEST/);
    expect(plan.record.traffic).toBeUndefined();
  });

  it("reuses a stored record and never plans a second snapshot", () => {
    const stored: PreDeploymentRecord = { version: 1, service: "svc", existed: false };
    const plan = planSync(liveService("svc", [REV(CAND, 100)], CAND), desired, stored, { skipTrafficShift: false });
    expect(plan.ok && [plan.record, plan.writeRecord]).toEqual([stored, false]);
  });

  it("writes nothing when the service already runs the candidate (re-run)", () => {
    const live = liveService("svc", [REV("svc-a", 100)], "svc-a", {
      template: { revision: CAND, labels: LABELS, containers: [{ image: "img:v2" }] },
    });
    const plan = planSync(live, desired, undefined, { skipTrafficShift: false });
    if (!plan.ok) throw new Error(plan.error);
    expect(plan.apply).toBeUndefined();
    expect(plan.finalTraffic).toEqual([R(CAND, 100)]);
  });

  it.each([
    {
      name: "a stored record of another service",
      stored: { version: 1, service: "other", existed: false } as PreDeploymentRecord,
      tag: undefined,
      want: /snapshot .* is for service other/,
    },
    { name: "an invalid tag", stored: undefined, tag: "Bad_Tag", want: /invalid tag "Bad_Tag"/ },
    { name: "a tag too long with the service", stored: undefined, tag: `t${"x".repeat(44)}`, want: /46/ },
  ])("fails on $name", ({ stored, tag, want }) => {
    const plan = planSync(null, desired, stored, { skipTrafficShift: false, ...(tag ? { tag } : {}) });
    expect(plan.ok).toBe(false);
    if (!plan.ok) expect(plan.error).toMatch(want);
  });
});

describe("runsCandidate", () => {
  const base = liveService("svc", [REV("svc-a", 100)], "svc-a");
  it.each([
    { name: "same name and labels", template: { revision: CAND, labels: LABELS }, want: true },
    { name: "full resource name", template: { revision: `x/revisions/${CAND}`, labels: LABELS }, want: true },
    { name: "another revision", template: { revision: "svc-a", labels: LABELS }, want: false },
    {
      name: "same name, other commit label",
      template: { revision: CAND, labels: { ...LABELS, "pipecd-dev-commit-hash": "fff" } },
      want: false,
    },
  ])("$name → $want", ({ template, want }) => {
    expect(runsCandidate({ ...base, template: { ...template, containers: [] } }, desired)).toBe(want);
  });
});

describe("planSyncTraffic", () => {
  it.each([
    {
      name: "after creating: LATEST is pinned to the candidate",
      traffic: [REV("LATEST", 100)],
      options: { skipTrafficShift: false },
      next: [R(CAND, 100)],
      changed: true,
    },
    {
      name: "skip without tag: nothing to write",
      traffic: [REV("svc-a", 100)],
      options: { skipTrafficShift: true },
      next: [R("svc-a", 100)],
      changed: false,
    },
    {
      name: "already shifted (re-run): nothing to write",
      traffic: [REV(CAND, 100), REV("svc-a", 0, "blue")],
      options: { skipTrafficShift: false },
      next: [R(CAND, 100), R("svc-a", 0, "blue")],
      changed: false,
    },
  ])("$name", ({ traffic, options, next, changed }) => {
    const plan = planSyncTraffic(liveService("svc", traffic, CAND), CAND, options);
    expect(plan).toMatchObject({ ok: true, next, changed });
  });

  it("fails when LATEST cannot be resolved", () => {
    const plan = planSyncTraffic(
      liveService("svc", [REV("LATEST", 100)], CAND, { latestReadyRevision: undefined }),
      CAND,
      { skipTrafficShift: false },
    );
    expect(plan.ok).toBe(false);
  });
});
