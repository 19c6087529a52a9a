import { describe, expect, it } from "vitest";
import {
  CLOUDRUN_STAGES,
  DEFAULT_READINESS_TIMEOUT_MS,
  DEFAULT_TRAFFIC_DRIFT_POLICY,
  isStageName,
  STAGE_NAMES,
  type StageName,
  validateCanaryCleanupStageOptions,
  validatePromoteStageOptions,
  validateRollbackStageOptions,
  validateStageOptions,
  validateSyncStageOptions,
} from "./index.js";

const bytes = (text: string) => new TextEncoder().encode(text);

function errorsOf(result: { ok: boolean; errors?: { path: string; message: string }[] }) {
  expect(result.ok).toBe(false);
  return result.errors ?? [];
}

describe("stage list", () => {
  it("names the four Cloud Run stages, each with a one-line description", () => {
    expect(STAGE_NAMES).toEqual(["CLOUDRUN_SYNC", "CLOUDRUN_PROMOTE", "CLOUDRUN_ROLLBACK", "CLOUDRUN_CANARY_CLEANUP"]);
    for (const stage of CLOUDRUN_STAGES) {
      expect(stage.description).toMatch(/^[A-Z].+\.$/);
      expect(stage.description).not.toContain("\n");
    }
  });

  it.each([
    { name: "a stage name", input: "CLOUDRUN_PROMOTE", expected: true },
    { name: "another plugin's stage", input: "WAIT", expected: false },
    { name: "wrong case", input: "cloudrun_sync", expected: false },
    { name: "not a string", input: 1, expected: false },
  ])("isStageName: $name", ({ input, expected }) => {
    expect(isStageName(input)).toBe(expected);
  });
});

describe("CLOUDRUN_PROMOTE", () => {
  it.each([
    { name: "number", percent: 10, expected: 10 },
    { name: "numeric string", percent: "10", expected: 10 },
    { name: "string with %", percent: "10%", expected: 10 },
    { name: "zero", percent: 0, expected: 0 },
    { name: "hundred", percent: 100, expected: 100 },
    { name: "hundred with %", percent: "100%", expected: 100 },
  ])("accepts percent as $name", ({ percent, expected }) => {
    const result = validatePromoteStageOptions({ percent });
    expect(result).toEqual({ ok: true, value: { percent: expected, onTrafficDrift: "fail" }, warnings: [] });
  });

  it.each([
    { name: "above 100", percent: 150 },
    { name: "negative", percent: -5 },
    { name: "fraction", percent: 10.5 },
    { name: "word", percent: "abc" },
    { name: "fraction with %", percent: "10.5%" },
    { name: "empty string", percent: "" },
    { name: "boolean", percent: true },
    { name: "null", percent: null },
    { name: "string above 100", percent: "150%" },
    { name: "array", percent: [10] },
  ])("rejects percent as $name, naming /percent and the range", ({ percent }) => {
    const errors = errorsOf(validatePromoteStageOptions({ percent }));
    expect(errors).toHaveLength(1);
    expect(errors[0]!.path).toBe("/percent");
    expect(errors[0]!.message).toContain("CLOUDRUN_PROMOTE option percent");
    expect(errors[0]!.message).toContain("from 0 to 100");
    expect(errors[0]!.message).toMatch(/Set percent to/);
  });

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

  it.each([
    { name: "no unit", readinessTimeout: "30" },
    { name: "unknown unit", readinessTimeout: "2d" },
    { name: "zero", readinessTimeout: "0" },
    { name: "negative", readinessTimeout: "-5m" },
    { name: "below 1s", readinessTimeout: "500ms" },
    { name: "above 24h", readinessTimeout: "25h" },
    { name: "nanoseconds below 1s", readinessTimeout: 1000 },
    { name: "fractional nanoseconds", readinessTimeout: 1.5e9 + 0.5 },
    { name: "boolean", readinessTimeout: true },
    { name: "empty string", readinessTimeout: "" },
  ])("rejects readinessTimeout as $name", ({ readinessTimeout }) => {
    const errors = errorsOf(validateSyncStageOptions({ readinessTimeout }));
    expect(errors).toHaveLength(1);
    expect(errors[0]!.path).toBe("/readinessTimeout");
    expect(errors[0]!.message).toMatch(/readinessTimeout must be a duration from 1s to 24h/);
    expect(errors[0]!.message).toMatch(/default of 10m0s/);
  });

  it.each([
    { name: "word", tag: "canary" },
    { name: "with digits and hyphens", tag: "rc-2-preview" },
    { name: "single letter", tag: "a" },
    { name: "46 characters", tag: `a${"b".repeat(45)}` },
  ])("accepts tag $name", ({ tag }) => {
    const result = validateSyncStageOptions({ tag });
    expect(result.ok && result.value.tag).toBe(tag);
  });

  it.each([
    { name: "uppercase", tag: "Canary" },
    { name: "underscore", tag: "can_ary" },
    { name: "leading digit", tag: "1canary" },
    { name: "leading hyphen", tag: "-canary" },
    { name: "trailing hyphen", tag: "canary-" },
    { name: "47 characters", tag: `a${"b".repeat(46)}` },
    { name: "empty", tag: "" },
    { name: "number", tag: 5 },
  ])("rejects tag $name", ({ tag }) => {
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

describe("CLOUDRUN_ROLLBACK", () => {
  it.each([
    { name: "nothing", input: "", expected: {} },
    { name: "a revision", input: { revision: "helloworld-00042-abc" }, expected: { revision: "helloworld-00042-abc" } },
    {
      name: "63-character revision",
      input: { revision: `r${"0".repeat(62)}` },
      expected: { revision: `r${"0".repeat(62)}` },
    },
  ])("accepts $name", ({ input, expected }) => {
    expect(validateRollbackStageOptions(input)).toEqual({ ok: true, value: expected, warnings: [] });
  });

  it.each([
    { name: "uppercase", revision: "HelloWorld-1" },
    { name: "64 characters", revision: `r${"0".repeat(63)}` },
    { name: "trailing hyphen", revision: "hello-" },
    { name: "leading digit", revision: "1hello" },
    { name: "slash (a resource path)", revision: "namespaces/p/revisions/hello-1" },
    { name: "empty", revision: "" },
  ])("rejects revision $name", ({ revision }) => {
    const errors = errorsOf(validateRollbackStageOptions({ revision }));
    expect(errors).toEqual([
      { path: "/revision", message: expect.stringMatching(/revision must be a Cloud Run revision name/) },
    ]);
  });
});

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

describe("validateStageOptions", () => {
  it.each([
    { name: "CLOUDRUN_SYNC", stage: "CLOUDRUN_SYNC", input: "", value: { skipTrafficShift: false, prune: false } },
    {
      name: "CLOUDRUN_PROMOTE",
      stage: "CLOUDRUN_PROMOTE",
      input: '{"percent":"10%"}',
      value: { percent: 10, onTrafficDrift: "fail" },
    },
    { name: "CLOUDRUN_ROLLBACK", stage: "CLOUDRUN_ROLLBACK", input: bytes(""), value: {} },
    {
      name: "CLOUDRUN_CANARY_CLEANUP",
      stage: "CLOUDRUN_CANARY_CLEANUP",
      input: {},
      value: { keepCount: 5, keepLatest: true },
    },
  ])("dispatches $name", ({ stage, input, value }) => {
    expect(validateStageOptions(stage as StageName, input)).toEqual({ ok: true, value, warnings: [] });
  });

  it("keeps the option type of a literal stage name", () => {
    const result = validateStageOptions("CLOUDRUN_PROMOTE", { percent: 5 });
    if (!result.ok) throw new Error("expected ok");
    const percent: number = result.value.percent;
    expect(percent).toBe(5);
  });

  it.each(STAGE_NAMES.map((stage) => ({ name: stage, stage })))(
    "reports malformed JSON for $name, naming the stage and the problem",
    ({ stage }) => {
      const errors = errorsOf(validateStageOptions(stage, bytes('{"percent": 10,')));
      expect(errors).toHaveLength(1);
      expect(errors[0]!.path).toBe("");
      expect(errors[0]!.message).toContain(`the ${stage} options`);
      expect(errors[0]!.message).toMatch(/not valid JSON \(.+\)/);
    },
  );

  it("refuses options longer than 64 KiB without parsing them", () => {
    const huge = bytes(JSON.stringify({ percent: 10, pad: "x".repeat(70_000) }));
    const errors = errorsOf(validateStageOptions("CLOUDRUN_PROMOTE", huge));
    expect(errors[0]!.message).toMatch(/CLOUDRUN_PROMOTE options: it is 700\d\d bytes long, more than the 65536/);
    expect(errorsOf(validateStageOptions("CLOUDRUN_PROMOTE", "x".repeat(70_000)))[0]!.message).toMatch(
      /70000 characters long/,
    );
  });

  it("reports bytes that are not UTF-8", () => {
    const errors = errorsOf(validateStageOptions("CLOUDRUN_SYNC", new Uint8Array([0x7b, 0xff, 0x7d])));
    expect(errors[0]!.message).toMatch(/CLOUDRUN_SYNC options: it is not valid UTF-8/);
  });

  it.each([
    { name: "another plugin's stage", stage: "WAIT" },
    { name: "the legacy generic rollback", stage: "ROLLBACK" },
    { name: "empty", stage: "" },
  ])("rejects an unknown stage: $name", ({ stage }) => {
    const errors = errorsOf(validateStageOptions(stage, {}));
    expect(errors).toEqual([
      { path: "", message: expect.stringMatching(/^Unknown stage ".*": .* Use one of CLOUDRUN_SYNC/) },
    ]);
  });
});
