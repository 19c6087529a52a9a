// PipeCD's Duration: a Go duration string or whole nanoseconds — schema, parser and Go-style formatting.
import type { JsonSchema } from "./validator.js";

/**
 * A duration as PipeCD's `Duration` type accepts it in JSON: a Go duration string (`"30s"`, `"5m"`,
 * `"1m30s"`, `"1.5h"`, `"250ms"`) or a number of nanoseconds.
 */
export type DurationInput = number | string;

const NS_PER_UNIT: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1_000n,
  "\u00b5s": 1_000n, // micro sign
  "\u03bcs": 1_000n, // Greek small letter mu
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

const MAX_INT64 = 2n ** 63n - 1n;

/** A non-negative Go duration string without sign, as a JSON Schema `pattern` (unicode mode). */
export const GO_DURATION_PATTERN =
  "^(?:0|(?:(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:ns|us|\\u00b5s|\\u03bcs|ms|s|m|h))+)$";

const COMPONENT = /([0-9]*)(?:\.([0-9]*))?(ns|us|\u00b5s|\u03bcs|ms|s|m|h)/uy;

/**
 * Parses a Go duration string exactly as Go's `time.ParseDuration` does (optional sign, one or more
 * `<number><unit>` parts, units ns/us/µs/ms/s/m/h, `"0"` alone allowed) and returns nanoseconds, or
 * `undefined` when the text is not a valid duration or overflows Go's int64.
 */
export function parseGoDuration(text: string): number | undefined {
  let rest = text;
  let negative = false;
  if (rest.startsWith("-") || rest.startsWith("+")) {
    negative = rest.startsWith("-");
    rest = rest.slice(1);
  }
  if (rest === "0") return 0;
  if (rest === "") return undefined;

  let total = 0n;
  COMPONENT.lastIndex = 0;
  while (COMPONENT.lastIndex < rest.length) {
    const match = COMPONENT.exec(rest);
    if (!match) return undefined;
    const [, whole = "", fraction = "", unit = ""] = match;
    if (whole === "" && fraction === "") return undefined; // "." or a bare unit
    const scale = NS_PER_UNIT[unit]!;
    let ns = BigInt(whole || "0") * scale;
    if (fraction !== "") ns += (BigInt(fraction) * scale) / 10n ** BigInt(fraction.length);
    total += ns;
    if (total > MAX_INT64 + (negative ? 1n : 0n)) return undefined;
  }
  return Number(negative ? -total : total);
}

/**
 * Reads a {@link DurationInput} (number = nanoseconds, string = Go duration) and returns whole
 * milliseconds (rounded up, so a non-zero duration never becomes 0), or `undefined` when invalid.
 */
export function durationToMs(input: unknown): number | undefined {
  let ns: number | undefined;
  if (typeof input === "number") ns = Number.isInteger(input) ? input : undefined;
  else if (typeof input === "string") ns = parseGoDuration(input);
  if (ns === undefined) return undefined;
  return Math.sign(ns) * Math.ceil(Math.abs(ns) / 1_000_000);
}

/** Formats milliseconds the way Go prints a `time.Duration`, e.g. 600000 → `"10m0s"`, 1500 → `"1.5s"`. */
export function formatDurationMs(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  if (ms === 0) return "0s";
  const sign = ms < 0 ? "-" : "";
  let rest = Math.abs(Math.round(ms));
  if (rest < 1000) return `${sign}${rest}ms`;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = (rest / 1000).toString();
  if (hours > 0) return `${sign}${hours}h${minutes}m${seconds}s`;
  if (minutes > 0) return `${sign}${minutes}m${seconds}s`;
  return `${sign}${seconds}s`;
}

/** JSON Schema of a duration in either form; `minNs`/`maxNs` bound the number form (strings are checked in code). */
export function durationSchema(description: string, minNs: number, maxNs: number): JsonSchema {
  return {
    description,
    anyOf: [
      { type: "integer", minimum: minNs, maximum: maxNs },
      { type: "string", pattern: GO_DURATION_PATTERN },
    ],
    examples: ["30s", "5m", "1m30s"],
  };
}
