// PipeCD's Percentage in its accepted spellings, and what is refused.
import { describe, expect, it } from "vitest";
import { parsePercentage } from "./percentage.js";

describe("parsePercentage", () => {
  it.each([
    { name: "number", input: 10, expected: 10 },
    { name: "numeric string", input: "10", expected: 10 },
    { name: "string with %", input: "10%", expected: 10 },
    { name: "zero", input: 0, expected: 0 },
    { name: "hundred", input: 100, expected: 100 },
    { name: "hundred with %", input: "100%", expected: 100 },
    { name: "leading zeros (as Go's Atoi)", input: "007", expected: 7 },
  ])("accepts $name", ({ input, expected }) => {
    expect(parsePercentage(input)).toBe(expected);
  });

  it.each([
    { name: "above 100", input: 150 },
    { name: "negative", input: -5 },
    { name: "fraction", input: 10.5 },
    { name: "word", input: "abc" },
    { name: "fraction with %", input: "10.5%" },
    { name: "empty string", input: "" },
    { name: "only %", input: "%" },
    { name: "negative string", input: "-5%" },
    { name: "string above 100", input: "101%" },
    { name: "spaces", input: " 10" },
    { name: "boolean", input: true },
    { name: "null", input: null },
    { name: "undefined", input: undefined },
    { name: "NaN", input: Number.NaN },
    { name: "object", input: { percent: 10 } },
  ])("rejects $name", ({ input }) => {
    expect(parsePercentage(input)).toBeUndefined();
  });
});
