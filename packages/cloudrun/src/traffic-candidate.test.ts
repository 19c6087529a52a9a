// The traffic rule for a candidate revision.
import { describe, expect, it } from "vitest";
import { latest, rev, sum } from "../test/splits.js";
import type { SplitTarget } from "./traffic.js";
import { splitForCandidate } from "./traffic-candidate.js";
import { validateSplit } from "./traffic-check.js";

describe("splitForCandidate", () => {
  it.each(
    Object.entries<[current: SplitTarget[], percent: number, want: SplitTarget[]]>({
      "first canary step": [[rev("a", 100)], 10, [rev("cand", 10), rev("a", 90)]],
      "full promotion removes untagged revisions at 0": [[rev("cand", 50), rev("a", 50)], 100, [rev("cand", 100)]],
      "proportional split, exact": [[rev("a", 60), rev("b", 40)], 50, [rev("cand", 50), rev("a", 30), rev("b", 20)]],
      // rest 75: a 45.0, b 22.5, c 7.5 → one unit left; b and c tie on .5, b has more traffic.
      "largest remainder: tie on remainder broken by larger current percent": [
        [rev("a", 60), rev("b", 30), rev("c", 10)],
        25,
        [rev("cand", 25), rev("a", 45), rev("b", 23), rev("c", 7)],
      ],
      // rest 99: 49.5 each → a (listed first) gets the spare unit.
      "largest remainder: full tie broken by position in the current split": [
        [rev("a", 50), rev("b", 50)],
        1,
        [rev("cand", 1), rev("a", 50), rev("b", 49)],
      ],
      "three-way tie": [[rev("c", 34), rev("a", 33), rev("b", 33)], 0, [rev("c", 34), rev("a", 33), rev("b", 33)]],
      "tagged entries survive at 0 %, including the candidate's own tag": [
        [rev("a", 100, "stable"), rev("old", 0, "preview"), rev("cand", 0, "canary")],
        20,
        [rev("a", 80, "stable"), rev("old", 0, "preview"), rev("cand", 20, "canary")],
      ],
      "candidate keeps its position when already listed": [
        [rev("a", 80), rev("cand", 20)],
        60,
        [rev("a", 40), rev("cand", 60)],
      ],
      "a previously serving revision dropping to 0 keeps its tag": [
        [rev("a", 99, "blue"), rev("b", 1)],
        100,
        [rev("cand", 100), rev("a", 0, "blue")],
      ],
      "duplicate percent-bearing entries of one revision are merged into the first": [
        [rev("a", 50, "x"), rev("a", 50)],
        10,
        [rev("cand", 10), rev("a", 90, "x")],
      ],
      "promote to 0 % removes an untagged candidate": [[rev("a", 50), rev("cand", 50)], 0, [rev("a", 100)]],
    }),
  )("%s", (_name, [current, percent, want]) => {
    const got = splitForCandidate(current, "cand", percent);
    expect(got).toEqual(want);
    expect(sum(got)).toBe(100);
    expect(validateSplit(got)).toEqual([]);
  });

  it("moves an option tag to the candidate", () => {
    const got = splitForCandidate([rev("a", 90), rev("old", 10, "canary")], "cand", 5, { tag: "canary" });
    expect(got).toEqual([rev("cand", 5, "canary"), rev("a", 86), rev("old", 9)]);
  });

  it("adds a 0 % tagged entry when the candidate carrier already has another tag", () => {
    const got = splitForCandidate([rev("a", 100), rev("cand", 0, "preview")], "cand", 10, { tag: "canary" });
    expect(got).toEqual([rev("a", 90), rev("cand", 10, "preview"), rev("cand", 0, "canary")]);
  });

  it.each([
    { name: "percent above 100", current: [rev("a", 100)], percent: 101, code: "INVALID_PERCENT" },
    { name: "fractional percent", current: [rev("a", 100)], percent: 10.5, code: "INVALID_PERCENT" },
    { name: "negative percent", current: [rev("a", 100)], percent: -1, code: "INVALID_PERCENT" },
    { name: "unresolved LATEST", current: [latest(100)], percent: 10, code: "UNRESOLVED_LATEST" },
    { name: "nothing else serves", current: [rev("cand", 100)], percent: 10, code: "NOTHING_TO_SHIFT_FROM" },
  ])("rejects $name", ({ current, percent, code }) => {
    expect(() => splitForCandidate(current, "cand", percent)).toThrowError(expect.objectContaining({ code }));
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
      const got = splitForCandidate(current, "cand", percent);
      expect(sum(got)).toBe(100);
      expect(got.find((t) => t.revision === "cand" && t.percent > 0)?.percent ?? 0).toBe(percent);
      for (const t of current)
        if (t.tag) expect(got.some((g) => g.tag === t.tag && g.revision === t.revision)).toBe(true);
      expect(validateSplit(got)).toEqual([]);
    }
  });
});
