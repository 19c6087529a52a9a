import { describe, expect, it } from "vitest";
import { describeInvalidStageOptions, validatePipelineStages } from "./pipeline-stages.js";

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
