/**
 * Which revisions live state reports (pure): the ones that serve (or are routed, by percent or by
 * tag) and the latest created and latest ready ones. A service keeps up to 1 000 revisions; the
 * others serve nothing and carry no tag, so they are history, not live state, and are not read.
 */
import { type Revision, type Service, shortName } from "@cr/cloudrun/pure";

/** Short ids of the revisions live state reads, without duplicates. */
export function liveRevisionIds(service: Service): string[] {
  const ids = new Set<string>();
  const add = (name: string | undefined) => {
    if (name) ids.add(shortName(name));
  };
  for (const target of [...(service.traffic ?? []), ...(service.trafficStatuses ?? [])]) {
    const latest = target.type === "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST" || !target.revision;
    add(latest ? service.latestReadyRevision : target.revision);
  }
  add(service.latestReadyRevision);
  add(service.latestCreatedRevision);
  return [...ids];
}

/** Newest first, as Cloud Run lists revisions (by creation time, then name). */
export function newestFirst(revisions: readonly Revision[]): Revision[] {
  return [...revisions].sort(
    (a, b) => (b.createTime ?? "").localeCompare(a.createTime ?? "") || b.name.localeCompare(a.name),
  );
}
