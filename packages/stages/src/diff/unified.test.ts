// The unified line diff.
import { describe, expect, it } from "vitest";
import { diffLines, unifiedDiff } from "./unified.js";

const lines = (...l: string[]) => `${l.join("\n")}\n`;
const labels = { fromLabel: "live (cloud run)", toLabel: "desired (abc1234)" };

/** Applies a unified diff to `before` (a minimal `patch`), to check the hunks on random input. */
function applyPatch(before: string, patch: string): string {
  const source = before === "" ? [] : before.replace(/\n$/, "").split("\n");
  const out: string[] = [];
  let next = 0; // index into source
  const patchLines = patch.replace(/\n$/, "").split("\n").slice(2);
  for (let k = 0; k < patchLines.length; k++) {
    const header = /^@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@$/.exec(patchLines[k] as string);
    if (!header) throw new Error(`bad hunk header ${patchLines[k]}`);
    const start = Number(header[1]);
    const length = header[2] === undefined ? 1 : Number(header[2]);
    const firstIndex = length === 0 ? start : start - 1;
    while (next < firstIndex) out.push(source[next++] as string);
    while (k + 1 < patchLines.length && !(patchLines[k + 1] as string).startsWith("@@")) {
      const line = patchLines[++k] as string;
      const text = line.slice(1);
      if (line[0] === " " || line[0] === "-") {
        if (source[next] !== text) throw new Error(`context mismatch at ${next}: ${text}`);
        next++;
      }
      if (line[0] === " " || line[0] === "+") out.push(text);
    }
  }
  while (next < source.length) out.push(source[next++] as string);
  return out.length === 0 ? "" : `${out.join("\n")}\n`;
}

describe("unifiedDiff", () => {
  it("is empty for equal texts", () => {
    expect(unifiedDiff(lines("a", "b"), lines("a", "b"), labels)).toBe("");
    expect(unifiedDiff("", "", labels)).toBe("");
  });

  it("prints diff -u hunks: headers, 3 lines of context, separate hunks far apart (checked against GNU diff)", () => {
    const before = lines("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k");
    const after = lines("a", "b", "c", "D", "e", "f", "g", "h", "i", "j", "k", "l");
    expect(unifiedDiff(before, after, labels)).toBe(
      [
        "--- live (cloud run)",
        "+++ desired (abc1234)",
        "@@ -1,7 +1,7 @@",
        " a",
        " b",
        " c",
        "-d",
        "+D",
        " e",
        " f",
        " g",
        "@@ -9,3 +9,4 @@",
        " i",
        " j",
        " k",
        "+l",
        "",
      ].join("\n"),
    );
  });

  it("merges changes whose context touches into one hunk", () => {
    const before = lines("a", "b", "c", "d", "e", "f", "g", "h", "i");
    const after = lines("a", "B", "c", "d", "e", "f", "g", "H", "i");
    const hunks = unifiedDiff(before, after, labels)
      .split("\n")
      .filter((l) => l.startsWith("@@"));
    expect(hunks).toEqual(["@@ -1,9 +1,9 @@"]);
  });

  it("diffs against an empty text as a creation (-0,0)", () => {
    expect(unifiedDiff("", lines("a", "b"), labels)).toBe(
      ["--- live (cloud run)", "+++ desired (abc1234)", "@@ -0,0 +1,2 @@", "+a", "+b", ""].join("\n"),
    );
  });

  it("puts removals before additions and honours a custom context", () => {
    const out = unifiedDiff(lines("x", "a", "y"), lines("x", "b", "y"), { ...labels, context: 0 });
    expect(out.split("\n").slice(2)).toEqual(["@@ -2 +2 @@", "-a", "+b", ""]);
  });

  it("produces hunks that patch the old text into the new one (random inputs)", () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    for (let round = 0; round < 300; round++) {
      const a = Array.from({ length: Math.floor(random() * 25) }, () => "abcd"[Math.floor(random() * 4)] as string);
      const b = a.filter(() => random() > 0.2).map((l) => (random() > 0.9 ? "z" : l));
      for (let k = 0; k < Math.floor(random() * 3); k++) b.splice(Math.floor(random() * (b.length + 1)), 0, "new");
      const before = a.length > 0 ? lines(...a) : "";
      const after = b.length > 0 ? lines(...b) : "";
      const patch = unifiedDiff(before, after, labels);
      expect(patch === "").toBe(before === after);
      if (patch !== "") expect(applyPatch(before, patch)).toBe(after);
    }
  });

  it("finds a minimal edit script", () => {
    const ops = diffLines(["a", "b", "c", "a", "b", "b", "a"], ["c", "b", "a", "b", "a", "c"]);
    expect(ops.filter((o) => o.kind !== " ")).toHaveLength(5); // LCS of the classic Myers example is 4
  });
});
