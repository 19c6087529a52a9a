// Tests of the YAML nesting limit.
import { describe, expect, it } from "vitest";
import { MAX_YAML_NESTING, yamlTooDeep } from "./yaml-depth.js";

describe("yamlTooDeep", () => {
  it.each([
    ["flow sequences", `a: ${"[".repeat(20_000)}${"]".repeat(20_000)}`, 1],
    ["flow mappings", `a: ${"{b: ".repeat(100)}1${"}".repeat(100)}`, 1],
    ["dash entries on one line", `a:\n  ${"- ".repeat(100)}x`, 2],
    ["indentation", `a:\n${Array.from({ length: 100 }, (_, i) => `${"  ".repeat(i + 1)}k${i}:`).join("\n")} x`, 66],
  ])("finds %s nested too deeply", (_what, text, line) => {
    expect(yamlTooDeep(text)).toBe(line);
  });

  it.each([
    [
      "an ordinary manifest",
      "apiVersion: v1\nspec:\n  template:\n    spec:\n      containers:\n        - image: x\n          args: [a, [b, {c: d}]]\n",
    ],
    ["brackets inside quotes", `a: "${"[".repeat(500)}"\nb: '${"{".repeat(500)}'`],
    ["brackets in comments", `a: 1 # ${"[".repeat(500)}`],
    ["exactly the limit", `a: ${"[".repeat(MAX_YAML_NESTING)}${"]".repeat(MAX_YAML_NESTING)}`],
    ["a long plain scalar with dashes", `a: ${"- ".repeat(500)}`],
  ])("accepts %s", (_what, text) => {
    expect(yamlTooDeep(text)).toBeUndefined();
  });
});
