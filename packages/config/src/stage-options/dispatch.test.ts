// Stage options by name: dispatch to each stage's validator, and the check of a whole pipeline.
import { describe, expect, it } from "vitest";
import { bytes, errorsOf } from "../../test/results.js";
import { describeInvalidStageOptions, validatePipelineStages, validateStageOptions } from "./dispatch.js";
import { STAGE_NAMES, type StageName } from "./registry.js";

const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

describe("validatePipelineStages", () => {
  it("accepts a valid canary pipeline, options given as piped sends them (JSON bytes)", () => {
    expect(
      validatePipelineStages([
        { index: 0, name: "CLOUDRUN_SYNC", config: json({ skipTrafficShift: true }) },
        { index: 1, name: "CLOUDRUN_PROMOTE", config: json({ percent: "10%" }) },
        { index: 3, name: "CLOUDRUN_CANARY_CLEANUP", config: json({}) },
      ]),
    ).toEqual([]);
  });

  it("lists every problem of every stage, each with its stage, pointer, the value read and the fix", () => {
    const issues = validatePipelineStages([
      { index: 0, name: "CLOUDRUN_SYNC", config: json({}) },
      { index: 2, name: "CLOUDRUN_PROMOTE", config: json({ percent: "50 %" }) },
      { index: 3, name: "CLOUDRUN_PROMOTE", config: json({ percnt: 50 }) },
      { index: 5, name: "CLOUDRUN_CANARY_CLEANUP", config: json({ keepCount: -1 }) },
    ]);
    expect(issues.map((i) => i.path)).toEqual([
      "/spec/pipeline/stages/2/with/percent",
      "/spec/pipeline/stages/3/with/percent",
      "/spec/pipeline/stages/3/with/percnt",
      "/spec/pipeline/stages/5/with/keepCount",
    ]);
    expect(issues[0]!.message).toMatch(
      /^spec\.pipeline\.stages\[2\] \(CLOUDRUN_PROMOTE\): CLOUDRUN_PROMOTE option percent must be .*but got the string "50 %"\. Set percent/,
    );
    expect(issues[2]!.message).toContain('Did you mean "percent"?');
    expect(issues[3]!.message).toMatch(
      /stages\[5\] \(CLOUDRUN_CANARY_CLEANUP\): .*keepCount.*the number -1\. Set keepCount/,
    );
  });

  it("reports JSON that is not an object and a stage the plugin does not define", () => {
    const issues = validatePipelineStages([
      { index: 1, name: "CLOUDRUN_SYNC", config: "[1]" },
      { index: 4, name: "CLOUDRUN_PROMOT", config: json({ percent: 10 }) },
    ]);
    expect(issues.map((i) => i.path)).toEqual(["/spec/pipeline/stages/1/with", "/spec/pipeline/stages/4/name"]);
    expect(issues[1]!.message).toMatch(/^spec\.pipeline\.stages\[4\]: Unknown stage "CLOUDRUN_PROMOT"/);
  });
});

describe("describeInvalidStageOptions", () => {
  it("puts a headline with the count above one line per problem", () => {
    const text = describeInvalidStageOptions(
      validatePipelineStages([{ index: 2, name: "CLOUDRUN_PROMOTE", config: json({ percent: 150 }) }]),
    );
    const [headline, ...lines] = text.split("\n");
    expect(headline).toMatch(/\(1 problem\); no Cloud Run change was made/);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\/spec\/pipeline\/stages\/2\/with\/percent: spec\.pipeline\.stages\[2\]/);
  });

  it("lists at most 20 problems and says how many more there are", () => {
    const stages = Array.from({ length: 50 }, (_, index) => ({
      index,
      name: "CLOUDRUN_PROMOTE",
      config: json({ percent: 150 }),
    }));
    const lines = describeInvalidStageOptions(validatePipelineStages(stages)).split("\n");
    expect(lines[0]).toMatch(/\(50 problems\)/);
    expect(lines).toHaveLength(1 + 20 + 1);
    expect(lines.at(-1)).toBe("… and 30 more");
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

describe("the size of a stage's options", () => {
  it("refuses options longer than 64 KiB without parsing them", () => {
    const huge = bytes(JSON.stringify({ percent: 10, pad: "x".repeat(70_000) }));
    const errors = errorsOf(validateStageOptions("CLOUDRUN_PROMOTE", huge));
    expect(errors[0]!.message).toMatch(/CLOUDRUN_PROMOTE options: it is 700\d\d bytes long, more than the 65536/);
    expect(errorsOf(validateStageOptions("CLOUDRUN_PROMOTE", "x".repeat(70_000)))[0]!.message).toMatch(
      /70000 characters long/,
    );
  });
});
