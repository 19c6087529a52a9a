// Validating, diffing and formatting splits.
import { describe, expect, it } from "vitest";
import { latest, rev } from "../test/splits.js";
import type { SplitTarget } from "./traffic.js";
import { diffSplits, formatSplit, validateSplit } from "./traffic-check.js";

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
