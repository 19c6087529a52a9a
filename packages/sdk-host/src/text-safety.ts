/**
 * The two filters every text leaving the plugin goes through: {@link boundText} for input echoed
 * in an error, and {@link Redactor} for secrets (registered values and credential patterns).
 */

/** How many characters of echoed input an error message keeps. */
export const MAX_ECHOED_CHARS = 200;

/** `text` cut to `max` characters with "…" appended when it was longer. */
export function boundText(text: string, max = MAX_ECHOED_CHARS): string {
  if (text.length <= max) return text;
  // Do not cut a surrogate pair in half.
  const end = /[\uD800-\uDBFF]/.test(text.charAt(max - 1)) ? max - 1 : max;
  return `${text.slice(0, end)}…`;
}

export const REDACTED = "(hidden)";

/** Values this short are ordinary words and numbers (`true`, `80`), not secrets worth hiding. */
const MIN_SECRET_CHARS = 4;
/** A long value is matched by its start, so a message echoing only its beginning is covered too. */
const MATCHED_PREFIX_CHARS = 64;
/** The registry forgets the oldest values beyond this, so a long-running process stays bounded. */
const MAX_SECRETS = 2_000;

/**
 * Credentials recognised by their shape, whoever wrote them: URL passwords, bearer tokens, Google
 * access tokens and keys, private keys, and `password=`/`token:` style assignments.
 */
const CREDENTIAL_PATTERNS: readonly [RegExp, string][] = [
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g, REDACTED],
  [/\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+):[^\s@/]+@/gi, `$1:${REDACTED}@`],
  [/\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, `$1 ${REDACTED}`],
  [/\bya29\.[A-Za-z0-9._-]+/g, REDACTED],
  [/\bAIza[0-9A-Za-z_-]{35}\b/g, REDACTED],
  [
    /\b([A-Za-z0-9_-]*(?:password|passwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credentials?)["']?\s*[:=]\s*["']?)[^\s"',;&]+/gi,
    `$1${REDACTED}`,
  ],
];

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Hides secrets in texts that leave the plugin (stage logs, stderr, gRPC status messages, stage
 * metadata, plan previews). Plugins register the values they know to be secret (env values of
 * manifests and live services); credential patterns are hidden without registration. A value is
 * replaced where it stands as a whole token, so `hello` is hidden in `'hello'` but not in
 * `helloworld`.
 */
export class Redactor {
  private readonly values = new Set<string>();
  private matcher: RegExp | null | undefined;

  /** Registers secret values; short ones are ignored, the oldest are forgotten past a bound. */
  addSecrets(values: Iterable<string | undefined | null>): void {
    for (const value of values) {
      if (typeof value !== "string" || value.trim().length < MIN_SECRET_CHARS) continue;
      const key = value.length > MATCHED_PREFIX_CHARS ? value.slice(0, MATCHED_PREFIX_CHARS) : value;
      if (this.values.has(key)) {
        // Refresh its place, so values in use are the last forgotten.
        this.values.delete(key);
        this.values.add(key);
        continue;
      }
      this.values.add(key);
      this.matcher = undefined;
      if (this.values.size > MAX_SECRETS) this.values.delete(this.values.values().next().value as string);
    }
  }

  get size(): number {
    return this.values.size;
  }

  redact(text: string): string {
    let out = text;
    const matcher = this.registeredMatcher();
    if (matcher) out = out.replace(matcher, REDACTED);
    for (const [pattern, replacement] of CREDENTIAL_PATTERNS) out = out.replace(pattern, replacement);
    return out;
  }

  private registeredMatcher(): RegExp | null {
    if (this.matcher !== undefined) return this.matcher;
    if (this.values.size === 0) {
      this.matcher = null;
      return null;
    }
    // Longest first, so a value containing another is replaced whole. A prefix of a long value has
    // no end boundary: it is hidden together with what follows it up to the next space.
    const alternatives = [...this.values]
      .sort((a, b) => b.length - a.length)
      .map((v) => (v.length >= MATCHED_PREFIX_CHARS ? `${escapeRegExp(v)}\\S*` : `${escapeRegExp(v)}(?![A-Za-z0-9_])`));
    this.matcher = new RegExp(`(?<![A-Za-z0-9_])(?:${alternatives.join("|")})`, "g");
    return this.matcher;
  }
}
