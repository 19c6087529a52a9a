/**
 * The live resources of one deploy target (pure): the service and each of its revisions, with
 * health read from their `Ready` condition, in the shape PipeCD's live state shows.
 */
import {
  type Condition,
  effectiveSplit,
  fromTrafficTargets,
  type Revision,
  type Service,
  shortName,
} from "@cr/cloudrun/pure";

export type ResourceHealth = "HEALTHY" | "UNHEALTHY" | "UNKNOWN";

/** Structurally the `ResourceState` of `@cr/sdk-host`. */
export interface LiveResource {
  /** The full resource name (`projects/p/locations/l/services/s[/revisions/r]`): unique across deploy targets. */
  id: string;
  parentIds: string[];
  /** The short id. */
  name: string;
  resourceType: "Service" | "Revision";
  resourceMetadata: Record<string, string>;
  healthStatus: ResourceHealth;
  healthDescription: string;
  deployTarget: string;
  /** Never the epoch: piped's control plane rejects a report with a zero creation time. */
  createdAt: Date;
}

/** The service and revisions read from one deploy target. */
export interface LiveResourcesInput {
  deployTarget: string;
  service: Service;
  revisions: readonly Revision[];
  /** The last resort for a creation time Cloud Run did not report. */
  now: Date;
}

interface Health {
  status: ResourceHealth;
  description: string;
}

/** Cloud Run reasons of a failed Ready condition that it retries by itself: not (yet) a failure. */
const RETRYING_REASONS = new Set(["WAITING_FOR_OPERATION", "IMMEDIATE_RETRY", "POSTPONED_RETRY"]);

/** Health from a `Ready` condition: succeeded → HEALTHY, failed → UNHEALTHY, anything else → UNKNOWN. */
export function readyHealth(ready: Condition | undefined, reconciling: boolean | undefined): Health {
  const state = ready?.state ?? "STATE_UNSPECIFIED";
  const reason = ready?.revisionReason ?? ready?.reason ?? ready?.executionReason;
  const detail = [reason, ready?.message].filter((p) => p !== undefined && p !== "").join(": ");
  if (state === "CONDITION_FAILED" && !(reason !== undefined && RETRYING_REASONS.has(reason))) {
    return { status: "UNHEALTHY", description: `Not ready${detail ? `: ${detail}` : ""}` };
  }
  if (state === "CONDITION_SUCCEEDED" && !reconciling) return { status: "HEALTHY", description: "Ready" };
  if (ready === undefined) return { status: "UNKNOWN", description: "Cloud Run reports no Ready condition yet" };
  const doing = reconciling ? "Reconciling" : "Not ready yet";
  return { status: "UNKNOWN", description: `${doing} (Ready is ${state}${detail ? `: ${detail}` : ""})` };
}

function parseTime(...candidates: (string | undefined)[]): Date | undefined {
  for (const text of candidates) {
    if (!text) continue;
    const ms = Date.parse(text);
    if (Number.isFinite(ms) && ms > 0) return new Date(ms);
  }
  return undefined;
}

function percentLabel(percent: number): string {
  return `${percent}%`;
}

/** The service, then its revisions in the order given (newest first, as Cloud Run lists them). */
export function liveResources(input: LiveResourcesInput): LiveResource[] {
  const { service, deployTarget, now } = input;
  const serviceId = service.name ?? "";
  const serviceCreated = parseTime(service.createTime, service.updateTime) ?? now;

  // What each revision gets of the applied traffic (the desired one while nothing is applied yet).
  const applied = fromTrafficTargets(service.trafficStatuses);
  const split = applied.length > 0 ? applied : effectiveSplit(service);
  const latestReady = service.latestReadyRevision ? shortName(service.latestReadyRevision) : "";
  const percents = new Map<string, number>();
  const tags = new Map<string, string[]>();
  for (const t of split) {
    const revision = t.type === "LATEST" ? latestReady : (t.revision ?? "");
    percents.set(revision, (percents.get(revision) ?? 0) + t.percent);
    if (t.tag) tags.set(revision, [...(tags.get(revision) ?? []), t.tag]);
  }

  const serviceHealth = readyHealth(service.terminalCondition, service.reconciling);
  const serviceMetadata: Record<string, string> = {};
  const uri = service.uri ?? service.urls?.[0];
  if (uri) serviceMetadata.uri = uri;
  if (latestReady) serviceMetadata.latestReadyRevision = latestReady;
  if (service.latestCreatedRevision) serviceMetadata.latestCreatedRevision = shortName(service.latestCreatedRevision);
  serviceMetadata.traffic = split
    .filter((t) => t.percent > 0)
    .map((t) => `${t.type === "LATEST" ? `LATEST (${latestReady || "none"})` : t.revision} ${percentLabel(t.percent)}`)
    .join(", ");

  const resources: LiveResource[] = [
    {
      id: serviceId,
      parentIds: [],
      name: shortName(serviceId),
      resourceType: "Service",
      resourceMetadata: serviceMetadata,
      healthStatus: serviceHealth.status,
      healthDescription: serviceHealth.description,
      deployTarget,
      createdAt: serviceCreated,
    },
  ];
  for (const revision of input.revisions) {
    const id = shortName(revision.name);
    const health = readyHealth(
      revision.conditions?.find((c) => c.type === "Ready"),
      revision.reconciling,
    );
    const metadata: Record<string, string> = {
      traffic: percentLabel(percents.get(id) ?? 0),
      images: (revision.containers ?? []).map((c) => c.image).join(", "),
    };
    const revisionTags = tags.get(id);
    if (revisionTags) metadata.tags = revisionTags.join(", ");
    resources.push({
      id: revision.name,
      parentIds: [serviceId],
      name: id,
      resourceType: "Revision",
      resourceMetadata: metadata,
      healthStatus: health.status,
      healthDescription: health.description,
      deployTarget,
      createdAt: parseTime(revision.createTime, revision.updateTime) ?? serviceCreated,
    });
  }
  return resources;
}
