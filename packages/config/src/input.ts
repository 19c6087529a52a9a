// Untrusted input to plain JSON: decodes text and bytes, clones values and refuses what JSON cannot hold.
import { type ConfigIssue, joinPointer } from "./result.js";

/** A JSON value as `JSON.parse` produces it. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

type Decoded = { ok: true; value: JsonValue | undefined } | { ok: false; problem: string };

/**
 * The longest JSON text of one config (piped's plugin config, a deploy target, a stage's `with`):
 * real ones are well under a few KiB, and a bound keeps a hostile or mistaken request from costing
 * seconds of parsing per config.
 */
export const MAX_CONFIG_TEXT_BYTES = 64 * 1024;

/**
 * Turns raw JSON text or bytes (as piped sends `stage_config` and the `--config` entries) into a
 * value. Empty or whitespace-only text gives `undefined` ("no config"). Anything that is not a
 * string or a `Uint8Array` is returned as is, to be cloned by {@link cloneJson}.
 */
export function decodeJsonText(input: unknown): Decoded {
  const size = typeof input === "string" ? input.length : input instanceof Uint8Array ? input.byteLength : 0;
  if (size > MAX_CONFIG_TEXT_BYTES) {
    const unit = typeof input === "string" ? "characters" : "bytes";
    return {
      ok: false,
      problem: `it is ${size} ${unit} long, more than the ${MAX_CONFIG_TEXT_BYTES} a config may have`,
    };
  }
  let text: string;
  if (typeof input === "string") {
    text = input;
  } else if (input instanceof Uint8Array) {
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(input);
    } catch {
      return { ok: false, problem: "it is not valid UTF-8" };
    }
  } else {
    return { ok: true, value: input as JsonValue | undefined };
  }
  if (text.trim() === "") return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as JsonValue };
  } catch (error) {
    return { ok: false, problem: `it is not valid JSON (${error instanceof Error ? error.message : String(error)})` };
  }
}

const MAX_DEPTH = 64;

function at(path: string): string {
  return path === "" ? "The config" : `The value at "${path}"`;
}

/**
 * Deep-copies a value into fresh plain JSON data, so that validation (which fills in defaults) never
 * touches the caller's object. Object keys that hold `undefined` are dropped, as `JSON.stringify`
 * does. Values JSON cannot hold (functions, symbols, bigints, non-finite numbers, class instances,
 * cycles) are reported with the path where they sit, instead of throwing.
 */
export function cloneJson(value: unknown): { ok: true; value: JsonValue } | { ok: false; errors: ConfigIssue[] } {
  const errors: ConfigIssue[] = [];
  const ancestors = new Set<object>();

  const visit = (current: unknown, path: string, depth: number): JsonValue => {
    if (current === null || typeof current === "boolean" || typeof current === "string") return current;
    if (typeof current === "number") {
      if (!Number.isFinite(current)) {
        errors.push({
          path,
          message: `${at(path)} is ${current}, which JSON cannot represent. Use a finite number.`,
        });
      }
      return current;
    }
    if (typeof current !== "object") {
      errors.push({
        path,
        message: `${at(path)} is a ${typeof current}, which JSON cannot represent. Use a string, number, boolean, object or array.`,
      });
      return null;
    }
    if (depth > MAX_DEPTH) {
      errors.push({ path, message: `${at(path)} is nested too deeply. Keep config under ${MAX_DEPTH} levels.` });
      return null;
    }
    if (ancestors.has(current)) {
      errors.push({ path, message: `${at(path)} refers to itself. Pass plain JSON data without cycles.` });
      return null;
    }
    ancestors.add(current);
    try {
      if (Array.isArray(current)) {
        return current.map((item, index) => visit(item, joinPointer(path, String(index)), depth + 1));
      }
      const proto: unknown = Object.getPrototypeOf(current);
      if (proto !== Object.prototype && proto !== null) {
        errors.push({
          path,
          message: `${at(path)} is a ${current.constructor?.name ?? "non-plain"} object. Pass plain JSON data (objects, arrays, strings, numbers, booleans, null).`,
        });
        return null;
      }
      const out: { [key: string]: JsonValue } = {};
      for (const [key, item] of Object.entries(current)) {
        if (item === undefined) continue;
        // defineProperty keeps a "__proto__" key an ordinary own property (it then fails as an unknown key).
        Object.defineProperty(out, key, {
          value: visit(item, joinPointer(path, key), depth + 1),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    } finally {
      ancestors.delete(current);
    }
  };

  const cloned = visit(value, "", 0);
  return errors.length === 0 ? { ok: true, value: cloned } : { ok: false, errors };
}
