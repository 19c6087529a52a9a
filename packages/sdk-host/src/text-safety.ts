/**
 * The two filters every text leaving the plugin goes through: {@link boundText} for input echoed
 * in an error, and {@link Redactor} for secrets (registered values and credential patterns).
 */

/** How many characters of echoed input an error message keeps. */
export const MAX_ECHOED_CHARS = 200;

/**
 * `text` cut to `max` characters with "…" appended when it was longer, and well-formed: a lone
 * surrogate (e.g. from a JSON parser's message quoting half an emoji) becomes U+FFFD, because a
 * gRPC status carrying one is never delivered and stalls the caller until its deadline.
 */
export function boundText(text: string, max = MAX_ECHOED_CHARS): string {
  if (text.length <= max) return wellFormed(text);
  // Do not cut a surrogate pair in half.
  const end = /[\uD800-\uDBFF]/.test(text.charAt(max - 1)) ? max - 1 : max;
  return `${wellFormed(text.slice(0, end))}…`;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, "\uFFFD");
}

/** What stands in place of a secret value in any text the host sends. */
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

/**
 * Hides secrets in texts that leave the plugin (stage logs, stderr, gRPC status messages, stage
 * metadata, plan previews). Plugins register the values they know to be secret (env values of
 * manifests and live services); credential patterns are hidden without registration. A value is
 * replaced where it stands as a whole token, so `hello` is hidden in `'hello'` but not in
 * `helloworld`.
 */
const WORD_CHAR = /[A-Za-z0-9_]/;

/** Replaces `value` where it stands as a whole token; a long value's prefix up to the next space. */
function replaceToken(text: string, value: string, prefix: boolean): string {
  let out = "";
  let from = 0;
  for (let at = text.indexOf(value); at >= 0; at = text.indexOf(value, at + 1)) {
    if (at < from || (at > 0 && WORD_CHAR.test(text.charAt(at - 1)))) continue;
    let end = at + value.length;
    if (prefix) {
      while (end < text.length && !/\s/.test(text.charAt(end))) end += 1;
    } else if (end < text.length && WORD_CHAR.test(text.charAt(end))) continue;
    out += text.slice(from, at) + REDACTED;
    from = end;
  }
  return from === 0 ? text : out + text.slice(from);
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
  /** Registered values, longest first (so a value containing another is replaced whole); rebuilt after a change. */
  private ordered: string[] | undefined;

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
      this.ordered = undefined;
      if (this.values.size > MAX_SECRETS) this.values.delete(this.values.values().next().value as string);
    }
  }

  get size(): number {
    return this.values.size;
  }

  redact(text: string): string {
    let out = text;
    this.ordered ??= [...this.values].sort((a, b) => b.length - a.length);
    for (const value of this.ordered) {
      if (out.includes(value)) out = replaceToken(out, value, value.length >= MATCHED_PREFIX_CHARS);
    }
    for (const [pattern, replacement] of CREDENTIAL_PATTERNS) out = out.replace(pattern, replacement);
    return out;
  }
}
