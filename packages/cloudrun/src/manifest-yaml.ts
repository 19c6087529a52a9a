/**
 * YAML reading helpers for the manifest converters: a cursor over `yaml` AST nodes that knows its
 * dotted path and source offset, typed scalar readers, and issue collection with line/column.
 *
 * Secrecy rule: messages never contain the text of a string scalar. Only integer, boolean, enum
 * and duration mismatches quote the offending value (short, and never for fields flagged
 * `secret`). YAML syntax errors are reported with a fixed text per error code, never the
 * library's message (which can quote source text).
 */
import {
  type Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseDocument,
  type Scalar,
  type YAMLError,
} from "yaml";

/** An error or warning found in a `service.yaml`, located by line and column. */
export interface ManifestIssue {
  message: string;
  /** Dotted path of the offending node, e.g. `spec.template.spec.containers[0].image`; "" for the document. */
  path: string;
  /** 1-based line; 0 when no source position applies. */
  line: number;
  /** 1-based column; 0 when no source position applies. */
  column: number;
  fileName?: string;
}

/** A position in the YAML tree: the node (null for an empty value), its path and source offset. */
export interface Cur {
  node: Node | null;
  path: string;
  offset: number;
}

export interface Entry {
  key: string;
  keyCur: Cur;
  value: Cur;
}

const YAML_ERROR_TEXT: Partial<Record<YAMLError["code"], string>> = {
  ALIAS_PROPS: "an alias cannot have an anchor or tag",
  BAD_ALIAS: "an alias refers to an unknown anchor",
  BAD_DIRECTIVE: "bad YAML directive",
  BAD_DQ_ESCAPE: "invalid escape sequence in a double-quoted string",
  BAD_INDENT: "bad indentation",
  BAD_PROP_ORDER: "anchors and tags must come before the value",
  BAD_SCALAR_START: "a plain value cannot start with this character (quote it)",
  BLOCK_AS_IMPLICIT_KEY: "a block collection cannot be a mapping key",
  BLOCK_IN_FLOW: "block collections are not allowed inside flow collections",
  DUPLICATE_KEY: "duplicate key in a mapping",
  KEY_OVER_1024_CHARS: "a mapping key is longer than 1024 characters",
  MISSING_CHAR: "a closing character is missing (quote, bracket or brace)",
  MULTILINE_IMPLICIT_KEY: "a mapping key cannot span several lines",
  MULTIPLE_ANCHORS: "a node has more than one anchor",
  MULTIPLE_DOCS: "the file holds more than one YAML document; put one Service in it",
  MULTIPLE_TAGS: "a node has more than one tag",
  NON_STRING_KEY: "mapping keys must be strings",
  RESOURCE_EXHAUSTION: "too many alias expansions",
  TAB_AS_INDENT: "tabs cannot be used for indentation",
  TAG_RESOLVE_FAILED: "a YAML tag could not be resolved",
  UNEXPECTED_TOKEN: "unexpected token (check indentation, colons and dashes)",
  BAD_COLLECTION_TYPE: "a tag does not fit this collection",
  IMPOSSIBLE: "the YAML could not be parsed",
};

const NESTING_OVERFLOW = /call stack/i;
const NESTED_TOO_DEEPLY = "the YAML is nested too deeply (a Cloud Run service needs a few levels, not hundreds)";

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function childPath(parent: string, key: string | number): string {
  if (typeof key === "number") return `${parent}[${key}]`;
  if (IDENT.test(key)) return parent === "" ? key : `${parent}.${key}`;
  return `${parent}[${JSON.stringify(key)}]`;
}

function shown(value: string): string {
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
}

export interface ParsedYaml {
  reader: Reader;
  root: Cur;
}

/**
 * Parses one YAML document. Syntax errors are added to the reader's errors (then `root` should
 * not be trusted).
 */
export function parseYaml(text: string, fileName?: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter,
    prettyErrors: false,
    uniqueKeys: true,
    strict: true,
    merge: false,
    version: "1.2",
  });
  const reader = new Reader(doc, lineCounter, fileName);
  for (const err of doc.errors) reader.yamlIssue(err, "error");
  for (const warning of doc.warnings) reader.yamlIssue(warning, "warning");
  const contents = doc.contents as Node | null;
  return { reader, root: { node: contents, path: "", offset: contents?.range?.[0] ?? 0 } };
}

export class Reader {
  readonly errors: ManifestIssue[] = [];
  readonly warnings: ManifestIssue[] = [];

  constructor(
    private readonly doc: Document.Parsed,
    private readonly lineCounter: LineCounter,
    private readonly fileName: string | undefined,
  ) {}

  private issue(at: Cur, message: string): ManifestIssue {
    const { line, col } = this.lineCounter.linePos(at.offset);
    const issue: ManifestIssue = {
      message,
      path: at.path,
      line: line === 0 ? 1 : line,
      column: line === 0 ? col + 1 : col,
    };
    if (this.fileName !== undefined) issue.fileName = this.fileName;
    return issue;
  }

  error(at: Cur, message: string): void {
    this.errors.push(this.issue(at, message));
  }

  warn(at: Cur, message: string): void {
    this.warnings.push(this.issue(at, message));
  }

  yamlIssue(err: YAMLError, level: "error" | "warning"): void {
    // The parser reports both an alias bomb and a stack overflow as RESOURCE_EXHAUSTION.
    const text = NESTING_OVERFLOW.test(err.message) ? NESTED_TOO_DEEPLY : (YAML_ERROR_TEXT[err.code] ?? "invalid YAML");
    const at: Cur = { node: null, path: "", offset: err.pos[0] };
    const message = level === "error" ? `YAML syntax error: ${text}` : `YAML warning: ${text}`;
    if (level === "error") this.error(at, message);
    else this.warn(at, message);
  }

  private deref(node: Node | null): Node | null {
    if (node && isAlias(node)) return (node.resolve(this.doc) as Node | undefined) ?? null;
    return node;
  }

  private cur(node: Node | null, path: string, fallbackOffset: number): Cur {
    const resolved = this.deref(node);
    const offset = node?.range?.[0] ?? fallbackOffset;
    return { node: resolved, path, offset };
  }

  /** True when the node is absent or an explicit YAML null (`key:`, `key: ~`, `key: null`). */
  isNull(c: Cur): boolean {
    return c.node === null || (isScalar(c.node) && c.node.value === null);
  }

  describe(c: Cur): string {
    if (this.isNull(c)) return "an empty value";
    if (isMap(c.node)) return "a mapping";
    if (isSeq(c.node)) return "a list";
    const v = (c.node as Scalar).value;
    return typeof v === "string"
      ? "a string"
      : typeof v === "number"
        ? "a number"
        : typeof v === "boolean"
          ? "a boolean"
          : "a value";
  }

  /** Entries of a mapping; an empty value gives []; anything else is an error (undefined). */
  entries(c: Cur): Entry[] | undefined {
    if (this.isNull(c)) return [];
    if (!isMap(c.node)) {
      this.error(c, `expected a mapping, found ${this.describe(c)}`);
      return undefined;
    }
    const out: Entry[] = [];
    for (const pair of c.node.items) {
      const keyNode = this.deref(pair.key as Node | null);
      const keyOffset = (pair.key as Node | null)?.range?.[0] ?? c.offset;
      if (!keyNode || !isScalar(keyNode) || (typeof keyNode.value !== "string" && typeof keyNode.value !== "number")) {
        this.error({ node: keyNode, path: c.path, offset: keyOffset }, "mapping keys must be plain strings");
        continue;
      }
      const key = typeof keyNode.value === "string" ? keyNode.value : String(keyNode.source ?? keyNode.value);
      const path = childPath(c.path, key);
      const keyCur: Cur = { node: keyNode, path, offset: keyOffset };
      const valueNode = pair.value as Node | null;
      out.push({ key, keyCur, value: this.cur(valueNode, path, keyOffset) });
    }
    return out;
  }

  /** Entries of a mapping without reporting anything ([] when the node is not a mapping). */
  peekEntries(c: Cur): Entry[] {
    if (!isMap(c.node)) return [];
    const sink = new Reader(this.doc, this.lineCounter, this.fileName);
    return sink.entries(c) ?? [];
  }

  /** Items of a list without reporting anything ([] when the node is not a list). */
  peekItems(c: Cur): Cur[] {
    if (!isSeq(c.node)) return [];
    return this.items(c) ?? [];
  }

  /** Items of a list; an empty value gives []; anything else is an error (undefined). */
  items(c: Cur): Cur[] | undefined {
    if (this.isNull(c)) return [];
    if (!isSeq(c.node)) {
      this.error(c, `expected a list, found ${this.describe(c)}`);
      return undefined;
    }
    return c.node.items.map((item, i) => this.cur(item as Node | null, childPath(c.path, i), c.offset));
  }

  /**
   * Dispatches the entries of a mapping to handlers. Keys listed in `outputOnly` are dropped with
   * a warning; any other unknown key is an error naming it.
   */
  fields(
    c: Cur,
    handlers: Record<string, (value: Cur, entry: Entry) => void>,
    outputOnly: readonly string[] = [],
  ): Entry[] | undefined {
    const entries = this.entries(c);
    if (!entries) return undefined;
    for (const entry of entries) {
      const handler = Object.hasOwn(handlers, entry.key) ? handlers[entry.key] : undefined;
      if (handler) handler(entry.value, entry);
      else if (outputOnly.includes(entry.key))
        this.warn(entry.keyCur, `ignored output-only field ${entry.keyCur.path}`);
      else
        this.error(
          entry.keyCur,
          `unsupported field "${entry.key}" at ${entry.keyCur.path}: it cannot be mapped to a Cloud Run v2 Service`,
        );
    }
    return entries;
  }

  /**
   * A string. Numbers and booleans give their source text exactly as written (`false` → "false",
   * `1.0` → "1.0"). An empty value gives `undefined`. Never quotes the value in errors.
   */
  string(c: Cur): string | undefined {
    if (this.isNull(c)) return undefined;
    if (!isScalar(c.node)) {
      this.error(c, `expected a string at ${c.path}, found ${this.describe(c)}`);
      return undefined;
    }
    const { value } = c.node;
    if (typeof value === "string") return value;
    if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint")
      return c.node.source ?? String(value);
    this.error(c, `expected a string at ${c.path}, found ${this.describe(c)}`);
    return undefined;
  }

  /** Raw source text of a scalar (for echo-safe values like enums); undefined when not a scalar. */
  private scalarText(c: Cur): string | undefined {
    if (!isScalar(c.node)) return undefined;
    const v = c.node.value;
    if (typeof v === "string") return v;
    return c.node.source ?? String(v);
  }

  integer(c: Cur, range: { min?: number; max?: number } = {}): number | undefined {
    if (this.isNull(c)) return undefined;
    const text = this.scalarText(c);
    let n: number | undefined;
    if (isScalar(c.node) && typeof c.node.value === "number" && Number.isInteger(c.node.value)) n = c.node.value;
    else if (text !== undefined && /^[+-]?\d+$/.test(text.trim())) n = Number(text.trim());
    if (n === undefined || !Number.isSafeInteger(n)) {
      this.error(
        c,
        `expected an integer at ${c.path}${text !== undefined ? `, found ${shown(text)}` : `, found ${this.describe(c)}`}`,
      );
      return undefined;
    }
    return this.checkRange(c, n, range);
  }

  checkRange(c: Cur, n: number, range: { min?: number; max?: number }): number | undefined {
    if ((range.min !== undefined && n < range.min) || (range.max !== undefined && n > range.max)) {
      const bounds =
        range.min !== undefined && range.max !== undefined
          ? `from ${range.min} to ${range.max}`
          : range.min !== undefined
            ? `at least ${range.min}`
            : `at most ${range.max}`;
      this.error(c, `${c.path} must be ${bounds} (found ${n})`);
      return undefined;
    }
    return n;
  }

  boolean(c: Cur): boolean | undefined {
    if (this.isNull(c)) return undefined;
    if (isScalar(c.node) && typeof c.node.value === "boolean") return c.node.value;
    const text = this.scalarText(c);
    if (text === "true") return true;
    if (text === "false") return false;
    this.error(c, `expected true or false at ${c.path}${text !== undefined ? `, found ${shown(text)}` : ""}`);
    return undefined;
  }

  /** One of `values` (exact match). */
  enumValue<T extends string>(c: Cur, values: readonly T[]): T | undefined {
    if (this.isNull(c)) return undefined;
    const text = this.scalarText(c);
    if (text !== undefined && (values as readonly string[]).includes(text)) return text as T;
    this.error(
      c,
      `invalid value at ${c.path}${text !== undefined ? ` ${shown(text)}` : ""}: expected one of ${values.join(", ")}`,
    );
    return undefined;
  }

  /**
   * A proto Duration: `"300s"`, `"1.5s"` (the proto JSON form), a plain number of seconds, or
   * `{seconds, nanos}`. Returns seconds.
   */
  duration(c: Cur): number | undefined {
    if (this.isNull(c)) return undefined;
    if (isMap(c.node)) {
      let seconds = 0;
      let nanos = 0;
      this.fields(c, {
        seconds: (v) => {
          seconds = this.integer(v, { min: 0 }) ?? 0;
        },
        nanos: (v) => {
          nanos = this.integer(v, { min: 0, max: 999_999_999 }) ?? 0;
        },
      });
      return seconds + nanos / 1e9;
    }
    const text = this.scalarText(c);
    const m = text === undefined ? null : /^(\d+(?:\.\d{1,9})?)s?$/.exec(text.trim());
    if (!m) {
      this.error(
        c,
        `expected a duration such as "300s" at ${c.path}${text !== undefined ? `, found ${shown(text)}` : ""}`,
      );
      return undefined;
    }
    return Number(m[1]);
  }

  /** A list of strings (numbers/booleans as written). */
  strings(c: Cur): string[] | undefined {
    const items = this.items(c);
    if (!items) return undefined;
    const out: string[] = [];
    for (const item of items) {
      const s = this.string(item);
      if (s !== undefined) out.push(s);
      else if (this.isNull(item)) out.push("");
    }
    return out;
  }

  /** A string → string mapping, values as written; empty values become "". */
  stringMap(c: Cur): { key: string; value: string; entry: Entry }[] | undefined {
    const entries = this.entries(c);
    if (!entries) return undefined;
    const out: { key: string; value: string; entry: Entry }[] = [];
    for (const entry of entries) {
      const value = this.isNull(entry.value) ? "" : this.string(entry.value);
      if (value !== undefined) out.push({ key: entry.key, value, entry });
    }
    return out;
  }
}
