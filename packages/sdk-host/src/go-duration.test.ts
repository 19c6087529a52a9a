// Tests of Go duration parsing.
import { describe, expect, it } from "vitest";
import { parseGoDuration } from "./go-duration.js";

describe("parseGoDuration", () => {
  it.each([
    ["30s", 30_000],
    ["1m30s", 90_000],
    ["1.5h", 5_400_000],
    ["250ms", 250],
    ["0", 0],
  ])("%s → %d ms", (text, ms) => expect(parseGoDuration(text)).toBe(ms));

  it.each(["", "30", "abc", "1x", "s30", "1m 30s"])("rejects %j", (text) => {
    expect(parseGoDuration(text)).toBeUndefined();
  });
});
