/**
 * The applied-traffic record (pure): the split the last traffic write of a deployment left,
 * stored as an application object so that live state can tell a deliberate split (a canary held
 * at 50 %, a rollback) from someone else's change.
 */
import {
  parseTrafficSnapshot,
  restoreSplit,
  type Service,
  snapshotSplit,
  TrafficError,
  type TrafficSnapshot,
  type TrafficSplit,
} from "@cr/cloudrun/pure";

export interface AppliedTrafficRecord {
  version: 1;
  /** Short service id. */
  service: string;
  /** The deployment whose stage wrote the traffic. */
  deploymentId: string;
  /** What Cloud Run applied after the write (LATEST stored resolved, tags included). */
  traffic: TrafficSnapshot;
  /**
   * The write was a rollback: the deployment's own revision was taken out of service, so the
   * configuration in Git does not serve even though the split is as the deployment left it.
   */
  rolledBack: boolean;
}

export type AppliedTrafficResult = { ok: true; record: AppliedTrafficRecord } | { ok: false; problem: string };

/** The record for a service as verified after a traffic write. */
export function appliedTrafficRecord(
  serviceId: string,
  deploymentId: string,
  verified: Service,
  rolledBack: boolean,
): AppliedTrafficResult {
  try {
    const traffic = { ...snapshotSplit(verified), service: serviceId };
    return { ok: true, record: { version: 1, service: serviceId, deploymentId, traffic, rolledBack } };
  } catch (e) {
    if (!(e instanceof TrafficError)) throw e;
    return { ok: false, problem: e.message };
  }
}

/** The split a record describes, as REVISION entries. */
export function recordedSplit(record: AppliedTrafficRecord): TrafficSplit {
  return restoreSplit(record.traffic);
}

export function serializeAppliedTraffic(record: AppliedTrafficRecord): string {
  return JSON.stringify(record);
}

/** Validates the stored JSON (untrusted: it went through piped and may come from an older plugin). */
export function parseAppliedTraffic(text: string): AppliedTrafficResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, problem: "the applied-traffic record is not valid JSON" };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { ok: false, problem: "the applied-traffic record is not an object" };
  }
  const v = value as Record<string, unknown>;
  if (v.version !== 1) return { ok: false, problem: "unsupported applied-traffic record version" };
  if (typeof v.service !== "string" || v.service === "") {
    return { ok: false, problem: "the applied-traffic record names no service" };
  }
  const traffic = parseTrafficSnapshot(v.traffic);
  if (!traffic.ok) return { ok: false, problem: `the applied-traffic record: ${traffic.problems.join("; ")}` };
  return {
    ok: true,
    record: {
      version: 1,
      service: v.service,
      deploymentId: typeof v.deploymentId === "string" ? v.deploymentId : "",
      traffic: traffic.snapshot,
      rolledBack: v.rolledBack === true,
    },
  };
}
