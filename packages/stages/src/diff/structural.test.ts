// The generic structural diff.
import { describe, expect, it } from "vitest";
import { deepEqual, formatPath, structuralDiff } from "./structural.js";

const byName = (segments: readonly unknown[]) => (segments.at(-1) === "env" ? "name" : undefined);

describe("structuralDiff", () => {
  it("is empty for equal data, whatever the key order", () => {
    expect(structuralDiff({ a: 1, b: [{ c: "x" }] }, { b: [{ c: "x" }], a: 1 })).toEqual([]);
  });

  it("names every differing leaf with its path, keys sorted", () => {
    const diffs = structuralDiff(
      { template: { timeout: 300, containers: [{ image: "a:v1" }] }, labels: { team: "web" } },
      { template: { timeout: 60, containers: [{ image: "a:v2" }] }, labels: { team: "web", "example.com/x": "1" } },
    );
    expect(diffs.map((d) => [d.path, d.before, d.after])).toEqual([
      ['labels["example.com/x"]', undefined, "1"],
      ["template.containers[0].image", "a:v1", "a:v2"],
      ["template.timeout", 300, 60],
    ]);
  });

  it("walks into a subtree present on one side only, so that only leaves are reported", () => {
    const diffs = structuralDiff({}, { vpcAccess: { connector: "c", egress: "ALL_TRAFFIC" } });
    expect(diffs.map((d) => d.path)).toEqual(["vpcAccess.connector", "vpcAccess.egress"]);
  });

  it("compares lists by position unless told a key field", () => {
    const before = {
      env: [
        { name: "A", value: "1" },
        { name: "B", value: "2" },
      ],
    };
    const after = {
      env: [
        { name: "B", value: "2" },
        { name: "C", value: "3" },
      ],
    };
    expect(structuralDiff(before, after).map((d) => d.path)).toEqual([
      "env[0].name",
      "env[0].value",
      "env[1].name",
      "env[1].value",
    ]);
    const keyed = structuralDiff(before, after, { itemKey: byName });
    expect(keyed.map((d) => [d.path, d.segments.at(-2), d.before, d.after])).toEqual([
      ["env[C].name", { item: "C" }, undefined, "C"],
      ["env[C].value", { item: "C" }, undefined, "3"],
      ["env[A].name", { item: "A" }, "A", undefined],
      ["env[A].value", { item: "A" }, "1", undefined],
    ]);
  });

  it("falls back to positions when an item lacks the key field", () => {
    expect(structuralDiff({ env: [{ value: "1" }] }, { env: [{ value: "2" }] }, { itemKey: byName })[0]?.path).toBe(
      "env[0].value",
    );
  });

  it("reports absent against empty, and a type change, at that place", () => {
    expect(structuralDiff({ a: [] }, {}).map((d) => [d.path, d.before, d.after])).toEqual([["a", [], undefined]]);
    expect(structuralDiff({ a: "x" }, { a: { b: 1 } }).map((d) => d.path)).toEqual(["a"]);
    expect(structuralDiff(1, "1").map((d) => d.path)).toEqual([""]);
  });
});

describe("deepEqual and formatPath", () => {
  it("compares JSON-like values", () => {
    expect(deepEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toBe(true);
    expect(deepEqual({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(deepEqual([1], { 0: 1 })).toBe(false);
  });

  it("formats paths readably", () => {
    expect(formatPath(["template", "containers", 0, "env", { item: "GREETING" }, "value"])).toBe(
      "template.containers[0].env[GREETING].value",
    );
    expect(formatPath(["labels", "app.kubernetes.io/name"])).toBe('labels["app.kubernetes.io/name"]');
  });
});
