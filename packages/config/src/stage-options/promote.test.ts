// CLOUDRUN_PROMOTE options: percent in its three spellings, the drift policy, and the errors.
import { describe, expect, it } from "vitest";
import { ACCEPTED_PERCENTS, REFUSED_PERCENTS } from "../../test/percent-spellings.js";
import { bytes, errorsOf } from "../../test/results.js";
import { DEFAULT_TRAFFIC_DRIFT_POLICY, validatePromoteStageOptions } from "../index.js";

describe("CLOUDRUN_PROMOTE", () => {
  it.each(Object.entries(ACCEPTED_PERCENTS))("accepts percent as %s", (_name, [percent, expected]) => {
    const result = validatePromoteStageOptions({ percent });
    expect(result).toEqual({ ok: true, value: { percent: expected, onTrafficDrift: "fail" }, warnings: [] });
  });

  it.each(Object.entries({ ...REFUSED_PERCENTS, "string above 100": "150%", array: [10] }))(
    "rejects percent as %s, naming /percent and the range",
    (_name, percent) => {
      const errors = errorsOf(validatePromoteStageOptions({ percent }));
      expect(errors).toHaveLength(1);
      expect(errors[0]!.path).toBe("/percent");
      expect(errors[0]!.message).toContain("CLOUDRUN_PROMOTE option percent");
      expect(errors[0]!.message).toContain("from 0 to 100");
      expect(errors[0]!.message).toMatch(/Set percent to/);
    },
  );

  it.each([
    { name: "JSON text", input: '{"percent":50}' },
    { name: "JSON bytes", input: bytes('{"percent":"50%"}') },
    { name: "Buffer", input: Buffer.from('{"percent":"50"}') },
  ])("reads $name as piped sends stage_config", ({ input }) => {
    expect(validatePromoteStageOptions(input)).toEqual({
      ok: true,
      value: { percent: 50, onTrafficDrift: "fail" },
      warnings: [],
    });
  });

  it.each([
    { name: "empty object", input: {} },
    { name: "empty text", input: "" },
    { name: "empty bytes", input: new Uint8Array() },
    { name: "JSON null", input: "null" },
  ])("requires percent ($name)", ({ input }) => {
    const errors = errorsOf(validatePromoteStageOptions(input));
    expect(errors).toEqual([{ path: "/percent", message: expect.stringMatching(/percent is required but missing/) }]);
  });

  it("rejects an unknown key, naming it and suggesting the right one", () => {
    const errors = errorsOf(validatePromoteStageOptions({ percent: 10, percnt: 20 }));
    expect(errors).toEqual([
      {
        path: "/percnt",
        message: expect.stringMatching(
          /"percnt" is not a known key of the CLOUDRUN_PROMOTE options\. Did you mean "percent"\?/,
        ),
      },
    ]);
  });

  it.each([
    { name: "left out", input: { percent: 10 }, expected: "fail" },
    { name: "fail", input: { percent: 10, onTrafficDrift: "fail" }, expected: "fail" },
    { name: "overwrite", input: { percent: 10, onTrafficDrift: "overwrite" }, expected: "overwrite" },
    { name: "overwrite in JSON text", input: '{"percent":"10%","onTrafficDrift":"overwrite"}', expected: "overwrite" },
  ])("reads onTrafficDrift ($name)", ({ input, expected }) => {
    expect(validatePromoteStageOptions(input)).toEqual({
      ok: true,
      value: { percent: 10, onTrafficDrift: expected },
      warnings: [],
    });
    expect(DEFAULT_TRAFFIC_DRIFT_POLICY).toBe("fail");
  });

  it.each([
    { name: "another word", value: "ignore", shown: 'the string "ignore"' },
    { name: "wrong case", value: "Fail", shown: 'the string "Fail"' },
    { name: "empty string", value: "", shown: "an empty string" },
    { name: "boolean", value: true, shown: "the boolean true" },
    { name: "null", value: null, shown: "null" },
  ])("rejects onTrafficDrift as $name, naming /onTrafficDrift and both values", ({ value, shown }) => {
    const errors = errorsOf(validatePromoteStageOptions({ percent: 10, onTrafficDrift: value }));
    expect(errors).toEqual([
      {
        path: "/onTrafficDrift",
        message: `CLOUDRUN_PROMOTE option onTrafficDrift must be "fail" or "overwrite", but got ${shown}. Set onTrafficDrift to "overwrite" to promote over a manual traffic change, or remove it to fail the stage instead (default "fail").`,
      },
    ]);
  });

  it("reports a bad percent and a bad onTrafficDrift together", () => {
    const errors = errorsOf(validatePromoteStageOptions({ percent: 150, onTrafficDrift: "skip" }));
    expect(errors.map((e) => e.path).sort()).toEqual(["/onTrafficDrift", "/percent"]);
  });
});
