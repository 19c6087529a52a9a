import { describe, expect, it } from "vitest";
import { loadApplicationConfig } from "./app-config.js";

const defaults = {
  input: { serviceManifestFile: "service.yaml" },
  quickSync: { skipTrafficShift: false, prune: false },
};

const canaryExample = `apiVersion: pipecd.dev/v1beta1
kind: Application
spec:
  name: helloworld-canary
  labels:
    env: staging
  planner:
    autoRollback: true
  plugins:
    cloudrun:
      input:
        serviceManifestFile: service.yaml
  pipeline:
    stages:
      - name: CLOUDRUN_PROMOTE
        with:
          percent: 10
      - name: CLOUDRUN_PROMOTE
        with:
          percent: 100
`;

function envelope(pluginsBlock: string): string {
  return `apiVersion: pipecd.dev/v1beta1\nkind: Application\nspec:\n  name: app\n${pluginsBlock}`;
}

describe("loadApplicationConfig", () => {
  it("reads the canary example from the PipeCD docs", () => {
    expect(loadApplicationConfig(canaryExample)).toEqual({
      ok: true,
      value: { apiVersion: "pipecd.dev/v1beta1", kind: "Application", pluginName: "cloudrun", spec: defaults },
      warnings: [],
    });
  });

  it.each([
    { name: "spec.plugins missing", text: envelope("") },
    { name: "spec.plugins empty", text: envelope("  plugins:\n") },
    { name: "spec.plugins.cloudrun missing", text: envelope("  plugins:\n    wait: {}\n") },
    { name: "spec.plugins.cloudrun empty", text: envelope("  plugins:\n    cloudrun:\n") },
  ])("uses defaults when $name", ({ text }) => {
    const result = loadApplicationConfig(text);
    expect(result.ok && result.value.spec).toEqual(defaults);
  });

  it("reads the spec of a differently named plugin", () => {
    const text = envelope("  plugins:\n    cloudrun-prod:\n      input:\n        serviceManifestFile: prod.yaml\n");
    const result = loadApplicationConfig(text, "cloudrun-prod");
    expect(result.ok && result.value).toMatchObject({
      pluginName: "cloudrun-prod",
      spec: { input: { serviceManifestFile: "prod.yaml" } },
    });
  });

  it("accepts a legacy kind and UTF-8 bytes", () => {
    const text = "apiVersion: pipecd.dev/v1beta1\nkind: CloudRunApp\nspec: {}\n";
    const result = loadApplicationConfig(new TextEncoder().encode(text));
    expect(result.ok && result.value.kind).toBe("CloudRunApp");
  });

  it.each([
    {
      name: "unclosed flow sequence",
      text: "apiVersion: pipecd.dev/v1beta1\nkind: Application\nspec:\n  plugins: [\n",
      line: 5,
      column: 1,
    },
    {
      name: "bad indentation",
      text: "apiVersion: pipecd.dev/v1beta1\nkind: Application\nspec:\n  plugins:\n    cloudrun:\n      input:\n    serviceManifestFile: x\n   quickSync: {}\n",
      line: 8,
      column: 1,
    },
    {
      name: "tab indentation",
      text: "apiVersion: pipecd.dev/v1beta1\nkind: Application\nspec:\n\tplugins: {}\n",
      line: 4,
      column: 1,
    },
    {
      name: "duplicate key",
      text: "apiVersion: pipecd.dev/v1beta1\nkind: Application\nkind: Application\nspec: {}\n",
      line: 3,
      column: 1,
    },
    {
      name: "unterminated quote",
      text: 'apiVersion: "pipecd.dev/v1beta1\nkind: Application\n',
      line: 3,
      column: 1,
    },
  ])("reports malformed YAML with line and column: $name", ({ text, line, column }) => {
    const result = loadApplicationConfig(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]).toEqual({
      path: "",
      message: expect.stringMatching(
        new RegExp(
          `^app\\.pipecd\\.yaml is not valid YAML at line ${line}, column ${column}: .+\\. Fix the YAML syntax there\\.$`,
          "s",
        ),
      ),
      line,
      column,
    });
  });

  it("reports several YAML documents in one file", () => {
    const result = loadApplicationConfig(`${canaryExample}---\n${canaryExample}`);
    expect(!result.ok && result.errors[0]!.message).toMatch(
      /not valid YAML at line 21, column 1: Source contains multiple documents/,
    );
  });

  it.each([
    {
      name: "wrong apiVersion",
      text: "apiVersion: pipecd.dev/v1\nkind: Application\nspec: {}\n",
      error: {
        path: "/apiVersion",
        message:
          'apiVersion must be "pipecd.dev/v1beta1", but got the string "pipecd.dev/v1". Set apiVersion: pipecd.dev/v1beta1 (PipeCD v1 reads no other version).',
        line: 1,
        column: 1,
      },
    },
    {
      name: "missing apiVersion",
      text: "kind: Application\nspec: {}\n",
      error: {
        path: "/apiVersion",
        message: expect.stringMatching(/^apiVersion is required but missing\. Add /),
        line: 1,
        column: 1,
      },
    },
    {
      name: "missing kind",
      text: "apiVersion: pipecd.dev/v1beta1\nspec: {}\n",
      error: { path: "/kind", message: expect.stringMatching(/^kind is required but missing/), line: 1, column: 1 },
    },
    {
      name: "empty kind",
      text: 'apiVersion: pipecd.dev/v1beta1\nkind: ""\nspec: {}\n',
      error: { path: "/kind", message: expect.stringMatching(/^kind must be a non-empty string/), line: 2, column: 1 },
    },
    {
      name: "missing spec",
      text: "apiVersion: pipecd.dev/v1beta1\nkind: Application\n",
      error: { path: "/spec", message: expect.stringMatching(/^spec is required but missing/), line: 1, column: 1 },
    },
    {
      name: "spec is a list",
      text: "apiVersion: pipecd.dev/v1beta1\nkind: Application\nspec: [1]\n",
      error: {
        path: "/spec",
        message: expect.stringMatching(/^spec must be a mapping, but got an array/),
        line: 3,
        column: 1,
      },
    },
    {
      name: "spec.plugins is a list",
      text: envelope("  plugins:\n    - cloudrun\n"),
      error: {
        path: "/spec/plugins",
        message: expect.stringMatching(/^spec\.plugins must be a mapping/),
        line: 5,
        column: 3,
      },
    },
  ])("rejects the envelope: $name", ({ text, error }) => {
    const result = loadApplicationConfig(text);
    expect(!result.ok && result.errors).toEqual([error]);
  });

  it.each([
    { name: "empty text", text: "" },
    { name: "a scalar", text: "hello\n" },
    { name: "a list", text: "- a\n" },
  ])("rejects a file that is not a mapping: $name", ({ text }) => {
    const result = loadApplicationConfig(text);
    expect(!result.ok && result.errors[0]!.message).toMatch(
      /^app\.pipecd\.yaml must be a YAML mapping with apiVersion, kind and spec/,
    );
  });

  it("points plugin spec errors at the file's pointer, line and column", () => {
    const text = envelope(
      "  plugins:\n    cloudrun:\n      input:\n        serviceManifestFile: /abs/service.yaml\n        imagee: x\n      quickSync:\n        readinessTimeout: 10\n",
    );
    const result = loadApplicationConfig(text);
    expect(!result.ok && result.errors).toEqual([
      {
        path: "/spec/plugins/cloudrun/input/imagee",
        message: expect.stringMatching(
          /^"imagee" is not a known key of spec\.plugins\.cloudrun\.input\. Did you mean "image"\?/,
        ),
        line: 9,
        column: 9,
      },
      {
        path: "/spec/plugins/cloudrun/input/serviceManifestFile",
        message: expect.stringMatching(/^spec\.plugins\.cloudrun\.input\.serviceManifestFile must be a path relative/),
        line: 8,
        column: 9,
      },
      {
        path: "/spec/plugins/cloudrun/quickSync/readinessTimeout",
        message: expect.stringMatching(
          /^spec\.plugins\.cloudrun\.quickSync\.readinessTimeout must be a duration from 1s to 24h, .*, but got the number 10\./,
        ),
        line: 11,
        column: 9,
      },
    ]);
  });

  it("reports envelope and plugin spec errors together", () => {
    const text = "apiVersion: v1\nkind: Application\nspec:\n  plugins:\n    cloudrun:\n      quickSync: {tag: X}\n";
    const result = loadApplicationConfig(text);
    expect(!result.ok && result.errors.map((e) => [e.path, e.line, e.column])).toEqual([
      ["/apiVersion", 1, 1],
      ["/spec/plugins/cloudrun/quickSync/tag", 6, 19],
    ]);
  });

  it("points at the plugin's key when the plugin spec is not a mapping", () => {
    const result = loadApplicationConfig(envelope("  plugins:\n    cloudrun: service.yaml\n"));
    expect(!result.ok && result.errors).toEqual([
      {
        path: "/spec/plugins/cloudrun",
        message: expect.stringMatching(
          /^The spec\.plugins\.cloudrun section must be an object, but got the string "service\.yaml"\./,
        ),
        line: 6,
        column: 5,
      },
    ]);
  });

  it("keeps the deprecation warning of input.autoRollback, with its position", () => {
    const result = loadApplicationConfig(
      envelope("  plugins:\n    cloudrun:\n      input:\n        autoRollback: false\n"),
    );
    expect(result).toEqual({
      ok: true,
      value: expect.objectContaining({ spec: defaults }),
      warnings: [
        {
          path: "/spec/plugins/cloudrun/input/autoRollback",
          message: expect.stringMatching(
            /^spec\.plugins\.cloudrun\.input\.autoRollback: false is deprecated and ignored/,
          ),
          line: 8,
          column: 9,
        },
      ],
    });
  });

  it.each([
    { name: "number", input: 42 },
    { name: "undefined", input: undefined },
    { name: "object", input: { apiVersion: "pipecd.dev/v1beta1" } },
  ])("never throws on a non-text argument: $name", ({ input }) => {
    const result = loadApplicationConfig(input as unknown as string);
    expect(!result.ok && result.errors[0]!.message).toMatch(/^app\.pipecd\.yaml must be given as text or bytes/);
  });

  it("rejects bytes that are not UTF-8", () => {
    const result = loadApplicationConfig(new Uint8Array([0x61, 0xff]));
    expect(!result.ok && result.errors[0]!.message).toMatch(/not valid UTF-8/);
  });

  it("stops an alias bomb instead of expanding it", () => {
    const lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 8; i++)
      lines.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(", ")}]`,
      );
    const result = loadApplicationConfig(`${lines.join("\n")}\napiVersion: pipecd.dev/v1beta1\nkind: A\nspec: {}\n`);
    expect(result.ok).toBe(false);
  });
});
