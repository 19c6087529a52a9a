// CLOUDRUN_CANARY_CLEANUP options: keepCount and keepLatest.
import { describe, expect, it } from "vitest";
import { errorsOf } from "../../test/results.js";
import { validateCanaryCleanupStageOptions } from "../index.js";

describe("CLOUDRUN_CANARY_CLEANUP", () => {
  it.each([
    { name: "defaults", input: "", expected: { keepCount: 5, keepLatest: true } },
    { name: "keepCount 0", input: { keepCount: 0 }, expected: { keepCount: 0, keepLatest: true } },
    { name: "keepCount 1000", input: { keepCount: 1000 }, expected: { keepCount: 1000, keepLatest: true } },
    { name: "keepLatest false", input: { keepLatest: false }, expected: { keepCount: 5, keepLatest: false } },
  ])("accepts $name", ({ input, expected }) => {
    expect(validateCanaryCleanupStageOptions(input)).toEqual({ ok: true, value: expected, warnings: [] });
  });

  it.each([
    { name: "keepCount negative", input: { keepCount: -1 }, path: "/keepCount", pattern: /from 0 to 1000/ },
    { name: "keepCount too large", input: { keepCount: 1001 }, path: "/keepCount", pattern: /from 0 to 1000/ },
    { name: "keepCount fraction", input: { keepCount: 2.5 }, path: "/keepCount", pattern: /from 0 to 1000/ },
    { name: "keepCount string", input: { keepCount: "5" }, path: "/keepCount", pattern: /from 0 to 1000/ },
    { name: "keepLatest string", input: { keepLatest: "true" }, path: "/keepLatest", pattern: /true or false/ },
    { name: "unknown key", input: { keep: 3 }, path: "/keep", pattern: /"keep" is not a known key/ },
  ])("rejects $name", ({ input, path, pattern }) => {
    expect(errorsOf(validateCanaryCleanupStageOptions(input))).toEqual([
      { path, message: expect.stringMatching(pattern) },
    ]);
  });
});
