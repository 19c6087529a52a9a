// Helpers for this package's own tests: read the errors of a result that must have failed.
import { expect } from "vitest";

/** UTF-8 bytes of `text`, as piped sends a stage's `with`. */
export const bytes = (text: string) => new TextEncoder().encode(text);

/** The errors of a result, failing the test when it succeeded. */
export function errorsOf(result: { ok: boolean; errors?: { path: string; message: string }[] }) {
  expect(result.ok).toBe(false);
  return result.errors ?? [];
}
