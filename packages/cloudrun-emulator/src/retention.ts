// The per-service revision cap: the oldest revisions that serve nothing are removed past it.
import type { ServiceRecord, State } from "./store.js";
import { referencedRevisions } from "./traffic.js";

/**
 * Cloud Run keeps at most `maxRevisionsPerService` revisions per service: past the cap, the oldest
 * revisions that serve nothing, carry no tag, are not the latest created or ready one and are not
 * still starting are removed. Runs whenever the service reconciles, like Cloud Run's background clean-up.
 */
export function enforceRevisionCap(state: State, rec: ServiceRecord): void {
  const cap = state.options.maxRevisionsPerService;
  if (rec.revisions.size <= cap) return;
  const keep = referencedRevisions(rec.spec.traffic ?? [], rec.trafficStatuses);
  for (const name of [rec.latestCreated, rec.latestReady]) if (name) keep.add(name);
  for (const rev of [...rec.revisions.values()]) {
    if (rec.revisions.size <= cap) break;
    if (keep.has(rev.name) || rev.state === "pending") continue;
    rec.revisions.delete(rev.name);
    state.cancel(rev.full);
  }
}
