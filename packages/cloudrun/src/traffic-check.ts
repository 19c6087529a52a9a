/**
 * Checking and showing traffic splits (pure): validation as the API does it, the changes between
 * two splits, and the table stage logs print.
 */
import { shortName } from "./model.js";
import { revisionNameProblems, tagProblems } from "./naming.js";
import type { SplitTarget } from "./traffic.js";

/** A problem `validateSplit` found. */
export interface SplitProblem {
  /** Index of the offending entry, or null for a problem with the split as a whole. */
  index: number | null;
  message: string;
}

/** Options of `validateSplit`. */
export interface ValidateSplitOptions {
  /** When given, revision names must start with `<service>-` and tags obey the 46-character rule. */
  service?: string;
}

/**
 * Checks a split the way the API would: integer percents 0..100 summing to 100, unique tags
 * following the tag naming rules, REVISION targets naming a valid revision, LATEST targets naming
 * none, and each target (a revision, or LATEST) carrying percent in at most one entry.
 */
export function validateSplit(split: readonly SplitTarget[], options: ValidateSplitOptions = {}): SplitProblem[] {
  const problems: SplitProblem[] = [];
  if (split.length === 0) {
    problems.push({ index: null, message: "the split has no targets" });
    return problems;
  }
  const tags = new Map<string, number>();
  const percentHolders = new Map<string, number>();
  let sum = 0;
  let sumIsMeaningful = true;
  split.forEach((t, index) => {
    if (t.type !== "LATEST" && t.type !== "REVISION") {
      problems.push({ index, message: `unknown target type ${JSON.stringify(String(t.type))}` });
    }
    if (!Number.isInteger(t.percent) || t.percent < 0 || t.percent > 100) {
      problems.push({ index, message: `percent must be an integer from 0 to 100 (got ${String(t.percent)})` });
      sumIsMeaningful = false;
    } else {
      sum += t.percent;
    }
    if (t.type === "REVISION") {
      if (!t.revision) problems.push({ index, message: "a REVISION target needs a revision name" });
      else
        for (const p of revisionNameProblems(t.revision, options.service))
          problems.push({ index, message: `revision ${JSON.stringify(t.revision)}: ${p}` });
    }
    if (t.type === "LATEST" && t.revision)
      problems.push({ index, message: "a LATEST target must not name a revision" });
    if (t.tag !== undefined) {
      for (const p of tagProblems(t.tag, options.service))
        problems.push({ index, message: `tag ${JSON.stringify(t.tag)}: ${p}` });
      const first = tags.get(t.tag);
      if (first !== undefined)
        problems.push({ index, message: `tag ${JSON.stringify(t.tag)} is already used by entry ${first}` });
      else tags.set(t.tag, index);
    }
    if (t.percent > 0) {
      const key = t.type === "LATEST" ? "LATEST" : (t.revision ?? "");
      const first = percentHolders.get(key);
      if (first !== undefined)
        problems.push({
          index,
          message: `${t.type === "LATEST" ? "LATEST" : JSON.stringify(key)} already receives traffic in entry ${first}; give each target its percent in one entry`,
        });
      else percentHolders.set(key, index);
    }
  });
  if (sumIsMeaningful && sum !== 100)
    problems.push({ index: null, message: `percents must add up to 100 (they add up to ${sum})` });
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Diff
// ---------------------------------------------------------------------------------------------

/** `"LATEST"` or a revision name. */
function labelOf(t: SplitTarget): string {
  return t.type === "LATEST" ? "LATEST" : (t.revision ?? "");
}

/** A difference between two splits: a target's percent or a tag's holder. */
export type SplitChange =
  | { kind: "percent"; target: string; before: number; after: number }
  | { kind: "tag"; tag: string; before?: string; after?: string };

/**
 * Per-target percent changes and per-tag moves from `a` to `b`. `target` and the tag ends are
 * revision names or `"LATEST"` (revision names are lowercase, so the two never collide).
 * Percent changes come first, ordered by first appearance in `b` then `a`; tag changes follow in the same order.
 * Identical splits (up to entry order) give an empty list.
 */
export function diffSplits(a: readonly SplitTarget[], b: readonly SplitTarget[]): SplitChange[] {
  const totals = (s: readonly SplitTarget[]) => {
    const m = new Map<string, number>();
    for (const t of s) m.set(labelOf(t), (m.get(labelOf(t)) ?? 0) + t.percent);
    return m;
  };
  const tagMap = (s: readonly SplitTarget[]) => {
    const m = new Map<string, string>();
    for (const t of s) if (t.tag && !m.has(t.tag)) m.set(t.tag, labelOf(t));
    return m;
  };
  const ta = totals(a);
  const tb = totals(b);
  const changes: SplitChange[] = [];
  const targets = [...new Set([...b.map(labelOf), ...a.map(labelOf)])];
  for (const target of targets) {
    const before = ta.get(target) ?? 0;
    const after = tb.get(target) ?? 0;
    if (before !== after) changes.push({ kind: "percent", target, before, after });
  }
  const ga = tagMap(a);
  const gb = tagMap(b);
  const tagNames = [...new Set([...gb.keys(), ...ga.keys()])];
  for (const tag of tagNames) {
    const before = ga.get(tag);
    const after = gb.get(tag);
    if (before === after) continue;
    const change: SplitChange = { kind: "tag", tag };
    if (before !== undefined) change.before = before;
    if (after !== undefined) change.after = after;
    changes.push(change);
  }
  return changes;
}

/** Options of `formatSplit`. */
export interface FormatSplitOptions {
  /** Shown next to LATEST, e.g. `LATEST (svc-00002-abc)`. */
  latestReadyRevision?: string;
}

/**
 * Renders a split as a small fixed-width table for stage logs:
 *
 *     TARGET            PERCENT  TAG
 *     svc-v2-abc1234        10%  canary
 *     svc-v1-0123456        90%  -
 */
export function formatSplit(split: readonly SplitTarget[], options: FormatSplitOptions = {}): string {
  if (split.length === 0) return "(no traffic targets)";
  const latest = options.latestReadyRevision ? ` (${shortName(options.latestReadyRevision)})` : "";
  const rows = split.map((t) => [
    t.type === "LATEST" ? `LATEST${latest}` : (t.revision ?? "?"),
    `${t.percent}%`,
    t.tag ?? "-",
  ]);
  const header = ["TARGET", "PERCENT", "TAG"];
  const w0 = Math.max(header[0]?.length ?? 0, ...rows.map((r) => r[0]?.length ?? 0));
  const w1 = Math.max(header[1]?.length ?? 0, ...rows.map((r) => r[1]?.length ?? 0));
  const line = (r: string[]) => `${(r[0] ?? "").padEnd(w0)}  ${(r[1] ?? "").padStart(w1)}  ${r[2] ?? ""}`.trimEnd();
  return [line(header), ...rows.map(line)].join("\n");
}
