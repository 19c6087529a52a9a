// Traffic validation and normalisation as the Cloud Run server does it.
import { invalidArgument } from "./errors.js";
import { isDnsLabel, type ServiceName, tagUri } from "./names.js";
import type { RevisionState, RoutesOutcome } from "./store.js";
import { LATEST, REVISION, type TrafficTarget, type TrafficTargetStatus } from "./types.js";

/**
 * Longest `tag + service name`: the server's rule, as Cloud Run enforces it. Kept apart from the
 * client-side limit in `@cr/config/cloudrun-limits` on purpose, so that a wrong client limit shows
 * up as a test failure against the emulator instead of agreeing with itself.
 */
export const MAX_TAG_AND_SERVICE_LENGTH = 46;

function shortRevision(service: ServiceName, revision: string): string {
  if (!revision.includes("/")) return revision;
  const prefix = `${service.name}/revisions/`;
  if (revision.startsWith(prefix) && !revision.slice(prefix.length).includes("/")) return revision.slice(prefix.length);
  throw invalidArgument(`Traffic target revision '${revision}' does not belong to service '${service.name}'.`);
}

/**
 * Normalises traffic targets: an empty list means 100 % to LATEST; an unspecified type is LATEST
 * without a revision and REVISION with one; full revision names are shortened.
 */
export function normalizeTraffic(service: ServiceName, traffic: readonly TrafficTarget[] | undefined): TrafficTarget[] {
  if (!traffic || traffic.length === 0) return [{ type: LATEST, percent: 100 }];
  return traffic.map((t) => {
    const out: TrafficTarget = {};
    const revision = t.revision ? shortRevision(service, t.revision) : undefined;
    const type =
      t.type && t.type !== "TRAFFIC_TARGET_ALLOCATION_TYPE_UNSPECIFIED" ? t.type : revision ? REVISION : LATEST;
    out.type = type;
    if (revision) out.revision = revision;
    if (t.percent) out.percent = t.percent;
    if (t.tag) out.tag = t.tag;
    return out;
  });
}

/**
 * Validates normalised targets: LATEST names no revision, REVISION names an existing one, each
 * percent is 0..100 and they sum to 100, tags are unique DNS labels and short enough.
 */
export function validateTraffic(
  service: ServiceName,
  targets: readonly TrafficTarget[],
  revisionExists: (name: string) => boolean,
): void {
  let sum = 0;
  const tags = new Set<string>();
  for (const [i, t] of targets.entries()) {
    const at = `traffic[${i}]`;
    if (t.type === LATEST && t.revision) {
      throw invalidArgument(
        `${at}: a target of type TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST must not name a revision ('${t.revision}').`,
      );
    }
    if (t.type === REVISION) {
      if (!t.revision) {
        throw invalidArgument(`${at}: a target of type TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION must name a revision.`);
      }
      if (!revisionExists(t.revision)) {
        throw invalidArgument(
          `Revision '${t.revision}' does not exist or is deleted. Update all traffic to route to currently available revisions.`,
        );
      }
    }
    const percent = t.percent ?? 0;
    if (!Number.isInteger(percent) || percent < 0 || percent > 100) {
      throw invalidArgument(`${at}: percent must be an integer between 0 and 100, got ${percent}.`);
    }
    sum += percent;
    if (t.tag !== undefined) {
      if (!isDnsLabel(t.tag)) {
        throw invalidArgument(
          `${at}: tag '${t.tag}' is invalid: it must use only lowercase letters, digits and '-', start with a letter and not end with '-'.`,
        );
      }
      if (t.tag.length + service.service.length > MAX_TAG_AND_SERVICE_LENGTH) {
        throw invalidArgument(
          `${at}: tag '${t.tag}' is invalid: Combined traffic tag and service name cannot exceed ${MAX_TAG_AND_SERVICE_LENGTH} characters.`,
        );
      }
      if (tags.has(t.tag)) throw invalidArgument(`${at}: tag '${t.tag}' is used by more than one traffic target.`);
      tags.add(t.tag);
    }
  }
  if (sum !== 100) throw invalidArgument(`Traffic percentages must add up to 100, but they add up to ${sum}.`);
}

export interface ResolvedRoutes extends RoutesOutcome {
  statuses?: TrafficTargetStatus[];
}

/**
 * Resolves desired targets against revision readiness: LATEST follows `latestReady`, REVISION
 * targets need their revision Ready. Pending revisions keep routes pending; failed ones fail them.
 */
export function resolveTraffic(
  service: ServiceName,
  targets: readonly TrafficTarget[],
  revisionState: (name: string) => RevisionState | undefined,
  latestReady: string | undefined,
  latestCreatedState: RevisionState | undefined,
): ResolvedRoutes {
  const statuses: TrafficTargetStatus[] = [];
  let pending = false;
  for (const t of targets) {
    let revision: string;
    if (t.type === LATEST) {
      if (!latestReady) {
        if (latestCreatedState === "pending") {
          pending = true;
          continue;
        }
        return { state: "failed", message: "No revision of this service is ready to serve traffic." };
      }
      revision = latestReady;
    } else {
      revision = t.revision ?? "";
      const state = revisionState(revision);
      if (state === undefined) {
        return {
          state: "failed",
          message: `Revision '${revision}' does not exist or is deleted. Update all traffic to route to currently available revisions.`,
        };
      }
      if (state === "failed") {
        return { state: "failed", message: `Revision '${revision}' is not ready and cannot serve traffic.` };
      }
      if (state === "pending") {
        pending = true;
        continue;
      }
    }
    const status: TrafficTargetStatus = { type: t.type ?? LATEST, revision, percent: t.percent ?? 0 };
    if (t.tag) {
      status.tag = t.tag;
      status.uri = tagUri(service, t.tag);
    }
    statuses.push(status);
  }
  return pending ? { state: "pending" } : { state: "ok", statuses };
}

/** Names of revisions a traffic list points at (pinned or resolved), with or without percent. */
export function referencedRevisions(...lists: readonly (readonly TrafficTarget[])[]): Set<string> {
  const names = new Set<string>();
  for (const list of lists) for (const t of list) if (t.revision) names.add(t.revision);
  return names;
}
