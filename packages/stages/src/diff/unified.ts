/**
 * A line-based unified diff (pure), in the format of `diff -u`: `---`/`+++` headers, hunks with
 * `@@ -a,b +c,d @@` ranges and `context` unchanged lines around each change. The edit script is a
 * longest common subsequence of the lines, after the common head and tail are set aside.
 */

export interface UnifiedDiffOptions {
  /** Header of the old side, e.g. `live (cloud run)`. */
  fromLabel: string;
  /** Header of the new side, e.g. `desired (abc1234)`. */
  toLabel: string;
  /** Unchanged lines shown around each change (default 3). */
  context?: number;
}

type Op = { kind: " " | "-" | "+"; text: string };

/** Beyond this many cells of the LCS table the middle part is shown as removed-then-added. */
const MAX_LCS_CELLS = 25_000_000;

function splitLines(text: string): string[] {
  if (text === "") return [];
  return (text.endsWith("\n") ? text.slice(0, -1) : text).split("\n");
}

/** The edit script turning `a` into `b`: unchanged, removed and added lines in order. */
export function diffLines(a: readonly string[], b: readonly string[]): Op[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const x = a.slice(head, a.length - tail);
  const y = b.slice(head, b.length - tail);

  const middle: Op[] = [];
  const n = x.length;
  const m = y.length;
  if (n * m > MAX_LCS_CELLS) {
    for (const text of x) middle.push({ kind: "-", text });
    for (const text of y) middle.push({ kind: "+", text });
  } else {
    // lcs[i][j] = length of the LCS of x[i..] and y[j..].
    const width = m + 1;
    const lcs = new Uint32Array((n + 1) * width);
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lcs[i * width + j] =
          x[i] === y[j]
            ? (lcs[(i + 1) * width + j + 1] ?? 0) + 1
            : Math.max(lcs[(i + 1) * width + j] ?? 0, lcs[i * width + j + 1] ?? 0);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && x[i] === y[j]) {
        middle.push({ kind: " ", text: x[i] as string });
        i++;
        j++;
      } else if (j < m && (i === n || (lcs[i * width + j + 1] ?? 0) >= (lcs[(i + 1) * width + j] ?? 0))) {
        middle.push({ kind: "+", text: y[j] as string });
        j++;
      } else {
        middle.push({ kind: "-", text: x[i] as string });
        i++;
      }
    }
    // Removals before additions within a run of changes, as diff -u prints them.
    sortChangeRuns(middle);
  }
  return [
    ...a.slice(0, head).map((text): Op => ({ kind: " ", text })),
    ...middle,
    ...a.slice(a.length - tail).map((text): Op => ({ kind: " ", text })),
  ];
}

function sortChangeRuns(ops: Op[]): void {
  let start = 0;
  while (start < ops.length) {
    if (ops[start]?.kind === " ") {
      start++;
      continue;
    }
    let end = start;
    while (end < ops.length && ops[end]?.kind !== " ") end++;
    const run = ops.slice(start, end);
    const sorted = [...run.filter((o) => o.kind === "-"), ...run.filter((o) => o.kind === "+")];
    ops.splice(start, run.length, ...sorted);
    start = end;
  }
}

function range(start: number, length: number): string {
  // diff -u: an empty range names the line before it; a one-line range omits the length.
  if (length === 0) return `${start - 1},0`;
  return length === 1 ? `${start}` : `${start},${length}`;
}

/** The unified diff of two texts, or `""` when they are equal. */
export function unifiedDiff(before: string, after: string, options: UnifiedDiffOptions): string {
  const context = options.context ?? 3;
  const ops = diffLines(splitLines(before), splitLines(after));
  const changed = ops.map((o, index) => (o.kind === " " ? -1 : index)).filter((index) => index >= 0);
  if (changed.length === 0) return "";

  // Group changes whose context would touch or overlap into one hunk.
  const groups: [number, number][] = [];
  for (const index of changed) {
    const last = groups[groups.length - 1];
    if (last && index - last[1] <= 2 * context + 1) last[1] = index;
    else groups.push([index, index]);
  }

  // 1-based line numbers of each op on both sides.
  const lineA: number[] = [];
  const lineB: number[] = [];
  let a = 1;
  let b = 1;
  for (const o of ops) {
    lineA.push(a);
    lineB.push(b);
    if (o.kind !== "+") a++;
    if (o.kind !== "-") b++;
  }

  const out = [`--- ${options.fromLabel}`, `+++ ${options.toLabel}`];
  for (const [first, last] of groups) {
    const from = Math.max(0, first - context);
    const to = Math.min(ops.length - 1, last + context);
    const hunk = ops.slice(from, to + 1);
    const lengthA = hunk.filter((o) => o.kind !== "+").length;
    const lengthB = hunk.filter((o) => o.kind !== "-").length;
    out.push(`@@ -${range(lineA[from] ?? 1, lengthA)} +${range(lineB[from] ?? 1, lengthB)} @@`);
    for (const o of hunk) out.push(`${o.kind}${o.text}`);
  }
  return `${out.join("\n")}\n`;
}
