/** A problem found in user input: where it is (a JSON pointer) and what to do about it. */
export interface ValidationIssue {
  path: string;
  message: string;
}

/** A validated value, or the issues that make the input invalid. */
export type ValidationResult<T> = { ok: true; value: T } | { ok: false; errors: ValidationIssue[] };

/**
 * Decodes and checks one piece of user config. Plugins supply these (for example from a JSON
 * Schema library); the host never interprets plugin-specific config itself.
 */
export type Validator<T> = (raw: unknown) => ValidationResult<T>;

/** Accepts anything as-is; for plugins that have no config of a kind. */
export function acceptAny<T = unknown>(): Validator<T> {
  return (raw) => ({ ok: true, value: raw as T });
}

/** The issues as one text, one `path: message` a line. */
export function formatIssues(errors: readonly ValidationIssue[]): string {
  return errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join("; ");
}
