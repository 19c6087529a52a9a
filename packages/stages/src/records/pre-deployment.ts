/**
 * The pre-deployment record stored under `traffic-snapshot` (pure): what served before the
 * deployment changed anything, so CLOUDRUN_ROLLBACK can restore it exactly.
 */
import {
  parseTrafficSnapshot,
  type Service,
  snapshotSplit,
  TrafficError,
  type TrafficSnapshot,
} from "@cr/cloudrun/pure";

export interface PreDeploymentRecord {
  version: 1;
  /** Short service id. */
  service: string;
  /** Whether the service existed before the deployment; `false` marks a first deployment. */
  existed: boolean;
  /**
   * The traffic that served (LATEST stored resolved, tags and 0 % tagged entries included). Absent
   * when the service did not exist, or existed without any revision the traffic could be resolved
   * to (then {@link note} says why).
   */
  traffic?: TrafficSnapshot;
  /** Why there is no traffic although the service existed. */
  note?: string;
}

/** The record for the service as read before the first mutation (`null`: it does not exist). */
export function recordFromLive(serviceId: string, live: Service | null): PreDeploymentRecord {
  if (live === null) return { version: 1, service: serviceId, existed: false };
  try {
    const traffic = snapshotSplit(live);
    return { version: 1, service: serviceId, existed: true, traffic: { ...traffic, service: serviceId } };
  } catch (e) {
    if (!(e instanceof TrafficError)) throw e;
    return { version: 1, service: serviceId, existed: true, note: `no traffic snapshot: ${e.message}` };
  }
}

export function serializeRecord(record: PreDeploymentRecord): string {
  return JSON.stringify(record);
}

export type RecordParseResult = { ok: true; record: PreDeploymentRecord } | { ok: false; problems: string[] };

/** Validates the stored JSON (untrusted: it went through piped). */
export function parseRecord(text: string): RecordParseResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, problems: ["the stored snapshot is not valid JSON"] };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { ok: false, problems: ["the stored snapshot is not an object"] };
  }
  const v = value as Record<string, unknown>;
  const problems: string[] = [];
  if (v.version !== 1) problems.push("unsupported snapshot record version");
  if (typeof v.service !== "string" || v.service === "") problems.push("the snapshot record names no service");
  if (typeof v.existed !== "boolean") problems.push("the snapshot record does not say whether the service existed");
  if (v.note !== undefined && typeof v.note !== "string") problems.push("bad snapshot record note");
  let traffic: TrafficSnapshot | undefined;
  if (v.traffic !== undefined) {
    const parsed = parseTrafficSnapshot(v.traffic);
    if (parsed.ok) traffic = parsed.snapshot;
    else problems.push(...parsed.problems.map((p) => `traffic: ${p}`));
  }
  if (problems.length > 0) return { ok: false, problems };
  const record: PreDeploymentRecord = { version: 1, service: v.service as string, existed: v.existed as boolean };
  if (traffic !== undefined) record.traffic = traffic;
  if (typeof v.note === "string") record.note = v.note;
  return { ok: true, record };
}

/** Short ids of the revisions a record refers to (protected from cleanup). */
export function recordRevisions(record: PreDeploymentRecord | undefined): string[] {
  return [...new Set((record?.traffic?.targets ?? []).map((t) => t.revision))];
}
