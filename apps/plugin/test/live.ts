// Reading what Cloud Run serves, for the end-to-end tests: traffic splits and the plugin's revision names.
import { revisionName, type Service, shortName } from "@cr/cloudrun";

/** A signal that never aborts, for the tests' own Cloud Run calls. */
export const signal: AbortSignal = new AbortController().signal;

/** The live traffic as `{revisionOrLATEST: percent}` plus tags, from traffic_statuses. */
export function trafficOf(service: Service | null) {
  return (service?.trafficStatuses ?? []).map((t) => ({
    revision: t.revision ? shortName(t.revision) : "LATEST",
    percent: t.percent ?? 0,
    ...(t.tag ? { tag: t.tag } : {}),
  }));
}

/** The percent each revision (or LATEST) serves, revisions at 0% left out. */
export function percentages(service: Service | null): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of trafficOf(service)) if (t.percent > 0) out[t.revision] = (out[t.revision] ?? 0) + t.percent;
  return out;
}

/** The deterministic name the plugin gives the revision of `image` deployed from `commit`. */
export function revisionFor(service: string, image: string, commit: string): string {
  const name = revisionName({ service, image, commit });
  if (!name.ok) throw new Error(name.error);
  return name.name;
}
