/**
 * A generic structural diff of JSON-like data (pure): every leaf where two values differ, with its
 * path. Used by drift detection and plan preview on normalised services; knows nothing of Cloud Run.
 */

/** One step of a path: an object key, a list index, or a list item matched by its key field. */
export type PathSegment = string | number | { item: string };

export interface Difference {
  /** Readable path, e.g. `template.containers[0].env[GREETING].value` or `labels["example.com/team"]`. */
  path: string;
  segments: PathSegment[];
  /** The value on the "before" side; `undefined` when absent there. */
  before: unknown;
  /** The value on the "after" side; `undefined` when absent there. */
  after: unknown;
}

export interface StructuralDiffOptions {
  /**
   * The field by which the items of the list at `segments` are matched (e.g. `"name"` for
   * environment variables), instead of by position. Used only when every item has it as a string
   * and no two items of one side share it.
   */
  itemKey?: (segments: readonly PathSegment[]) => string | undefined;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isEmptyContainer(value: unknown): boolean {
  return Array.isArray(value) ? value.length === 0 : isObject(value) && Object.keys(value).length === 0;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

export function formatPath(segments: readonly PathSegment[]): string {
  let out = "";
  for (const s of segments) {
    if (typeof s === "number") out += `[${s}]`;
    else if (typeof s === "object") out += `[${s.item}]`;
    else if (IDENTIFIER.test(s)) out += out === "" ? s : `.${s}`;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}

/**
 * Every leaf that differs between `before` and `after`, in a stable order (object keys sorted,
 * list items in order). A side that lacks a whole object or list is walked as if it were empty, so
 * the result always names leaves, never whole subtrees (a caller can then hide a leaf's value).
 */
export function structuralDiff(before: unknown, after: unknown, options: StructuralDiffOptions = {}): Difference[] {
  const out: Difference[] = [];
  const leaf = (segments: PathSegment[], a: unknown, b: unknown) =>
    out.push({ path: formatPath(segments), segments, before: a, after: b });

  const walk = (a: unknown, b: unknown, segments: PathSegment[]): void => {
    if (deepEqual(a, b)) return;
    // "Absent" and "empty" differ only at that one place; no leaves lie below.
    if ((a === undefined && isEmptyContainer(b)) || (b === undefined && isEmptyContainer(a))) {
      leaf(segments, a, b);
      return;
    }
    if ((isObject(a) || a === undefined) && (isObject(b) || b === undefined)) {
      const keys = [...new Set([...Object.keys(a ?? {}), ...Object.keys(b ?? {})])].sort();
      for (const key of keys) walk(a?.[key], b?.[key], [...segments, key]);
      return;
    }
    if ((Array.isArray(a) || a === undefined) && (Array.isArray(b) || b === undefined)) {
      walkList(a ?? [], b ?? [], segments);
      return;
    }
    leaf(segments, a, b);
  };

  const walkList = (a: unknown[], b: unknown[], segments: PathSegment[]): void => {
    const field = options.itemKey?.(segments);
    const keyOf = (item: unknown) =>
      isObject(item) && typeof item[field ?? ""] === "string" ? item[field ?? ""] : undefined;
    const unique = (items: unknown[]) => new Set(items.map(keyOf)).size === items.length;
    if (field !== undefined && [...a, ...b].every((item) => keyOf(item) !== undefined) && unique(a) && unique(b)) {
      const before = new Map(a.map((item) => [keyOf(item) as string, item]));
      const after = new Map(b.map((item) => [keyOf(item) as string, item]));
      const keys = [...new Set([...after.keys(), ...before.keys()])];
      for (const key of keys) walk(before.get(key), after.get(key), [...segments, { item: key }]);
      return;
    }
    for (let i = 0; i < Math.max(a.length, b.length); i++) walk(a[i], b[i], [...segments, i]);
  };

  walk(before, after, []);
  return out;
}
