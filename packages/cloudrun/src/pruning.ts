/**
 * Revision pruning plan (pure): which old revisions to delete.
 *
 * Never deleted (in this order of reporting):
 * - `serving`: receives traffic (> 0 %) in the service's `traffic` or `trafficStatuses`
 *   (a LATEST entry counts for the revision it resolves to: the status entry's revision, or
 *   `latestReadyRevision`; empty `traffic` means 100 % LATEST);
 * - `tagged`: has a tag in `traffic` or `trafficStatuses`, whatever its percent (Cloud Run counts
 *   tagged revisions as part of the traffic table);
 * - `latest-created` / `latest-ready`: the service's `latestCreatedRevision` / `latestReadyRevision`
 *   (Cloud Run refuses to delete the latest revision);
 * - `protected`: named in `options.protected` (e.g. the revisions a running deployment snapshot
 *   refers to);
 * - `unknown-age`: has no parsable `createTime`, so "newest" cannot be judged for it.
 *
 * Revisions are ranked newest first (by `createTime`, ties broken by name, the larger name counting
 * as newer — auto-generated names carry an increasing counter):
 * - `newest`: with `keepLatest` (default true) the newest revision of the whole list is kept even
 *   when the service does not (or no longer) names it latest — it guards against a stale service
 *   read or a revision created concurrently by someone else.
 * - `keep-count`: the `keepCount` most recent revisions are kept, so that after pruning the service
 *   has its `keepCount` most recent revisions. A revision kept for a reason above counts toward
 *   `keepCount` when it is among them (it is reported with that reason instead);
 * - everything older is deleted unless a reason above keeps it.
 *
 * Revision names may be short ids or full resource names; they are compared by their last path
 * segment and reported exactly as given in `revisions`.
 */
import { type Service, shortName } from "./model.js";

/** A revision as pruning sees it: its name and when it was created. */
export interface PruneRevision {
  name: string;
  /** RFC 3339 creation time. */
  createTime?: string;
}

/** The parts of the service pruning protects: traffic, tags and the latest revisions. */
export type PruneServiceView = Pick<
  Service,
  "traffic" | "trafficStatuses" | "latestCreatedRevision" | "latestReadyRevision"
>;

/** How many revisions to keep, and whether the newest is always kept. */
export interface PruneOptions {
  /** How many of the most recently created revisions to keep, protected ones included. Integer ≥ 0. */
  keepCount: number;
  /** Keep the newest revision of the list whatever the service says (default true). */
  keepLatest?: boolean;
  /** Revision names (short or full) never to delete. */
  protected?: Iterable<string>;
}

/** Why a revision is kept. */
export type KeepReason =
  | "serving"
  | "tagged"
  | "latest-created"
  | "latest-ready"
  | "protected"
  | "unknown-age"
  | "newest"
  | "keep-count";

/** Which revisions to delete, and which are kept and why. */
export interface PrunePlan {
  /** Revisions to delete, oldest first (so an interrupted run has removed the least useful ones). */
  delete: string[];
  /** Revisions kept, newest first, with every reason that applies. */
  keep: { name: string; reasons: KeepReason[] }[];
}

/** Thrown by `planPrune` for options it cannot honour (e.g. a negative `keepCount`). */
export class PruneOptionsError extends Error {
  override readonly name = "PruneOptionsError";
}

/** Plans which revisions to delete, keeping the newest `keepCount` and every protected one. */
export function planPrune(
  revisions: readonly PruneRevision[],
  service: PruneServiceView,
  options: PruneOptions,
): PrunePlan {
  const { keepCount } = options;
  if (!Number.isInteger(keepCount) || keepCount < 0) {
    throw new PruneOptionsError(`keepCount must be an integer ≥ 0 (got ${String(keepCount)})`);
  }
  const keepLatest = options.keepLatest ?? true;
  const ready = service.latestReadyRevision ? shortName(service.latestReadyRevision) : undefined;
  const created = service.latestCreatedRevision ? shortName(service.latestCreatedRevision) : undefined;

  const serving = new Set<string>();
  const tagged = new Set<string>();
  const traffic = service.traffic ?? [];
  const desired =
    traffic.length > 0 ? traffic : [{ type: "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST" as const, percent: 100 }];
  for (const list of [desired, service.trafficStatuses ?? []]) {
    for (const t of list) {
      const isLatest =
        t.type === "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST" ||
        ((t.type === undefined || t.type === "TRAFFIC_TARGET_ALLOCATION_TYPE_UNSPECIFIED") && !t.revision);
      // A status entry for LATEST may report the revision it resolved to; desired LATEST means latest ready.
      const rev = t.revision ? shortName(t.revision) : isLatest ? ready : undefined;
      if (rev === undefined) continue;
      if ((t.percent ?? 0) > 0) serving.add(rev);
      if (t.tag) tagged.add(rev);
      if (isLatest && ready !== undefined && (t.percent ?? 0) > 0) serving.add(ready);
    }
  }
  const protectedSet = new Set([...(options.protected ?? [])].map(shortName));

  const seen = new Set<string>();
  const rows = revisions
    .filter((r) => {
      const short = shortName(r.name);
      if (seen.has(short)) return false;
      seen.add(short);
      return true;
    })
    .map((r) => {
      const time = r.createTime ? Date.parse(r.createTime) : Number.NaN;
      return { name: r.name, short: shortName(r.name), time };
    });
  rows.sort((a, b) => {
    const aKnown = !Number.isNaN(a.time);
    const bKnown = !Number.isNaN(b.time);
    if (aKnown !== bKnown) return aKnown ? 1 : -1; // unknown ages first (they are kept anyway)
    if (aKnown && a.time !== b.time) return b.time - a.time;
    return a.short < b.short ? 1 : a.short > b.short ? -1 : 0;
  });

  const keep: PrunePlan["keep"] = [];
  const del: string[] = [];
  let rank = 0;
  for (const row of rows) {
    const reasons: KeepReason[] = [];
    if (serving.has(row.short)) reasons.push("serving");
    if (tagged.has(row.short)) reasons.push("tagged");
    if (row.short === created) reasons.push("latest-created");
    if (row.short === ready) reasons.push("latest-ready");
    if (protectedSet.has(row.short)) reasons.push("protected");
    const known = !Number.isNaN(row.time);
    if (!known) reasons.push("unknown-age");
    if (known) {
      if (rank === 0 && keepLatest) reasons.push("newest");
      if (rank < keepCount && reasons.length === 0) reasons.push("keep-count");
      rank++;
    }
    if (reasons.length > 0) keep.push({ name: row.name, reasons });
    else del.push(row.name);
  }
  return { delete: del.reverse(), keep };
}
