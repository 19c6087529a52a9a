// The schemas published as `schema/*.json`, and the file format they are written in.
import { applicationSpecSchema } from "./application-spec.js";
import { deployTargetSchema } from "./deploy-target.js";
import { pluginConfigSchema } from "./plugin-config.js";
import { STAGE_OPTIONS } from "./stage-options/registry.js";
import type { JsonSchema } from "./validator.js";

/** A JSON Schema published as `@cr/config/schema/<file>` for editors and docs. */
export interface PublishedSchema {
  /** File name under `packages/config/schema/`. */
  file: string;
  schema: JsonSchema;
}

/** Every published schema, one per config; `schema/*.json` is generated from this list. */
export const publishedSchemas: readonly PublishedSchema[] = [
  { file: "plugin-config.json", schema: pluginConfigSchema },
  { file: "deploy-target.json", schema: deployTargetSchema },
  { file: "application-spec.json", schema: applicationSpecSchema },
  ...STAGE_OPTIONS.map(({ schemaFile, schema }) => ({ file: schemaFile, schema })),
];

const LINE_WIDTH = 120;

/**
 * Serialises a schema as the checked-in file holds it: 2-space JSON, objects one key per line, arrays of
 * scalars on one line when they fit in 120 columns (the repository's Biome JSON style), final newline.
 */
export function serializeSchema(schema: JsonSchema): string {
  return `${format(schema, "", 0)}\n`;
}

function format(value: unknown, indent: string, prefixLength: number): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    if (value.every((item) => item === null || typeof item !== "object")) {
      const flat = `[${value.map((item) => JSON.stringify(item)).join(", ")}]`;
      // prefixLength: columns already used on this line (indent + key); +1 for a trailing comma.
      if (prefixLength + flat.length + 1 <= LINE_WIDTH) return flat;
    }
    const inner = `${indent}  `;
    return `[\n${value.map((item) => inner + format(item, inner, inner.length)).join(",\n")}\n${indent}]`;
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value);
    if (entries.length === 0) return "{}";
    const inner = `${indent}  `;
    const lines = entries.map(([key, item]) => {
      const head = `${inner}${JSON.stringify(key)}: `;
      return head + format(item, inner, head.length);
    });
    return `{\n${lines.join(",\n")}\n${indent}}`;
  }
  return JSON.stringify(value);
}
