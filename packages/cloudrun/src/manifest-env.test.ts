// Environment variable values are kept exactly as written and never echoed in messages.
import { describe, expect, it } from "vitest";
import { errors, knative, ok } from "../test/manifest-parse.js";
import { parseServiceManifest } from "./manifest.js";

describe("environment variable values", () => {
  it.each(
    Object.entries<[yaml: string, want: string]>({
      boolean: ["false", "false"],
      "float with trailing zero": ["1.0", "1.0"],
      hex: ["0x1F", "0x1F"],
      exponent: ["1e3", "1e3"],
      "leading zeros": ["007", "007"],
      "yes (a string in YAML 1.2)": ["yes", "yes"],
      quoted: ['"true"', "true"],
      empty: ["", ""],
      tilde: ["~", ""],
      "block scalar": ["|\n                line1\n                line2", "line1\nline2\n"],
    }),
  )("keeps %s exactly as written", (_name, [yaml, want]) => {
    const text = knative({ container: ["env:", "  - name: V", `    value: ${yaml}`] });
    expect(ok(parseServiceManifest(text)).service.template.containers[0]?.env).toEqual([{ name: "V", value: want }]);
  });

  const CANARY = "s3cr3t-CANARY-value";
  it.each([
    { name: "env value as a mapping", lines: ["env:", "  - name: A", `    value: {nested: ${CANARY}}`] },
    { name: "env value as a list", lines: ["env:", "  - name: A", `    value: [${CANARY}]`] },
    { name: "unknown env field", lines: ["env:", "  - name: A", `    value: ${CANARY}`, `    secret: ${CANARY}`] },
    {
      name: "value and valueFrom",
      lines: ["env:", "  - name: A", `    value: ${CANARY}`, "    valueFrom: {secretKeyRef: {name: s}}"],
    },
    { name: "env without name", lines: ["env:", `  - value: ${CANARY}`] },
    { name: "env as a map", lines: ["env:", `  A: ${CANARY}`] },
    { name: "bad escape in env value", lines: ["env:", "  - name: A", `    value: "${CANARY}\\q"`] },
    { name: "unterminated quote in env value", lines: ["env:", "  - name: A", `    value: "${CANARY}`] },
    {
      name: "bad indentation after env value",
      lines: ["env:", "  - name: A", `    value: ${CANARY}`, `     bad: ${CANARY}`],
    },
    { name: "block scalar header garbage", lines: ["env:", "  - name: A", `    value: |${CANARY}`, "      x"] },
    { name: "unknown tag on env value", lines: ["env:", "  - name: A", `    value: !${CANARY} x`] },
  ])("never echoes an env value: $name", ({ lines }) => {
    const result = parseServiceManifest(knative({ container: lines }));
    const issues = result.ok ? result.warnings : [...result.errors, ...result.warnings];
    expect(issues.length).toBeGreaterThan(0);
    for (const issue of issues) {
      expect(issue.message).not.toContain(CANARY);
      expect(issue.message.toLowerCase()).not.toContain("canary");
    }
  });

  it("never echoes env values of the v2 form", () => {
    const text = `name: s\ntemplate:\n  containers:\n    - image: nginx\n      env:\n        - {name: A, value: {x: ${CANARY}}}\n        - {name: B, value: ${CANARY}, junk: ${CANARY}}\n`;
    const result = parseServiceManifest(text);
    expect(JSON.stringify(errors(result))).not.toContain(CANARY);
  });
});
