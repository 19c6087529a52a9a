// The stage list: names, descriptions, and the name check.
import { describe, expect, it } from "vitest";
import { CLOUDRUN_STAGES, isStageName, STAGE_NAMES } from "../index.js";
import { STAGE_OPTIONS } from "./registry.js";

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

describe("stage registry", () => {
  it.each(STAGE_OPTIONS.map((stage) => ({ name: stage.name, stage })))(
    "$name publishes its schema as stage-<name>.json and validates its defaults",
    ({ stage }) => {
      expect(stage.schemaFile).toBe(`stage-${stage.name.toLowerCase().replaceAll("_", "-")}.json`);
      expect(stage.schema.title).toBe(`${stage.name} stage options`);
      const empty = stage.validate("");
      expect(empty.ok).toBe(stage.name !== "CLOUDRUN_PROMOTE"); // only PROMOTE has a required option
    },
  );
});
