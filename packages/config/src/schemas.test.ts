// The published schema files match the schema objects, byte for byte, and no stale file is left.
import { readdirSync } from "node:fs";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { publishedSchemas, serializeSchema } from "./schemas.js";

const schemaDir = new URL("../schema/", import.meta.url);

describe("published JSON Schemas", () => {
  // A stale checked-in file fails here; refresh with `pnpm --filter @cr/config schemas`
  // (or `pnpm vitest run --project @cr/config -u`).
  it.each(publishedSchemas.map(({ file, schema }) => ({ name: file, file, schema })))(
    "$name matches the in-code schema",
    async ({ file, schema }) => {
      await expect(serializeSchema(schema)).toMatchFileSnapshot(`../schema/${file}`);
    },
  );

  it("has no files in schema/ that no schema produces", () => {
    const files = readdirSync(schemaDir).filter((file) => file.endsWith(".json"));
    expect(files.sort()).toEqual(publishedSchemas.map(({ file }) => file).sort());
  });

  it.each(publishedSchemas.map(({ file, schema }) => ({ name: file, schema })))(
    "$name is a strict draft-07 schema that round-trips through JSON",
    ({ schema }) => {
      const ajv = new Ajv({ strict: true, allErrors: true });
      expect(ajv.validateSchema(schema)).toBe(true);
      expect(() => ajv.compile(JSON.parse(serializeSchema(schema)))).not.toThrow();
      expect(JSON.parse(serializeSchema(schema))).toEqual(schema);
    },
  );

  it.each(publishedSchemas.map(({ file, schema }) => ({ name: file, schema })))(
    "$name forbids unknown keys in every object",
    ({ schema }) => {
      const objects: Record<string, unknown>[] = [];
      const walk = (node: unknown): void => {
        if (node === null || typeof node !== "object") return;
        const record = node as Record<string, unknown>;
        if (record.type === "object") objects.push(record);
        for (const value of Object.values(record)) walk(value);
      };
      walk(schema);
      expect(objects.length).toBeGreaterThan(0);
      for (const object of objects) expect(object.additionalProperties).toBe(false);
    },
  );
});

describe("serializeSchema", () => {
  it.each([
    { name: "empty object", value: {}, expected: "{}\n" },
    { name: "short scalar array on one line", value: { a: ["x", "y"] }, expected: '{\n  "a": ["x", "y"]\n}\n' },
    {
      name: "long scalar array one item per line",
      value: { a: ["x".repeat(60), "y".repeat(60)] },
      expected: `{\n  "a": [\n    "${"x".repeat(60)}",\n    "${"y".repeat(60)}"\n  ]\n}\n`,
    },
    {
      name: "array of objects expanded",
      value: { a: [{ b: 1 }] },
      expected: '{\n  "a": [\n    {\n      "b": 1\n    }\n  ]\n}\n',
    },
  ])("$name", ({ value, expected }) => {
    expect(serializeSchema(value)).toBe(expected);
  });
});
