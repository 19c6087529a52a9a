// CLOUDRUN_SYNC options: defaults, tag and readiness timeout rules, and the errors.
import { describe, expect, it } from "vitest";
import { bytes, errorsOf } from "../../test/results.js";
import { DEFAULT_READINESS_TIMEOUT_MS, validateSyncStageOptions } from "../index.js";

describe("CLOUDRUN_SYNC", () => {
  it.each([
    { name: "empty object", input: {} },
    { name: "empty text (quick sync)", input: "" },
    { name: "whitespace-only text", input: " \n" },
    { name: "empty bytes (quick sync)", input: new Uint8Array() },
    { name: "undefined", input: undefined },
    { name: "null", input: null },
    { name: "JSON {}", input: bytes("{}") },
  ])("applies defaults to $name", ({ input }) => {
    expect(validateSyncStageOptions(input)).toEqual({
      ok: true,
      value: { skipTrafficShift: false, prune: false },
      warnings: [],
    });
  });

  it.each([
    { name: "Go seconds", readinessTimeout: "30s", ms: 30_000 },
    { name: "Go minutes", readinessTimeout: "5m", ms: 300_000 },
    { name: "Go composite", readinessTimeout: "1m30s", ms: 90_000 },
    { name: "nanoseconds", readinessTimeout: 45_000_000_000, ms: 45_000 },
    { name: "lower bound", readinessTimeout: "1s", ms: 1_000 },
    { name: "upper bound", readinessTimeout: "24h", ms: 86_400_000 },
  ])("normalises readinessTimeout given as $name to milliseconds", ({ readinessTimeout, ms }) => {
    const result = validateSyncStageOptions({ readinessTimeout });
    expect(result).toEqual({
      ok: true,
      value: { skipTrafficShift: false, prune: false, readinessTimeoutMs: ms },
      warnings: [],
    });
  });

  it("leaves readinessTimeoutMs undefined when not set (the plugin default is 10m)", () => {
    const result = validateSyncStageOptions({});
    expect(result.ok && result.value.readinessTimeoutMs).toBeUndefined();
    expect(DEFAULT_READINESS_TIMEOUT_MS).toBe(600_000);
  });

  it.each(
    Object.entries<unknown>({
      "no unit": "30",
      "unknown unit": "2d",
      zero: "0",
      negative: "-5m",
      "below 1s": "500ms",
      "above 24h": "25h",
      "nanoseconds below 1s": 1000,
      "fractional nanoseconds": 1.5e9 + 0.5,
      boolean: true,
      "empty string": "",
    }),
  )("rejects readinessTimeout as %s", (_name, readinessTimeout) => {
    const errors = errorsOf(validateSyncStageOptions({ readinessTimeout }));
    expect(errors).toHaveLength(1);
    expect(errors[0]!.path).toBe("/readinessTimeout");
    expect(errors[0]!.message).toMatch(/readinessTimeout must be a duration from 1s to 24h/);
    expect(errors[0]!.message).toMatch(/default of 10m0s/);
  });

  it.each(
    Object.entries<string>({
      word: "canary",
      "with digits and hyphens": "rc-2-preview",
      "single letter": "a",
      "46 characters": `a${"b".repeat(45)}`,
    }),
  )("accepts tag %s", (_name, tag) => {
    const result = validateSyncStageOptions({ tag });
    expect(result.ok && result.value.tag).toBe(tag);
  });

  it.each(
    Object.entries<unknown>({
      uppercase: "Canary",
      underscore: "can_ary",
      "leading digit": "1canary",
      "leading hyphen": "-canary",
      "trailing hyphen": "canary-",
      "47 characters": `a${"b".repeat(46)}`,
      empty: "",
      number: 5,
    }),
  )("rejects tag %s", (_name, tag) => {
    const errors = errorsOf(validateSyncStageOptions({ tag }));
    expect(errors).toEqual([{ path: "/tag", message: expect.stringMatching(/tag must be a DNS label of at most 46/) }]);
  });

  it("keeps given booleans", () => {
    const result = validateSyncStageOptions('{"skipTrafficShift":true,"prune":true,"tag":"preview"}');
    expect(result).toEqual({
      ok: true,
      value: { skipTrafficShift: true, prune: true, tag: "preview" },
      warnings: [],
    });
  });

  it.each([
    { name: "skipTrafficShift as string", input: { skipTrafficShift: "yes" }, path: "/skipTrafficShift" },
    { name: "prune as number", input: { prune: 1 }, path: "/prune" },
  ])("rejects $name", ({ input, path }) => {
    const errors = errorsOf(validateSyncStageOptions(input));
    expect(errors).toEqual([{ path, message: expect.stringMatching(/must be true or false/) }]);
  });

  it.each([
    { name: "an array", input: [] },
    { name: "a string JSON value", input: '"fast"' },
    { name: "a number", input: 5 },
  ])("rejects options that are $name", ({ input }) => {
    const errors = errorsOf(validateSyncStageOptions(input));
    expect(errors).toEqual([
      { path: "", message: expect.stringMatching(/^The CLOUDRUN_SYNC options must be a JSON object/) },
    ]);
  });
});
