// Presence and non-empty checks on request fields; a failed check is INVALID_ARGUMENT naming the field.
import { HostError } from "./errors.js";

/**
 * Field checks the Go SDK gets from protoc-gen-validate, for the fields this host relies on.
 * A failed check is INVALID_ARGUMENT naming the field.
 */
export function requirePresent<T>(value: T | undefined | null, field: string): T {
  if (value === undefined || value === null)
    throw new HostError("InvalidArgument", `invalid request: ${field} is required`);
  return value;
}

export function requireNonEmpty(value: string | undefined, field: string): string {
  if (!value) throw new HostError("InvalidArgument", `invalid request: ${field} must not be empty`);
  return value;
}

export function requireNonNegative(value: number, field: string): number {
  if (!Number.isInteger(value) || value < 0) {
    throw new HostError("InvalidArgument", `invalid request: ${field} must be an integer >= 0`);
  }
  return value;
}
