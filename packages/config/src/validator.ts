// The shared validation pipeline: the schema's validator compiled ahead of time (src/gen), with
// defaults and all errors, then wording that names the field, the value read and the fix.
import { cloneJson, decodeJsonText, type JsonValue } from "./input.js";
import {
  type ConfigIssue,
  escapePointerToken,
  failure,
  pointerTokens,
  success,
  type ValidationResult,
} from "./result.js";

/** A JSON Schema (draft-07) as a plain object. */
export type JsonSchema = { readonly [keyword: string]: unknown };

/** One schema violation, as the compiled validators report it (ajv's error shape, verbose). */
export interface SchemaError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
  data?: unknown;
  parentSchema?: unknown;
}

/** A schema compiled ahead of time (see src/gen/validators.ts): true when `data` is valid; fills defaults in. */
export type CompiledValidator = ((data: unknown) => boolean) & { errors?: SchemaError[] | null };

/** How to talk about one field in error messages. */
export interface FieldRule {
  /** What the value must be; completes the sentence "<field> must be …". */
  expected: string;
  /** A full sentence that tells the user how to fix the value. */
  fix: string;
  /** Never echo the value back (e.g. file paths to credentials). */
  redact?: boolean;
}

/** Field rules by JSON pointer relative to the config's root (`""` is the root itself). */
export type FieldRules = Readonly<Record<string, FieldRule>>;

/** Re-keys rules under a pointer prefix, e.g. the sync options under `/quickSync`. */
export function prefixRules(prefix: string, rules: FieldRules): FieldRules {
  return Object.fromEntries(Object.entries(rules).map(([path, rule]) => [prefix + path, rule]));
}

/** Describes one kind of config for messages and issue paths. */
export interface ConfigContext {
  /** Names the whole input inside a sentence, e.g. "the CLOUDRUN_PROMOTE options". */
  subject: string;
  /** Put before dotted field names, e.g. "CLOUDRUN_PROMOTE option " gives "CLOUDRUN_PROMOTE option percent". */
  fieldPrefix: string;
  /** Pointer put before every issue path, for config nested in a bigger document (e.g. app.pipecd.yaml). */
  basePath: string;
  rules: FieldRules;
}

/** Collects issues found after schema validation (cross-field and semantic checks). */
export class IssueCollector {
  readonly errors: ConfigIssue[] = [];
  readonly warnings: ConfigIssue[] = [];

  constructor(readonly context: ConfigContext) {}

  /** Reports `value` at `path` as violating that field's rule. */
  invalid(path: string, value: unknown): void {
    this.errors.push(valueIssue(this.context, path, value));
  }

  /** Records a warning at `path` (relative to the config root). */
  warn(path: string, message: string): void {
    this.warnings.push({ path: this.context.basePath + path, message });
  }
}

export interface ValidateOptions<Raw, T> {
  /** The config's schema, compiled ahead of time. */
  validate: CompiledValidator;
  context: ConfigContext;
  /** Accept JSON text or bytes as well as parsed values (empty text means "no config"). */
  acceptText?: boolean;
  /** Turns schema-valid data (defaults applied, a private copy) into the public value; may report more issues. */
  finish: (data: Raw, issues: IssueCollector) => T;
}

/**
 * The pipeline shared by every validator: decode text, treat `undefined`/`null` as `{}`, deep-copy,
 * check against the JSON Schema (filling defaults), then run the semantic checks of `finish`.
 * Never throws on bad input.
 */
export function validateConfig<Raw, T>(input: unknown, options: ValidateOptions<Raw, T>): ValidationResult<T> {
  const { context } = options;
  try {
    let raw: unknown = input;
    if (options.acceptText) {
      const decoded = decodeJsonText(input);
      if (!decoded.ok) {
        return failure([
          {
            path: context.basePath,
            message: `Could not read ${context.subject}: ${decoded.problem}. Send ${context.subject} as a JSON object, or as empty text for none.`,
          },
        ]);
      }
      raw = decoded.value;
    }
    if (raw === undefined || raw === null) raw = {};

    const cloned = cloneJson(raw);
    if (!cloned.ok) {
      return failure(cloned.errors.map((issue) => ({ ...issue, path: context.basePath + issue.path })));
    }
    const data: JsonValue = cloned.value;

    const { validate } = options;
    if (!validate(data)) return failure(schemaIssues(validate.errors ?? [], context));

    const issues = new IssueCollector(context);
    const value = options.finish(data as Raw, issues);
    return issues.errors.length > 0 ? failure(issues.errors, issues.warnings) : success(value, issues.warnings);
  } catch (error) {
    return failure([
      {
        path: context.basePath,
        message: `Could not read ${context.subject} (${error instanceof Error ? error.message : String(error)}). Pass plain JSON data.`,
      },
    ]);
  }
}

/** Turns schema errors into at most one issue per path, worded with the field rules. */
export function schemaIssues(errors: readonly SchemaError[], context: ConfigContext): ConfigIssue[] {
  const byPath = new Map<string, ConfigIssue>();
  for (const error of errors) {
    let path: string;
    let issue: ConfigIssue;
    if (error.keyword === "required") {
      path = `${error.instancePath}/${escapePointerToken(String(error.params.missingProperty))}`;
      issue = requiredIssue(context, path);
    } else if (error.keyword === "additionalProperties") {
      const key = String(error.params.additionalProperty);
      path = `${error.instancePath}/${escapePointerToken(key)}`;
      const properties = (error.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties;
      issue = unknownKeyIssue(context, error.instancePath, key, Object.keys(properties ?? {}));
    } else {
      path = error.instancePath;
      issue = valueIssue(context, path, error.data, error.message);
    }
    if (!byPath.has(path)) byPath.set(path, issue);
  }
  return [...byPath.values()];
}

/** Names a field in a message; the root is named by the context's subject. */
function fieldLabel(context: ConfigContext, path: string): string {
  return path === "" ? context.subject : `${context.fieldPrefix}${pointerTokens(path).join(".")}`;
}

/** Like {@link fieldLabel}, for the start of a sentence: only the subject is capitalised, never a key. */
function sentenceLabel(context: ConfigContext, path: string): string {
  return path === "" ? capitalise(context.subject) : fieldLabel(context, path);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const MAX_SHOWN = 40;

/** Shows a value in a message: short, JSON-like, with its kind when that helps. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  if (typeof value === "string") {
    if (value === "") return "an empty string";
    const shown = value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}…` : value;
    return `the string ${JSON.stringify(shown)}`;
  }
  if (typeof value === "boolean") return `the boolean ${value}`;
  return `${typeof value === "number" ? "the number " : ""}${String(value)}`;
}

function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  if (typeof value === "string") return value === "" ? "an empty string" : "a string";
  if (typeof value === "number") return "a number";
  if (typeof value === "boolean") return "a boolean";
  return `a ${typeof value}`;
}

/** "<field> must be <expected>, but got <value>. <fix>" */
export function valueIssue(context: ConfigContext, path: string, value: unknown, fallback?: string): ConfigIssue {
  const rule = context.rules[path];
  const label = sentenceLabel(context, path);
  const fullPath = context.basePath + path;
  if (!rule) {
    return {
      path: fullPath,
      message: `${label} ${fallback ?? "is invalid"}, but got ${describeValue(value)}. Correct the value at "${fullPath}".`,
    };
  }
  const got = rule.redact ? kindOf(value) : describeValue(value);
  return { path: fullPath, message: `${label} must be ${rule.expected}, but got ${got}. ${rule.fix}` };
}

function requiredIssue(context: ConfigContext, path: string): ConfigIssue {
  const rule = context.rules[path];
  const label = sentenceLabel(context, path);
  const fix = rule ? `${rule.fix}` : `Add it.`;
  return { path: context.basePath + path, message: `${label} is required but missing. ${fix}` };
}

function unknownKeyIssue(context: ConfigContext, parentPath: string, key: string, allowed: string[]): ConfigIssue {
  const where = parentPath === "" ? context.subject : fieldLabel(context, parentPath);
  const path = `${context.basePath}${parentPath}/${escapePointerToken(key)}`;
  const shownKey = JSON.stringify(key.length > MAX_SHOWN ? `${key.slice(0, MAX_SHOWN)}…` : key);
  if (allowed.length === 0) {
    return {
      path,
      message: `${shownKey} is not a known key of ${where}, which accepts no keys yet. Remove ${shownKey}.`,
    };
  }
  const suggestion = closestKey(key, allowed);
  const hint = suggestion ? ` Did you mean "${suggestion}"?` : "";
  return {
    path,
    message: `${shownKey} is not a known key of ${where}.${hint} Remove it or fix its spelling; the allowed keys are: ${allowed.join(", ")}.`,
  };
}

/** The allowed key closest to `key` (case-insensitive edit distance ≤ 2 or a case-only difference), if any. */
function closestKey(key: string, allowed: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of allowed) {
    const distance = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    previous = current;
  }
  return previous[b.length]!;
}
