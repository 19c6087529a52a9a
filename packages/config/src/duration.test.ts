// PipeCD's Duration: Go duration strings, nanosecond numbers, milliseconds and formatting.
import { describe, expect, it } from "vitest";
import { durationToMs, formatDurationMs, parseGoDuration } from "./duration.js";

describe("parseGoDuration", () => {
  it.each([
    { name: "seconds", input: "30s", ns: 30e9 },
    { name: "minutes", input: "5m", ns: 300e9 },
    { name: "minutes and seconds", input: "1m30s", ns: 90e9 },
    { name: "hours", input: "6h", ns: 6 * 3600e9 },
    { name: "fractional hours", input: "1.5h", ns: 5400e9 },
    { name: "leading dot", input: ".5s", ns: 0.5e9 },
    { name: "trailing dot", input: "5.s", ns: 5e9 },
    { name: "milliseconds", input: "250ms", ns: 250e6 },
    { name: "microseconds us", input: "3us", ns: 3000 },
    { name: "microseconds micro sign", input: "3\u00b5s", ns: 3000 },
    { name: "microseconds greek mu", input: "3\u03bcs", ns: 3000 },
    { name: "nanoseconds", input: "7ns", ns: 7 },
    { name: "bare zero", input: "0", ns: 0 },
    { name: "negative", input: "-1m", ns: -60e9 },
    { name: "explicit plus", input: "+2s", ns: 2e9 },
    { name: "Go's printed form", input: "10m0s", ns: 600e9 },
    { name: "repeated units", input: "1s1s", ns: 2e9 },
  ])("parses $name", ({ input, ns }) => {
    expect(parseGoDuration(input)).toBe(ns);
  });

  it.each(
    Object.entries<string>({
      empty: "",
      "number without unit": "10",
      "unknown unit": "10d",
      "bare unit": "s",
      "bare dot": ".s",
      space: "1 m",
      "uppercase unit": "1M",
      "sign only": "-",
      "trailing garbage": "1mx",
      "int64 overflow": "3000000h",
    }),
  )("rejects %s", (_name, input) => {
    expect(parseGoDuration(input)).toBeUndefined();
  });
});

describe("durationToMs", () => {
  it.each([
    { name: "Go string", input: "1m30s", ms: 90_000 },
    { name: "nanoseconds number", input: 30_000_000_000, ms: 30_000 },
    { name: "sub-millisecond rounds up", input: "1500us", ms: 2 },
    { name: "zero", input: 0, ms: 0 },
  ])("converts $name", ({ input, ms }) => {
    expect(durationToMs(input)).toBe(ms);
  });

  it.each([
    { name: "fractional nanoseconds", input: 1.5 },
    { name: "bad string", input: "soon" },
    { name: "boolean", input: true },
    { name: "null", input: null },
  ])("rejects $name", ({ input }) => {
    expect(durationToMs(input)).toBeUndefined();
  });
});

describe("formatDurationMs", () => {
  it.each([
    { name: "ten minutes", ms: 600_000, text: "10m0s" },
    { name: "one and a half seconds", ms: 1_500, text: "1.5s" },
    { name: "hours", ms: 5_400_000, text: "1h30m0s" },
    { name: "milliseconds", ms: 250, text: "250ms" },
    { name: "zero", ms: 0, text: "0s" },
    { name: "negative", ms: -2_000, text: "-2s" },
  ])("formats $name", ({ ms, text }) => {
    expect(formatDurationMs(ms)).toBe(text);
  });

  it("round-trips through parseGoDuration", () => {
    for (const ms of [1_000, 90_000, 600_000, 3_723_000, 86_400_000]) {
      expect(durationToMs(formatDurationMs(ms))).toBe(ms);
    }
  });
});
