import { describe, expect, it } from "vitest";
import { parseYaml } from "./manifest-yaml.js";

describe("YAML errors say what they are", () => {
  it.each([
    ["a deeply nested flow sequence", `spec: ${"[".repeat(5_000)}${"]".repeat(5_000)}`],
    ["a deeply nested block sequence", `spec:\n  ${"- ".repeat(5_000)}x`],
  ])("%s is reported as nested too deeply, not as alias expansions", (_what, text) => {
    const { reader } = parseYaml(text, "service.yaml");
    const messages = reader.errors.map((e) => e.message);
    expect(messages.length).toBeGreaterThan(0);
    expect(messages.every((m) => m.includes("nested too deeply"))).toBe(true);
    expect(messages.join(" ")).not.toContain("alias");
  });

  it("a syntax error keeps its own text", () => {
    const { reader } = parseYaml("a: [1, 2", "service.yaml");
    expect(reader.errors[0]?.message).toBe("YAML syntax error: bad indentation");
  });
});
