// The plugin's own config: empty forms accepted, any key rejected.
import { describe, expect, it } from "vitest";
import { validatePluginConfig } from "./plugin-config.js";

describe("validatePluginConfig", () => {
  it.each([
    { name: "undefined (config omitted)", input: undefined },
    { name: "null", input: null },
    { name: "empty object", input: {} },
    { name: "empty text", input: "" },
    { name: "JSON {}", input: "{}" },
    { name: "empty bytes", input: new Uint8Array() },
  ])("gives {} for $name", ({ input }) => {
    expect(validatePluginConfig(input)).toEqual({ ok: true, value: {}, warnings: [] });
  });

  it("rejects any key, naming it", () => {
    expect(validatePluginConfig({ project: "x" })).toEqual({
      ok: false,
      errors: [
        {
          path: "/project",
          message: '"project" is not a known key of the plugin config, which accepts no keys yet. Remove "project".',
        },
      ],
      warnings: [],
    });
  });

  it.each([
    { name: "array", input: [] },
    { name: "string JSON value", input: '"x"' },
  ])("rejects a non-object: $name", ({ input }) => {
    const result = validatePluginConfig(input);
    expect(!result.ok && result.errors[0]!.message).toMatch(/^The plugin config must be a JSON object, but got/);
  });

  it("reports malformed JSON text", () => {
    const result = validatePluginConfig("{");
    expect(!result.ok && result.errors[0]!.message).toMatch(/^Could not read the plugin config: it is not valid JSON/);
  });
});
