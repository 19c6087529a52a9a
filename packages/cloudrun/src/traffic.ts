/**
 * Traffic math (pure): a short split form, LATEST resolution, promotion with deterministic
 * integer rounding, validation, diffs, snapshots for rollback and a log formatter.
 *
 * The short form uses `type: "LATEST" | "REVISION"` and always carries an integer `percent`;
 * {@link fromTrafficTargets} / {@link toTrafficTargets} convert to and from the model's
 * `TrafficTarget` (v2 enum names). Revision names in a split are short ids
 * (`svc-00001-abc`); converters reduce full resource names to their last segment.
 */
import {
  type Service,
  shortName,
  type TrafficTarget,
  type TrafficTargetAllocationType,
  type TrafficTargetStatus,
} from "./model.js";
import { revisionNameProblems, tagProblems } from "./naming.js";

export type SplitTargetType = "LATEST" | "REVISION";

export interface SplitTarget {
  type: SplitTargetType;
  /** Short revision id; required for REVISION, absent for LATEST. */
  revision?: string;
  /** Integer 0..100. */
  percent: number;
  tag?: string;
}

export type TrafficSplit = SplitTarget[];

export type TrafficErrorCode =
  | "UNRESOLVED_LATEST"
  | "INVALID_PERCENT"
  | "INVALID_CANDIDATE"
  | "NOTHING_TO_SHIFT_FROM"
  | "INVALID_TARGET";

/** Thrown by traffic functions when their input makes the requested operation impossible. */
export class TrafficError extends Error {
  override readonly name = "TrafficError";
  readonly code: TrafficErrorCode;
  constructor(code: TrafficErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

// ---------------------------------------------------------------------------------------------
// Conversion
// ---------------------------------------------------------------------------------------------

function splitTypeOf(type: TrafficTargetAllocationType | undefined, revision: string | undefined): SplitTargetType {
  if (type === "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST") return "LATEST";
  if (type === "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION") return "REVISION";
  // UNSPECIFIED / absent: a named revision means REVISION, otherwise LATEST.
  return revision ? "REVISION" : "LATEST";
}

/**
 * Model traffic entries → short split. `TRAFFIC_TARGET_ALLOCATION_TYPE_UNSPECIFIED` (or no type)
 * is read as REVISION when a revision is named, else LATEST. Revision names are shortened to their
 * last path segment; a LATEST entry drops any revision it carries (see {@link snapshotSplit} for
 * status entries, where that revision is the resolved one). Absent percent = 0. Empty tag = none.
 * An empty or absent list converts to an empty split (use {@link effectiveSplit} for the API
 * meaning "100 % LATEST").
 */
export function fromTrafficTargets(targets: readonly TrafficTarget[] | undefined): TrafficSplit {
  return (targets ?? []).map((t) => {
    const type = splitTypeOf(t.type, t.revision);
    const out: SplitTarget = { type, percent: t.percent ?? 0 };
    if (type === "REVISION" && t.revision) out.revision = shortName(t.revision);
    if (t.tag) out.tag = t.tag;
    return out;
  });
}

/** Short split → model traffic entries (v2 enum names), ready to send. */
export function toTrafficTargets(split: readonly SplitTarget[]): TrafficTarget[] {
  return split.map((t) => {
    const out: TrafficTarget = {
      type: t.type === "LATEST" ? "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST" : "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION",
    };
    if (t.type === "REVISION" && t.revision !== undefined) out.revision = t.revision;
    out.percent = t.percent;
    if (t.tag) out.tag = t.tag;
    return out;
  });
}

/** The service's desired traffic as a split; empty/absent traffic means 100 % LATEST (v2 semantics). */
export function effectiveSplit(service: Pick<Service, "traffic">): TrafficSplit {
  const split = fromTrafficTargets(service.traffic);
  return split.length > 0 ? split : [{ type: "LATEST", percent: 100 }];
}

// ---------------------------------------------------------------------------------------------
// Canonical merging and LATEST resolution
// ---------------------------------------------------------------------------------------------

function keyOf(t: SplitTarget): string {
  return t.type === "LATEST" ? "LATEST" : `r:${t.revision ?? ""}`;
}

/**
 * One percent-bearing entry per target: the first entry of a target with percent > 0 carries
 * the target's total; its other percent-bearing entries drop to 0 % and are kept only when tagged.
 * Order and tags are preserved.
 */
function mergeDuplicates(split: readonly SplitTarget[]): TrafficSplit {
  const totals = new Map<string, number>();
  for (const t of split) totals.set(keyOf(t), (totals.get(keyOf(t)) ?? 0) + t.percent);
  const carried = new Set<string>();
  const out: TrafficSplit = [];
  for (const t of split) {
    const key = keyOf(t);
    if (t.percent > 0 && !carried.has(key)) {
      carried.add(key);
      out.push({ ...t, percent: totals.get(key) ?? t.percent });
    } else if (t.percent > 0) {
      if (t.tag) out.push({ ...t, percent: 0 });
    } else {
      out.push({ ...t });
    }
  }
  return out;
}

/**
 * Replaces every LATEST entry with a REVISION entry for the service's latest **ready** revision
 * (tags and percents kept), then merges entries that now name the same revision (the first
 * percent-bearing entry carries the sum; the others keep their tags at 0 % or disappear when
 * untagged). Throws `TrafficError("UNRESOLVED_LATEST")` when a LATEST entry exists and the service
 * has no `latestReadyRevision`.
 */
export function resolveLatest(
  split: readonly SplitTarget[],
  service: Pick<Service, "latestReadyRevision">,
): TrafficSplit {
  if (!split.some((t) => t.type === "LATEST")) return split.map((t) => ({ ...t }));
  const ready = service.latestReadyRevision ? shortName(service.latestReadyRevision) : "";
  if (ready === "") {
    throw new TrafficError(
      "UNRESOLVED_LATEST",
      "the traffic has a LATEST target but the service has no latest ready revision to resolve it to",
    );
  }
  return mergeDuplicates(
    split.map((t) => (t.type === "LATEST" ? { ...t, type: "REVISION", revision: ready } : { ...t })),
  );
}

// ---------------------------------------------------------------------------------------------
// Promotion
// ---------------------------------------------------------------------------------------------

export interface PromoteOptions {
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
export function promote(
  current: readonly SplitTarget[],
  candidate: string,
  percent: number,
  options: PromoteOptions = {},
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

// ---------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------

export interface SplitProblem {
  /** Index of the offending entry, or null for a problem with the split as a whole. */
  index: number | null;
  message: string;
}

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

// ---------------------------------------------------------------------------------------------
// Snapshot / restore
// ---------------------------------------------------------------------------------------------

export interface SnapshotTarget {
  /** Concrete short revision id (LATEST already resolved). */
  revision: string;
  percent: number;
  tag?: string;
  /** The entry was a LATEST target when the snapshot was taken. */
  wasLatest?: true;
}

export interface TrafficSnapshot {
  version: 1;
  /** Short service id, when known. */
  service?: string;
  /** Where the entries came from: applied traffic, desired traffic, or the empty-traffic default. */
  source: "trafficStatuses" | "traffic" | "default";
  targets: SnapshotTarget[];
}

type SnapshotView = Pick<Service, "name" | "traffic" | "trafficStatuses" | "latestReadyRevision">;

/**
 * A JSON-serialisable record of the traffic currently serving, for rollback.
 *
 * Source: `trafficStatuses` (the traffic actually applied — during or after a failed rollout it
 * still describes the last serving state) when non-empty, else `traffic`, else the v2 default of
 * 100 % LATEST. LATEST entries are stored resolved: a status entry uses the revision it reports,
 * otherwise the service's `latestReadyRevision`. Entries naming the same revision are merged as in
 * {@link resolveLatest}. Throws `TrafficError("UNRESOLVED_LATEST")` when a LATEST entry cannot be
 * resolved.
 */
export function snapshotSplit(service: SnapshotView): TrafficSnapshot {
  const statuses: readonly TrafficTargetStatus[] = service.trafficStatuses ?? [];
  const traffic: readonly TrafficTarget[] = service.traffic ?? [];
  const source: TrafficSnapshot["source"] =
    statuses.length > 0 ? "trafficStatuses" : traffic.length > 0 ? "traffic" : "default";
  const entries: readonly TrafficTarget[] =
    source === "trafficStatuses"
      ? statuses
      : source === "traffic"
        ? traffic
        : [{ type: "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST", percent: 100 }];
  const ready = service.latestReadyRevision ? shortName(service.latestReadyRevision) : "";

  const latestFlags: boolean[] = [];
  const split: TrafficSplit = entries.map((e) => {
    const type = splitTypeOf(e.type, e.revision);
    latestFlags.push(type === "LATEST");
    let revision = e.revision ? shortName(e.revision) : "";
    if (type === "LATEST" && (source !== "trafficStatuses" || revision === "")) revision = ready;
    if (revision === "") {
      throw new TrafficError(
        "UNRESOLVED_LATEST",
        "cannot snapshot traffic: a LATEST target has no concrete revision and the service has no latest ready revision",
      );
    }
    const t: SplitTarget = { type: "REVISION", revision, percent: e.percent ?? 0 };
    if (e.tag) t.tag = e.tag;
    return t;
  });
  // Carry the LATEST flag through merging by position.
  const flagged = split.map((t, i) => ({ ...t, wasLatest: latestFlags[i] === true }));
  const merged = mergeDuplicates(flagged) as (SplitTarget & { wasLatest: boolean })[];
  const targets = merged.map((t) => {
    const s: SnapshotTarget = { revision: t.revision as string, percent: t.percent };
    if (t.tag) s.tag = t.tag;
    if (t.wasLatest) s.wasLatest = true;
    return s;
  });
  const snapshot: TrafficSnapshot = { version: 1, source, targets };
  if (service.name) snapshot.service = shortName(service.name);
  return snapshot;
}

/**
 * Exactly the traffic to send back to restore a snapshot: one REVISION entry per snapshot entry,
 * in order, with its percent and tag (0 % tagged entries included). LATEST is never restored as
 * LATEST: by rollback time the latest revision is usually the candidate being rolled back.
 */
export function restoreSplit(snapshot: TrafficSnapshot): TrafficSplit {
  return snapshot.targets.map((t) => {
    const out: SplitTarget = { type: "REVISION", revision: t.revision, percent: t.percent };
    if (t.tag) out.tag = t.tag;
    return out;
  });
}

export type SnapshotParseResult = { ok: true; snapshot: TrafficSnapshot } | { ok: false; problems: string[] };

/** Validates untrusted data (e.g. JSON read back from deployment metadata) as a snapshot. */
export function parseTrafficSnapshot(value: unknown): SnapshotParseResult {
  const problems: string[] = [];
  const isRecord = (v: unknown): v is Record<string, unknown> =>
    typeof v === "object" && v !== null && !Array.isArray(v);
  if (!isRecord(value)) return { ok: false, problems: ["the snapshot is not an object"] };
  if (value.version !== 1) problems.push("unsupported snapshot version");
  if (value.source !== "trafficStatuses" && value.source !== "traffic" && value.source !== "default")
    problems.push("bad snapshot source");
  if (value.service !== undefined && typeof value.service !== "string") problems.push("bad snapshot service");
  if (!Array.isArray(value.targets)) {
    problems.push("the snapshot has no targets list");
    return { ok: false, problems };
  }
  const targets: SnapshotTarget[] = [];
  value.targets.forEach((t: unknown, i: number) => {
    if (!isRecord(t) || typeof t.revision !== "string" || t.revision === "") {
      problems.push(`target ${i}: needs a revision name`);
      return;
    }
    if (typeof t.percent !== "number" || !Number.isInteger(t.percent) || t.percent < 0 || t.percent > 100) {
      problems.push(`target ${i}: percent must be an integer from 0 to 100`);
      return;
    }
    if (t.tag !== undefined && typeof t.tag !== "string") {
      problems.push(`target ${i}: tag must be a string`);
      return;
    }
    const s: SnapshotTarget = { revision: t.revision, percent: t.percent };
    if (typeof t.tag === "string" && t.tag !== "") s.tag = t.tag;
    if (t.wasLatest === true) s.wasLatest = true;
    targets.push(s);
  });
  if (problems.length === 0) {
    for (const p of validateSplit(restoreSplit({ version: 1, source: "traffic", targets })))
      problems.push(p.index === null ? p.message : `target ${p.index}: ${p.message}`);
  }
  if (problems.length > 0) return { ok: false, problems };
  const snapshot: TrafficSnapshot = {
    version: 1,
    source: value.source as TrafficSnapshot["source"],
    targets,
  };
  if (typeof value.service === "string") snapshot.service = value.service;
  return { ok: true, snapshot };
}

// ---------------------------------------------------------------------------------------------
// Formatting
// ---------------------------------------------------------------------------------------------

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
