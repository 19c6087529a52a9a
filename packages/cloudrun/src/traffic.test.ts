import { describe, expect, it } from "vitest";
import type { Service } from "./model.js";
import {
  diffSplits,
  effectiveSplit,
  formatSplit,
  fromTrafficTargets,
  parseTrafficSnapshot,
  promote,
  resolveLatest,
  restoreSplit,
  type SnapshotTarget,
  type SplitTarget,
  snapshotSplit,
  TrafficError,
  toTrafficTargets,
  validateSplit,
} from "./traffic.js";

const rev = (revision: string, percent: number, tag?: string): SplitTarget =>
  tag === undefined ? { type: "REVISION", revision, percent } : { type: "REVISION", revision, percent, tag };
const latest = (percent: number, tag?: string): SplitTarget =>
  tag === undefined ? { type: "LATEST", percent } : { type: "LATEST", percent, tag };
const sum = (split: SplitTarget[]) => split.reduce((s, t) => s + t.percent, 0);

describe("conversion", () => {
  it("maps model entries to the short form and back", () => {
    const split = fromTrafficTargets([
      {
        type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION",
        revision: "projects/p/locations/l/services/s/revisions/s-1",
        percent: 90,
      },
      { type: "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST", percent: 10, tag: "next" },
      { revision: "s-2", tag: "old" },
      { percent: 0, tag: "" },
    ]);
    expect(split).toEqual([rev("s-1", 90), latest(10, "next"), rev("s-2", 0, "old"), latest(0)]);
    expect(toTrafficTargets(split.slice(0, 2))).toEqual([
      { type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION", revision: "s-1", percent: 90 },
      { type: "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST", percent: 10, tag: "next" },
    ]);
  });

  it("treats empty traffic as 100 % LATEST", () => {
    expect(effectiveSplit({})).toEqual([latest(100)]);
    expect(effectiveSplit({ traffic: [] })).toEqual([latest(100)]);
  });
});

describe("resolveLatest", () => {
  it.each([
    {
      name: "replaces LATEST with the latest ready revision",
      split: [latest(100)],
      ready: "projects/p/locations/l/services/s/revisions/s-3",
      want: [rev("s-3", 100)],
    },
    {
      name: "merges percent into the first entry of the same revision, keeping tags",
      split: [rev("s-3", 40, "blue"), latest(60, "next")],
      ready: "s-3",
      want: [rev("s-3", 100, "blue"), rev("s-3", 0, "next")],
    },
    {
      name: "drops an untagged duplicate after merging",
      split: [latest(50), rev("s-3", 50), rev("s-1", 0, "old")],
      ready: "s-3",
      want: [rev("s-3", 100), rev("s-1", 0, "old")],
    },
    {
      name: "leaves a split without LATEST alone",
      split: [rev("s-1", 100)],
      ready: undefined,
      want: [rev("s-1", 100)],
    },
  ])("$name", ({ split, ready, want }) => {
    const service: Pick<Service, "latestReadyRevision"> = ready === undefined ? {} : { latestReadyRevision: ready };
    expect(resolveLatest(split, service)).toEqual(want);
  });

  it("throws when there is no ready revision to resolve to", () => {
    expect(() => resolveLatest([latest(100)], {})).toThrowError(TrafficError);
    try {
      resolveLatest([latest(100)], {});
    } catch (e) {
      expect((e as TrafficError).code).toBe("UNRESOLVED_LATEST");
    }
  });
});

describe("promote", () => {
  it.each([
    {
      name: "first canary step",
      current: [rev("a", 100)],
      percent: 10,
      want: [rev("cand", 10), rev("a", 90)],
    },
    {
      name: "full promotion removes untagged revisions at 0",
      current: [rev("cand", 50), rev("a", 50)],
      percent: 100,
      want: [rev("cand", 100)],
    },
    {
      name: "proportional split, exact",
      current: [rev("a", 60), rev("b", 40)],
      percent: 50,
      want: [rev("cand", 50), rev("a", 30), rev("b", 20)],
    },
    {
      name: "largest remainder: tie on remainder broken by larger current percent",
      current: [rev("a", 60), rev("b", 30), rev("c", 10)],
      percent: 25,
      // rest 75: a 45.0, b 22.5, c 7.5 → one unit left; b and c tie on .5, b has more traffic.
      want: [rev("cand", 25), rev("a", 45), rev("b", 23), rev("c", 7)],
    },
    {
      name: "largest remainder: full tie broken by position in the current split",
      current: [rev("a", 50), rev("b", 50)],
      percent: 1,
      // rest 99: 49.5 each → a (listed first) gets the spare unit.
      want: [rev("cand", 1), rev("a", 50), rev("b", 49)],
    },
    {
      name: "three-way tie",
      current: [rev("c", 34), rev("a", 33), rev("b", 33)],
      percent: 0,
      want: [rev("c", 34), rev("a", 33), rev("b", 33)],
    },
    {
      name: "tagged entries survive at 0 %, including the candidate's own tag",
      current: [rev("a", 100, "stable"), rev("old", 0, "preview"), rev("cand", 0, "canary")],
      percent: 20,
      want: [rev("a", 80, "stable"), rev("old", 0, "preview"), rev("cand", 20, "canary")],
    },
    {
      name: "candidate keeps its position when already listed",
      current: [rev("a", 80), rev("cand", 20)],
      percent: 60,
      want: [rev("a", 40), rev("cand", 60)],
    },
    {
      name: "a previously serving revision dropping to 0 keeps its tag",
      current: [rev("a", 99, "blue"), rev("b", 1)],
      percent: 100,
      want: [rev("cand", 100), rev("a", 0, "blue")],
    },
    {
      name: "duplicate percent-bearing entries of one revision are merged into the first",
      current: [rev("a", 50, "x"), rev("a", 50)],
      percent: 10,
      want: [rev("cand", 10), rev("a", 90, "x")],
    },
    {
      name: "promote to 0 % removes an untagged candidate",
      current: [rev("a", 50), rev("cand", 50)],
      percent: 0,
      want: [rev("a", 100)],
    },
  ])("$name", ({ current, percent, want }) => {
    const got = promote(current, "cand", percent);
    expect(got).toEqual(want);
    expect(sum(got)).toBe(100);
    expect(validateSplit(got)).toEqual([]);
  });

  it("moves an option tag to the candidate", () => {
    const got = promote([rev("a", 90), rev("old", 10, "canary")], "cand", 5, { tag: "canary" });
    expect(got).toEqual([rev("cand", 5, "canary"), rev("a", 86), rev("old", 9)]);
  });

  it("adds a 0 % tagged entry when the candidate carrier already has another tag", () => {
    const got = promote([rev("a", 100), rev("cand", 0, "preview")], "cand", 10, { tag: "canary" });
    expect(got).toEqual([rev("a", 90), rev("cand", 10, "preview"), rev("cand", 0, "canary")]);
  });

  it.each([
    { name: "percent above 100", current: [rev("a", 100)], percent: 101, code: "INVALID_PERCENT" },
    { name: "fractional percent", current: [rev("a", 100)], percent: 10.5, code: "INVALID_PERCENT" },
    { name: "negative percent", current: [rev("a", 100)], percent: -1, code: "INVALID_PERCENT" },
    { name: "unresolved LATEST", current: [latest(100)], percent: 10, code: "UNRESOLVED_LATEST" },
    { name: "nothing else serves", current: [rev("cand", 100)], percent: 10, code: "NOTHING_TO_SHIFT_FROM" },
  ])("rejects $name", ({ current, percent, code }) => {
    expect(() => promote(current, "cand", percent)).toThrowError(expect.objectContaining({ code }));
  });

  it("always sums to 100 over many random splits", () => {
    let seed = 42;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let round = 0; round < 500; round++) {
      const count = 1 + rand(6);
      const cuts = Array.from({ length: count - 1 }, () => rand(101)).sort((x, y) => x - y);
      const bounds = [0, ...cuts, 100];
      const current = Array.from({ length: count }, (_, i) =>
        rev(`r${i}`, (bounds[i + 1] ?? 0) - (bounds[i] ?? 0), i % 3 === 0 ? `t${i}` : undefined),
      );
      if (current.every((t) => t.percent === 0)) continue;
      const percent = rand(101);
      const got = promote(current, "cand", percent);
      expect(sum(got)).toBe(100);
      expect(got.find((t) => t.revision === "cand" && t.percent > 0)?.percent ?? 0).toBe(percent);
      for (const t of current)
        if (t.tag) expect(got.some((g) => g.tag === t.tag && g.revision === t.revision)).toBe(true);
      expect(validateSplit(got)).toEqual([]);
    }
  });
});

describe("validateSplit", () => {
  it.each([
    { name: "valid", split: [rev("s-a", 90), rev("s-b", 10, "canary")], want: [] },
    { name: "empty", split: [], want: [{ index: null, message: "the split has no targets" }] },
    {
      name: "sum not 100",
      split: [rev("s-a", 50), rev("s-b", 40)],
      want: [{ index: null, message: "percents must add up to 100 (they add up to 90)" }],
    },
    {
      name: "non-integer percent",
      split: [rev("s-a", 99.5), rev("s-b", 0.5)],
      want: [
        { index: 0, message: "percent must be an integer from 0 to 100 (got 99.5)" },
        { index: 1, message: "percent must be an integer from 0 to 100 (got 0.5)" },
      ],
    },
    {
      name: "percent out of range",
      split: [rev("s-a", 120), rev("s-b", -20)],
      want: [
        { index: 0, message: "percent must be an integer from 0 to 100 (got 120)" },
        { index: 1, message: "percent must be an integer from 0 to 100 (got -20)" },
      ],
    },
    {
      name: "duplicate tag",
      split: [rev("s-a", 100, "x1"), rev("s-b", 0, "x1")],
      want: [{ index: 1, message: 'tag "x1" is already used by entry 0' }],
    },
    {
      name: "bad tag characters",
      split: [rev("s-a", 100, "Canary_1")],
      want: [
        {
          index: 0,
          message:
            'tag "Canary_1": the tag must use only lowercase letters, digits and hyphens, start with a letter and not end with a hyphen',
        },
      ],
    },
    {
      name: "revision receives percent twice",
      split: [rev("s-a", 50), rev("s-a", 50, "x")],
      want: [
        { index: 1, message: '"s-a" already receives traffic in entry 0; give each target its percent in one entry' },
      ],
    },
    {
      name: "LATEST twice with percent",
      split: [latest(50), latest(50)],
      want: [
        { index: 1, message: "LATEST already receives traffic in entry 0; give each target its percent in one entry" },
      ],
    },
    {
      name: "REVISION without name",
      split: [{ type: "REVISION", percent: 100 } as SplitTarget],
      want: [{ index: 0, message: "a REVISION target needs a revision name" }],
    },
    {
      name: "LATEST naming a revision",
      split: [{ type: "LATEST", revision: "s-a", percent: 100 } as SplitTarget],
      want: [{ index: 0, message: "a LATEST target must not name a revision" }],
    },
    {
      name: "invalid revision name",
      split: [rev("S_A", 100)],
      want: [
        { index: 0, message: `revision "S_A": the revision name may only contain lowercase letters, digits and '-'` },
        { index: 0, message: `revision "S_A": the revision name must start with a lowercase letter` },
      ],
    },
  ])("$name", ({ split, want }) => {
    expect(validateSplit(split)).toEqual(want);
  });

  it("applies the service prefix and the 46-character tag rule when given a service", () => {
    const service = "a-service-name-of-thirty-chars";
    expect(service).toHaveLength(30);
    const problems = validateSplit([rev("other-1", 100, "a-tag-of-seventeen")], { service });
    expect(problems.map((p) => p.message)).toEqual([
      `revision "other-1": the revision name must start with the service name followed by '-' ("${service}-…")`,
      'tag "a-tag-of-seventeen": the tag and the service name together must not exceed 46 characters (18 + 30)',
    ]);
  });
});

describe("diffSplits", () => {
  it.each([
    { name: "identical", a: [rev("a", 100)], b: [rev("a", 100)], want: [] },
    { name: "order only", a: [rev("a", 50), rev("b", 50)], b: [rev("b", 50), rev("a", 50)], want: [] },
    {
      name: "canary step",
      a: [rev("a", 100)],
      b: [rev("c", 10, "canary"), rev("a", 90)],
      want: [
        { kind: "percent", target: "c", before: 0, after: 10 },
        { kind: "percent", target: "a", before: 100, after: 90 },
        { kind: "tag", tag: "canary", after: "c" },
      ],
    },
    {
      name: "tag moved and removed",
      a: [rev("a", 100, "blue"), rev("b", 0, "green")],
      b: [rev("b", 100, "blue")],
      want: [
        { kind: "percent", target: "b", before: 0, after: 100 },
        { kind: "percent", target: "a", before: 100, after: 0 },
        { kind: "tag", tag: "blue", before: "a", after: "b" },
        { kind: "tag", tag: "green", before: "b" },
      ],
    },
    {
      name: "LATEST labelled as such",
      a: [latest(100)],
      b: [rev("a", 100)],
      want: [
        { kind: "percent", target: "a", before: 0, after: 100 },
        { kind: "percent", target: "LATEST", before: 100, after: 0 },
      ],
    },
  ])("$name", ({ a, b, want }) => {
    expect(diffSplits(a, b)).toEqual(want);
  });
});

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
    const during = promote(restoreSplit(snap), "s-4", 30, { tag: "canary" });
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

describe("formatSplit", () => {
  it("renders a fixed-width table", () => {
    expect(
      formatSplit([rev("svc-v2-abc1234", 10, "canary"), latest(90)], { latestReadyRevision: "p/svc-00001-x" }),
    ).toBe(
      [
        "TARGET                PERCENT  TAG",
        "svc-v2-abc1234            10%  canary",
        "LATEST (svc-00001-x)      90%  -",
      ].join("\n"),
    );
    expect(formatSplit([])).toBe("(no traffic targets)");
  });
});
