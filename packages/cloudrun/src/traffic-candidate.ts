/**
 * The traffic rule for a candidate revision: give it a percent and share the rest among the
 * revisions serving now, with deterministic integer rounding. Not the PROMOTE stage, which uses it.
 */
import { shortName } from "./model.js";
import { type SplitTarget, TrafficError, type TrafficSplit } from "./traffic.js";

/** Options of `splitForCandidate`. */
export interface SplitForCandidateOptions {
  /**
   * Tag to put on the candidate (e.g. "canary"). If another revision holds the tag, the tag moves
   * to the candidate (tags are unique); the other entry is then removed when it is left untagged at 0 %.
   */
  tag?: string;
}

function checkPercent(percent: number, what: string): void {
  if (!Number.isInteger(percent) || percent < 0 || percent > 100) {
    throw new TrafficError("INVALID_PERCENT", `${what} must be an integer from 0 to 100 (got ${String(percent)})`);
  }
}

/**
 * Gives `candidate` exactly `percent` and shares the remaining `100 - percent` among the revisions
 * that serve now (every other revision with percent > 0), in proportion to their current percents.
 *
 * Rounding is the largest-remainder method on exact integer arithmetic: each revision first gets
 * `floor(rest × own / total)`; the units still missing go one each to the revisions with the
 * largest remainders. Ties are broken by the larger current percent, then by the earlier position
 * of the revision in `current`. The result always sums to exactly 100.
 *
 * Entries: every tag is kept (tagged 0 % entries stay; the candidate's existing tag stays).
 * A revision's share goes to its first percent-bearing entry; entries that end at 0 % without a
 * tag are removed. The candidate keeps its position when it is already listed (its first entry
 * carries the percent), otherwise a new untagged entry is put first.
 *
 * Throws `TrafficError`: `INVALID_PERCENT` (not an integer in 0..100), `INVALID_CANDIDATE` (empty
 * name), `UNRESOLVED_LATEST` (`current` still has a LATEST target: call {@link resolveLatest}
 * first), `NOTHING_TO_SHIFT_FROM` (percent < 100 but no other revision serves now).
 */
export function splitForCandidate(
  current: readonly SplitTarget[],
  candidate: string,
  percent: number,
  options: SplitForCandidateOptions = {},
): TrafficSplit {
  checkPercent(percent, "the promotion percent");
  const cand = candidate ? shortName(candidate) : "";
  if (cand === "") throw new TrafficError("INVALID_CANDIDATE", "the candidate revision name is empty");
  if (current.some((t) => t.type === "LATEST")) {
    throw new TrafficError("UNRESOLVED_LATEST", "resolve LATEST targets (resolveLatest) before promoting");
  }
  for (const t of current) {
    checkPercent(t.percent, `the current percent of ${t.revision ?? "?"}`);
    if (!t.revision) throw new TrafficError("INVALID_TARGET", "a REVISION target has no revision name");
  }

  // Current weight and first position of every other serving revision.
  const weights = new Map<string, { weight: number; position: number }>();
  current.forEach((t, position) => {
    const rev = t.revision as string;
    if (rev === cand || t.percent <= 0) return;
    const w = weights.get(rev);
    if (w) w.weight += t.percent;
    else weights.set(rev, { weight: t.percent, position });
  });
  const rest = 100 - percent;
  const total = [...weights.values()].reduce((sum, w) => sum + w.weight, 0);
  if (rest > 0 && total === 0) {
    throw new TrafficError(
      "NOTHING_TO_SHIFT_FROM",
      `cannot give ${cand} ${percent}%: no other revision serves traffic now to take the remaining ${rest}%`,
    );
  }

  // Largest remainder, integer arithmetic only.
  const shares = new Map<string, number>();
  if (total > 0) {
    const rows = [...weights.entries()].map(([rev, w]) => ({
      rev,
      weight: w.weight,
      position: w.position,
      floor: Math.floor((rest * w.weight) / total),
      remainder: (rest * w.weight) % total,
    }));
    let missing = rest - rows.reduce((sum, r) => sum + r.floor, 0);
    const order = [...rows].sort((a, b) => b.remainder - a.remainder || b.weight - a.weight || a.position - b.position);
    for (const r of rows) shares.set(r.rev, r.floor);
    for (const r of order) {
      if (missing <= 0) break;
      shares.set(r.rev, (shares.get(r.rev) ?? 0) + 1);
      missing--;
    }
  }

  // Rebuild entries.
  const tagHolder = options.tag;
  const out: TrafficSplit = [];
  const carried = new Set<string>();
  let candidateSeen = false;
  for (const t of current) {
    const rev = t.revision as string;
    let tag = t.tag;
    if (tagHolder !== undefined && tag === tagHolder && rev !== cand) tag = undefined; // the tag moves to the candidate
    let pct = 0;
    if (rev === cand) {
      if (!candidateSeen) pct = percent;
      candidateSeen = true;
    } else if (t.percent > 0 && !carried.has(rev)) {
      carried.add(rev);
      pct = shares.get(rev) ?? 0;
    }
    if (pct === 0 && !tag) continue; // untagged 0 % entries are removed
    const entry: SplitTarget = { type: "REVISION", revision: rev, percent: pct };
    if (tag) entry.tag = tag;
    out.push(entry);
  }
  if (!candidateSeen && percent > 0) out.unshift({ type: "REVISION", revision: cand, percent });

  if (tagHolder !== undefined && !out.some((t) => t.revision === cand && t.tag === tagHolder)) {
    const carrier = out.find((t) => t.revision === cand && t.percent > 0 && !t.tag);
    if (carrier) carrier.tag = tagHolder;
    else out.push({ type: "REVISION", revision: cand, percent: 0, tag: tagHolder });
  }
  return out;
}
