/**
 * A small deterministic YAML writer for JSON-like data (pure): object keys sorted, two-space
 * indentation, block style, strings quoted (JSON style, valid YAML) whenever a plain scalar could
 * be read back as something else. Written for diffs, so equal data always renders to equal text.
 */

const RESERVED = /^(?:true|false|yes|no|on|off|null|~|y|n)$/i;
const PLAIN = /^[A-Za-z_/][A-Za-z0-9_./@+:=-]*$/;

function scalar(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "string") {
    // No spaces, no leading indicator or digit (a number), no ": " or " #", not a YAML keyword.
    return PLAIN.test(value) && !RESERVED.test(value) && !value.endsWith(":") ? value : JSON.stringify(value);
  }
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(String(value));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isEmpty(value: unknown): boolean {
  return Array.isArray(value) ? value.length === 0 : isObject(value) && Object.keys(value).length === 0;
}

/** Lines of `value` as a block (object or list) at `indent`; a scalar gives one line. */
function block(value: unknown, indent: string): string[] {
  if (Array.isArray(value)) {
    if (value.length === 0) return [`${indent}[]`];
    return value.flatMap((item) => {
      if ((isObject(item) || Array.isArray(item)) && !isEmpty(item)) {
        const lines = block(item, `${indent}  `);
        // The first line of the item goes on the dash line.
        return [`${indent}- ${(lines[0] ?? "").trimStart()}`, ...lines.slice(1)];
      }
      return [`${indent}- ${inline(item)}`];
    });
  }
  if (isObject(value)) {
    const keys = Object.keys(value)
      .filter((k) => value[k] !== undefined)
      .sort();
    if (keys.length === 0) return [`${indent}{}`];
    return keys.flatMap((key) => {
      const v = value[key];
      if ((isObject(v) || Array.isArray(v)) && !isEmpty(v)) {
        return [`${indent}${scalar(key)}:`, ...block(v, Array.isArray(v) ? indent : `${indent}  `)];
      }
      return [`${indent}${scalar(key)}: ${inline(v)}`];
    });
  }
  return [`${indent}${scalar(value)}`];
}

function inline(value: unknown): string {
  if (Array.isArray(value) && value.length === 0) return "[]";
  if (isObject(value) && Object.keys(value).length === 0) return "{}";
  return scalar(value);
}

/** The YAML text of `value`, ending with a newline (`""` for `undefined`). */
export function toYaml(value: unknown): string {
  if (value === undefined) return "";
  return `${block(value, "").join("\n")}\n`;
}
