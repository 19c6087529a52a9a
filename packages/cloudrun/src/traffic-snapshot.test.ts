// Rollback snapshots: taking, restoring and parsing them.
import { describe, expect, it } from "vitest";
import type { Service } from "./model.js";
import { toTrafficTargets } from "./traffic.js";
import { splitForCandidate } from "./traffic-candidate.js";
import { diffSplits, validateSplit } from "./traffic-check.js";
import { parseTrafficSnapshot, restoreSplit, type SnapshotTarget, snapshotSplit } from "./traffic-snapshot.js";

describe("snapshot and restore", () => {
  const base: Service = {
    name: "projects/p/locations/l/services/s",
    template: { containers: [{ image: "x" }] },
    latestReadyRevision: "projects/p/locations/l/services/s/revisions/s-3",
  };

  it.each([
    {
      name: "prefers trafficStatuses and keeps 0 % tags",
      service: {
        ...base,
        traffic: [{ type: "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST" as const, percent: 100 }],
        trafficStatuses: [
          {
            type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION" as const,
            revision: "s-2",
            percent: 80,
            tag: "stable",
            uri: "https://stable---s",
          },
          { type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION" as const, revision: "s-3", percent: 20 },
          { type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION" as const, revision: "s-1", percent: 0, tag: "old" },
        ],
      },
      source: "trafficStatuses",
      targets: [
        { revision: "s-2", percent: 80, tag: "stable" },
        { revision: "s-3", percent: 20 },
        { revision: "s-1", percent: 0, tag: "old" },
      ],
    },
    {
      name: "resolves LATEST in a status entry to the revision it reports",
      service: {
        ...base,
        trafficStatuses: [{ type: "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST" as const, revision: "s-2", percent: 100 }],
      },
      source: "trafficStatuses",
      targets: [{ revision: "s-2", percent: 100, wasLatest: true }],
    },
    {
      name: "falls back to traffic and resolves LATEST to latestReadyRevision",
      service: {
        ...base,
        traffic: [
          { type: "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST" as const, percent: 100, tag: "live" },
          { type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION" as const, revision: "s-1", percent: 0, tag: "old" },
        ],
      },
      source: "traffic",
      targets: [
        { revision: "s-3", percent: 100, tag: "live", wasLatest: true },
        { revision: "s-1", percent: 0, tag: "old" },
      ],
    },
    {
      name: "empty traffic means 100 % to the latest ready revision",
      service: base,
      source: "default",
      targets: [{ revision: "s-3", percent: 100, wasLatest: true }],
    },
  ])("$name", ({ service, source, targets }) => {
    const snap = snapshotSplit(service);
    expect(snap).toEqual({ version: 1, service: "s", source, targets });
    const roundTrip = JSON.parse(JSON.stringify(snap));
    const parsed = parseTrafficSnapshot(roundTrip);
    expect(parsed).toEqual({ ok: true, snapshot: snap });
    const restored = restoreSplit(parsed.ok ? parsed.snapshot : snap);
    expect(restored).toEqual(
      (targets as SnapshotTarget[]).map((t) => ({
        type: "REVISION",
        revision: t.revision,
        percent: t.percent,
        ...(t.tag ? { tag: t.tag } : {}),
      })),
    );
    expect(validateSplit(restored)).toEqual([]);
  });

  it("restores exactly the traffic after a canary changed it", () => {
    const before: Service = {
      ...base,
      trafficStatuses: [
        { type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION", revision: "s-2", percent: 100, tag: "stable" },
        { type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION", revision: "s-1", percent: 0, tag: "old" },
      ],
    };
    const snap = snapshotSplit(before);
    const during = splitForCandidate(restoreSplit(snap), "s-4", 30, { tag: "canary" });
    expect(diffSplits(during, restoreSplit(snap))).toEqual([
      { kind: "percent", target: "s-2", before: 70, after: 100 },
      { kind: "percent", target: "s-4", before: 30, after: 0 },
      { kind: "tag", tag: "canary", before: "s-4" },
    ]);
    expect(toTrafficTargets(restoreSplit(snap))).toEqual([
      { type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION", revision: "s-2", percent: 100, tag: "stable" },
      { type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION", revision: "s-1", percent: 0, tag: "old" },
    ]);
  });

  it("throws when LATEST cannot be resolved", () => {
    expect(() => snapshotSplit({})).toThrowError(expect.objectContaining({ code: "UNRESOLVED_LATEST" }));
  });

  it.each([
    { name: "not an object", value: "x", problem: "the snapshot is not an object" },
    {
      name: "bad version",
      value: { version: 2, source: "traffic", targets: [{ revision: "a", percent: 100 }] },
      problem: "unsupported snapshot version",
    },
    {
      name: "bad percent",
      value: { version: 1, source: "traffic", targets: [{ revision: "a", percent: 50.5 }] },
      problem: "target 0: percent must be an integer from 0 to 100",
    },
    {
      name: "sum not 100",
      value: { version: 1, source: "traffic", targets: [{ revision: "a", percent: 50 }] },
      problem: "percents must add up to 100 (they add up to 50)",
    },
    {
      name: "missing revision",
      value: { version: 1, source: "traffic", targets: [{ percent: 100 }] },
      problem: "target 0: needs a revision name",
    },
  ])("parseTrafficSnapshot rejects $name", ({ value, problem }) => {
    const got = parseTrafficSnapshot(value);
    expect(got.ok).toBe(false);
    if (!got.ok) expect(got.problems).toContain(problem);
  });
});
