// The shared validation pipeline: every schema field has its own wording, hostile input fails fast,
// and the package rules (no IO, no other @cr package, explicit re-exports).
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { applicationSpecSchema, parseApplicationSpec } from "./application-spec.js";
import { deployTargetSchema, validateDeployTargetConfig } from "./deploy-target.js";
import {
  validateCanaryCleanupStageOptions,
  validatePromoteStageOptions,
  validateRollbackStageOptions,
  validateSyncStageOptions,
} from "./index.js";
import {
  canaryCleanupStageOptionsSchema,
  promoteStageOptionsSchema,
  rollbackStageOptionsSchema,
  syncStageOptionsSchema,
} from "./internal.js";
import { pluginConfigSchema, validatePluginConfig } from "./plugin-config.js";
import type { ValidationResult } from "./result.js";
import type { JsonSchema } from "./validator.js";

type Validate = (input: unknown) => ValidationResult<unknown>;

const validators: { name: string; validate: Validate; schema: JsonSchema; valid: Record<string, unknown> }[] = [
  { name: "plugin config", validate: validatePluginConfig, schema: pluginConfigSchema, valid: {} },
  {
    name: "deploy target",
    validate: validateDeployTargetConfig,
    schema: deployTargetSchema,
    valid: { project: "p1", region: "asia-northeast1" },
  },
  { name: "application spec", validate: parseApplicationSpec, schema: applicationSpecSchema, valid: {} },
  { name: "CLOUDRUN_SYNC", validate: validateSyncStageOptions, schema: syncStageOptionsSchema, valid: {} },
  {
    name: "CLOUDRUN_PROMOTE",
    validate: validatePromoteStageOptions,
    schema: promoteStageOptionsSchema,
    valid: { percent: 1 },
  },
  { name: "CLOUDRUN_ROLLBACK", validate: validateRollbackStageOptions, schema: rollbackStageOptionsSchema, valid: {} },
  {
    name: "CLOUDRUN_CANARY_CLEANUP",
    validate: validateCanaryCleanupStageOptions,
    schema: canaryCleanupStageOptionsSchema,
    valid: {},
  },
];

/** JSON pointers of every property declared in a schema, nested objects included. */
function propertyPaths(schema: JsonSchema, base = ""): string[] {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  return Object.entries(properties).flatMap(([key, child]) => [
    `${base}/${key}`,
    ...propertyPaths(child, `${base}/${key}`),
  ]);
}

function setAt(target: Record<string, unknown>, pointer: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(target);
  const tokens = pointer.slice(1).split("/");
  let node = copy;
  for (const token of tokens.slice(0, -1)) {
    node[token] ??= {};
    node = node[token] as Record<string, unknown>;
  }
  node[tokens.at(-1)!] = value;
  return copy;
}

describe.each(validators)("$name", ({ validate, schema, valid }) => {
  it("accepts its minimal valid input", () => {
    expect(validate(valid).ok).toBe(true);
  });

  it.each(propertyPaths(schema).map((path) => ({ name: path, path })))(
    "has a specific message for a bad $name",
    ({ path }) => {
      const result = validate(setAt(valid, path, [["not", "valid"]]));
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.errors).toHaveLength(1);
      expect(result.errors[0]!.path).toBe(path);
      expect(result.errors[0]!.message).toMatch(/ must be .+, but got an array\. [A-Z].+\.$/);
      expect(result.errors[0]!.message).not.toContain("Correct the value at");
    },
  );

  it("does not mutate its input and returns a fresh value", () => {
    const input = Object.freeze(structuredClone(valid));
    const result = validate(input);
    expect(result.ok).toBe(true);
    expect(input).toEqual(valid);
    if (result.ok) expect(result.value).not.toBe(input);
  });

  it.each([
    { name: "a function", value: () => 1 },
    { name: "a symbol", value: Symbol("x") },
    { name: "a bigint", value: 10n },
    { name: "NaN", value: Number.NaN },
    { name: "Infinity", value: Number.POSITIVE_INFINITY },
    { name: "a Date", value: new Date(0) },
    { name: "a Map", value: new Map() },
    { name: "a class instance", value: new (class Options {})() },
  ])("reports $name instead of throwing", ({ value }) => {
    const result = validate({ ...valid, weird: value });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]!.path).toBe("/weird");
    expect(result.errors[0]!.message).toMatch(/^The value at "\/weird" .+\. [A-Z].+\.$/);
  });

  it.each([
    {
      name: "a cycle",
      make: () => {
        const a: Record<string, unknown> = { ...valid };
        a.self = a;
        return a;
      },
    },
    {
      name: "a throwing getter",
      make: () =>
        Object.defineProperty({ ...valid }, "boom", {
          enumerable: true,
          get() {
            throw new Error("getter failed");
          },
        }),
    },
    {
      name: "a throwing proxy",
      make: () =>
        new Proxy(
          {},
          {
            ownKeys() {
              throw new Error("proxy failed");
            },
          },
        ),
    },
    {
      name: "very deep nesting",
      make: () => {
        let node: Record<string, unknown> = {};
        const root = node;
        for (let i = 0; i < 10_000; i++) {
          const next = {};
          node.x = next;
          node = next;
        }
        return root;
      },
    },
  ])("never throws on $name", ({ make }) => {
    const result = validate(make());
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]!.message).toMatch(/\.$/);
  });

  it("treats a __proto__ key as an unknown key without polluting prototypes", () => {
    const result = validate(JSON.parse(`{"__proto__": {"polluted": true}}`));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => e.path)).toContain("/__proto__");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("ignores keys whose value is undefined, as JSON does", () => {
    expect(validate({ ...valid, unknownButUndefined: undefined }).ok).toBe(true);
  });
});

describe("patterns stay fast on hostile strings", () => {
  const long = (unit: string) => unit.repeat(20_000);
  it.each([
    { name: "image", run: () => parseApplicationSpec({ input: { image: `${long("a-")}!` } }) },
    { name: "image with dots", run: () => parseApplicationSpec({ input: { image: `${long("a.")}/!` } }) },
    { name: "project", run: () => validateDeployTargetConfig({ project: `${long("a-")}:!`, region: "us-east1" }) },
    {
      name: "endpoint",
      run: () => validateDeployTargetConfig({ project: "p", region: "us-east1", endpoint: `${long("a.")}:` }),
    },
    { name: "tag", run: () => validateSyncStageOptions({ tag: `${long("a-")}-` }) },
    { name: "readinessTimeout", run: () => validateSyncStageOptions({ readinessTimeout: `${long("1.")}x` }) },
    { name: "serviceManifestFile", run: () => parseApplicationSpec({ input: { serviceManifestFile: long("../a/") } }) },
  ])("$name", ({ run }) => {
    const started = performance.now();
    expect(run().ok).toBe(false);
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe("package rules", () => {
  const srcDir = new URL("./", import.meta.url);
  const sources = readdirSync(srcDir, { recursive: true, encoding: "utf8" }).filter(
    (file) => file.endsWith(".ts") && !file.endsWith(".test.ts"),
  );

  it.each(sources.map((file) => ({ name: file, file })))(
    "$name does no IO and imports no other @cr package",
    ({ file }) => {
      const text = readFileSync(new URL(file, srcDir), "utf8");
      expect(text).not.toMatch(/from "node:/);
      expect(text).not.toMatch(/from "@cr\//);
    },
  );

  it("index.ts has explicit named re-exports only", () => {
    const text = readFileSync(new URL("index.ts", srcDir), "utf8");
    expect(text).not.toMatch(/export \*/);
  });
});
