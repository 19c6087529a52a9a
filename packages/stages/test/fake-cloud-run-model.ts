/**
 * The state the in-memory Cloud Run keeps per service and revision, and how it renders them as the
 * model Cloud Run returns.
 */
import {
  type Revision,
  type RevisionTemplate,
  SERVICE_OUTPUT_ONLY_FIELDS,
  type Service,
  type TrafficTarget,
  type TrafficTargetStatus,
} from "@cr/cloudrun/pure";

export const PROJECT_PARENT = "projects/test-project/locations/us-central1";
export const serviceName = (id: string) => `${PROJECT_PARENT}/services/${id}`;
export const revisionPath = (service: string, rev: string) => `${serviceName(service)}/revisions/${rev}`;

export type ImageReadiness = { mode: "ready" } | { mode: "never" } | { mode: "fail"; reason: string; message: string };

export type RevisionState = "ready" | "pending" | "failed";

export interface FakeRevision {
  name: string;
  service: string;
  template: RevisionTemplate;
  templateKey: string;
  createTime: string;
  state: RevisionState;
  failure?: { reason: string; message: string };
}

export interface FakeService {
  id: string;
  spec: Service;
  etag: string;
  generation: number;
  revisions: Map<string, FakeRevision>;
  counter: number;
  latestCreated?: string;
  latestReady?: string;
  statuses: TrafficTargetStatus[];
}

export type Hook = (args: unknown[]) => void | Promise<void>;

/** What Cloud Run fills in itself, so a write's copy of these fields is ignored. */
export const OUTPUT_ONLY: readonly (keyof Service)[] = [...SERVICE_OUTPUT_ONLY_FIELDS, "etag"];

/** Stable JSON (sorted keys) of a template without its revision name. */
export function templateKey(template: RevisionTemplate): string {
  const { revision: _ignored, ...rest } = template;
  const sort = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sort)
      : v && typeof v === "object"
        ? Object.fromEntries(
            Object.entries(v as Record<string, unknown>)
              .sort(([a], [b]) => (a < b ? -1 : 1))
              .map(([k, x]) => [k, sort(x)]),
          )
        : v;
  return JSON.stringify(sort(rest));
}

export function isLatest(t: TrafficTarget): boolean {
  return t.type === "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST" || (!t.type && !t.revision);
}

/** The service as Cloud Run would return it. */
export function renderService(svc: FakeService): Service {
  const latest = svc.latestCreated ? svc.revisions.get(svc.latestCreated) : undefined;
  const reconciling = latest?.state === "pending";
  const out: Service = {
    ...structuredClone(svc.spec),
    name: serviceName(svc.id),
    etag: svc.etag,
    generation: svc.generation,
    observedGeneration: svc.generation,
    reconciling,
    trafficStatuses: structuredClone(svc.statuses),
    uri: `https://${svc.id}-abc-uc.a.run.app`,
    terminalCondition: {
      type: "Ready",
      state: reconciling
        ? "CONDITION_RECONCILING"
        : latest?.state === "failed"
          ? "CONDITION_FAILED"
          : "CONDITION_SUCCEEDED",
    },
  };
  if (svc.latestCreated) out.latestCreatedRevision = revisionPath(svc.id, svc.latestCreated);
  if (svc.latestReady) out.latestReadyRevision = revisionPath(svc.id, svc.latestReady);
  return out;
}

/** The revision as Cloud Run would return it. */
export function renderRevision(rev: FakeRevision): Revision {
  const ready =
    rev.state === "ready"
      ? { type: "Ready", state: "CONDITION_SUCCEEDED" as const }
      : rev.state === "failed"
        ? {
            type: "Ready",
            state: "CONDITION_FAILED" as const,
            message: rev.failure?.message ?? "failed",
            ...(rev.failure ? { revisionReason: rev.failure.reason as "HEALTH_CHECK_CONTAINER_ERROR" } : {}),
          }
        : { type: "Ready", state: "CONDITION_RECONCILING" as const };
  return {
    name: revisionPath(rev.service, rev.name),
    service: serviceName(rev.service),
    createTime: rev.createTime,
    containers: structuredClone(rev.template.containers),
    conditions: [ready],
    reconciling: rev.state === "pending",
  };
}
