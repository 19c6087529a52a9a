// PipeCD's Percentage: a number or a string with an optional %, whole numbers 0..100.
import type { JsonSchema } from "./validator.js";

/**
 * A percentage as PipeCD's `unit.Percentage` accepts it in JSON: a number or a string, with an
 * optional trailing `%` (`10`, `"10"`, `"10%"`). Only whole numbers; this package also requires 0..100.
 */
export type PercentageInput = number | string;

/** String form accepted for a percentage: digits (leading zeros allowed, as Go's Atoi does) and an optional `%`. */
export const PERCENTAGE_STRING_PATTERN = "^0*(?:100|[1-9]?[0-9])%?$";

/** JSON Schema of a 0..100 percentage in any of its accepted forms. */
export function percentageSchema(description: string): JsonSchema {
  return {
    description,
    anyOf: [
      { type: "integer", minimum: 0, maximum: 100 },
      { type: "string", pattern: PERCENTAGE_STRING_PATTERN },
    ],
    examples: [10, "50", "100%"],
  };
}

/** Completes "<field> must be …" in error messages. */
export const PERCENTAGE_EXPECTED = 'a whole number from 0 to 100, written as 10, "10" or "10%"';

/**
 * Reads a percentage written as `10`, `"10"` or `"10%"` and returns it as a number, or `undefined`
 * when it is not a whole number from 0 to 100 (e.g. `150`, `-5`, `10.5`, `"abc"`, `"10.5%"`, `""`,
 * `true`, `null`).
 */
export function parsePercentage(value: unknown): number | undefined {
  let n: number;
  if (typeof value === "number") {
    n = value;
  } else if (typeof value === "string" && /^[0-9]+%?$/.test(value)) {
    n = Number.parseInt(value, 10);
  } else {
    return undefined;
  }
  return Number.isInteger(n) && n >= 0 && n <= 100 ? n : undefined;
}
