// PipeCD's Percentage in its accepted spellings, and what is refused.
import { describe, expect, it } from "vitest";
import { ACCEPTED_PERCENTS, REFUSED_PERCENTS } from "../test/percent-spellings.js";
import { parsePercentage } from "./percentage.js";

describe("parsePercentage", () => {
  it.each(Object.entries({ ...ACCEPTED_PERCENTS, "leading zeros (as Go's Atoi)": ["007", 7] }))(
    "accepts %s",
    (_name, [input, expected]) => {
      expect(parsePercentage(input)).toBe(expected);
    },
  );

  it.each(
    Object.entries({
      ...REFUSED_PERCENTS,
      "only %": "%",
      "negative string": "-5%",
      "string above 100": "101%",
      spaces: " 10",
      undefined: undefined,
      NaN: Number.NaN,
      object: { percent: 10 },
    }),
  )("rejects %s", (_name, input) => {
    expect(parsePercentage(input)).toBeUndefined();
  });
});
