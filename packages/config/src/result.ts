// Results and issues every validator returns, JSON pointers, and the one-line rendering for logs.
/**
 * One problem found in a piece of config.
 *
 * `path` is a JSON pointer (RFC 6901) to the offending value, `""` for the whole input.
 * `message` is a full sentence that says what is wrong and how to fix it.
 */
export interface ConfigIssue {
  path: string;
  message: string;
}

/**
 * The outcome of every `validate*`/`parse*` function of this package. They never throw on bad
 * input. On success `value` is a fresh object with defaults applied and values normalised; the input
 * is never mutated. `warnings` lists accepted-but-questionable input (e.g. deprecated keys).
 */
export type ValidationResult<T> =
  | { ok: true; value: T; warnings: ConfigIssue[] }
  | { ok: false; errors: ConfigIssue[]; warnings: ConfigIssue[] };

export function success<T>(value: T, warnings: ConfigIssue[] = []): ValidationResult<T> {
  return { ok: true, value, warnings };
}

export function failure<T>(errors: ConfigIssue[], warnings: ConfigIssue[] = []): ValidationResult<T> {
  return { ok: false, errors, warnings };
}

/** Renders issues as one line each (`<path>: <message>`), for logs and RPC error messages. */
export function formatIssues(issues: readonly ConfigIssue[]): string {
  return issues.map((issue) => `${issue.path === "" ? "(root)" : issue.path}: ${issue.message}`).join("\n");
}

/** Escapes one JSON pointer reference token (`~` → `~0`, `/` → `~1`). */
export function escapePointerToken(token: string): string {
  return token.replaceAll("~", "~0").replaceAll("/", "~1");
}

/** Splits a JSON pointer into unescaped reference tokens; `""` gives `[]`. */
export function pointerTokens(pointer: string): string[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((token) => token.replaceAll("~1", "/").replaceAll("~0", "~"));
}

/** Joins a base pointer and unescaped tokens into a JSON pointer. */
export function joinPointer(base: string, ...tokens: string[]): string {
  return base + tokens.map((token) => `/${escapePointerToken(token)}`).join("");
}
