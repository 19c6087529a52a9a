// One service write: etag check, whether it creates a revision, and committing it to the state.
import { aborted, alreadyExists } from "./errors.js";
import { generateRevisionName, newEtag, newUid, type ServiceName, validateRevisionName } from "./names.js";
import { reconcileService, startRevision } from "./reconcile.js";
import { deepCopy } from "./schema.js";
import { applyDefaults, specKey, templateKey, validateSpec } from "./spec.js";
import type { RevisionRecord, ServiceRecord, State } from "./store.js";
import { normalizeTraffic, validateTraffic } from "./traffic.js";
import type { RevisionTemplate, ServiceSpec } from "./types.js";

/** What accepting a desired Service would do. */
export interface WritePlan {
  spec: ServiceSpec;
  specKey: string;
  templateKey: string;
  /** Name of the revision to create, when the template changed. */
  newRevision?: string;
  /** Existing revision with an identical template that `template.revision` re-selects. */
  reuse?: string;
  /** Whether the desired state differs from what is stored (new generation, new etag). */
  changed: boolean;
}

/** Rejects a write whose etag does not match the stored one (AIP-154: ABORTED). */
export function checkEtag(rec: ServiceRecord, etag: string | undefined): void {
  if (etag && etag !== rec.etag) {
    throw aborted(
      `The etag '${etag}' of service '${rec.id.name}' is stale (current '${rec.etag}'): the resource was modified concurrently. Read it again and retry.`,
    );
  }
}

/**
 * Validates a desired Service against the stored one (if any) and decides whether it needs a new
 * revision: only a template change does. A `template.revision` naming an existing revision is
 * accepted only with an identical template (ALREADY_EXISTS otherwise) and creates nothing.
 */
export function planWrite(id: ServiceName, existing: ServiceRecord | undefined, desired: ServiceSpec): WritePlan {
  validateSpec(desired);
  const spec = applyDefaults(desired);
  const template = spec.template as RevisionTemplate;
  const key = templateKey(template);
  const requested = template.revision;
  if (requested !== undefined) validateRevisionName(id.service, requested);

  let newRevision: string | undefined;
  let reuse: string | undefined;
  const named = requested === undefined ? undefined : existing?.revisions.get(requested);
  if (named) {
    if (named.templateKey !== key) {
      throw alreadyExists(`Revision named '${requested}' with different configuration already exists.`);
    }
    if (named.name !== existing?.latestCreated) reuse = named.name;
  } else if (!existing || key !== existing.templateKey || requested !== existing.spec.template?.revision) {
    newRevision =
      requested ??
      generateRevisionName(
        id.service,
        (existing?.revisionCounter ?? 0) + 1,
        (n) => existing?.revisions.has(n) ?? false,
      );
  }

  spec.traffic = normalizeTraffic(id, spec.traffic);
  validateTraffic(id, spec.traffic, (name) => name === newRevision || (existing?.revisions.has(name) ?? false));
  const sKey = specKey(spec);
  const changed = !existing || sKey !== existing.specKey || newRevision !== undefined || reuse !== undefined;
  return {
    spec,
    specKey: sKey,
    templateKey: key,
    ...(newRevision === undefined ? {} : { newRevision }),
    ...(reuse === undefined ? {} : { reuse }),
    changed,
  };
}

function emptyRecord(state: State, id: ServiceName, now: number): ServiceRecord {
  return {
    id,
    uid: newUid(),
    seq: state.nextSeq(),
    createTime: now,
    updateTime: now,
    spec: {},
    specKey: "",
    templateKey: "",
    generation: 0,
    observedGeneration: 0,
    etag: newEtag(),
    revisionCounter: 0,
    revisions: new Map(),
    trafficStatuses: [],
    routes: { state: "pending" },
    reconciling: true,
    terminalCondition: { type: "Ready", state: "CONDITION_RECONCILING" },
    conditions: [],
  };
}

function newRevisionRecord(state: State, rec: ServiceRecord, name: string, now: number): RevisionRecord {
  const { revision: _name, ...template } = deepCopy(rec.spec.template ?? {});
  return {
    name,
    full: `${rec.id.name}/revisions/${name}`,
    uid: newUid(),
    seq: state.nextSeq(),
    createTime: now,
    updateTime: now,
    template,
    templateKey: rec.templateKey,
    launchStage: typeof rec.spec.launchStage === "string" ? rec.spec.launchStage : undefined,
    state: "pending",
    everServed: false,
    etag: newEtag(),
  };
}

/**
 * Applies a plan: stores the desired state, bumps generation and etag when it changed, creates
 * or re-selects the revision, and reconciles. With `dryRun` it works on a copy and schedules
 * nothing (validate_only). Returns the resulting record.
 */
export function commitWrite(
  state: State,
  id: ServiceName,
  existing: ServiceRecord | undefined,
  plan: WritePlan,
  options: { dryRun: boolean },
): ServiceRecord {
  const now = Date.now();
  const rec = existing ? (options.dryRun ? structuredClone(existing) : existing) : emptyRecord(state, id, now);
  if (plan.changed) {
    rec.generation += 1;
    rec.etag = newEtag();
    rec.updateTime = now;
  }
  rec.spec = plan.spec;
  rec.specKey = plan.specKey;
  rec.templateKey = plan.templateKey;
  if (plan.newRevision !== undefined) {
    const rev = newRevisionRecord(state, rec, plan.newRevision, now);
    rec.revisionCounter += 1;
    rec.revisions.set(rev.name, rev);
    rec.latestCreated = rev.name;
    if (!options.dryRun) startRevision(state, rec, rev);
  } else if (plan.reuse !== undefined) {
    rec.latestCreated = plan.reuse;
  }
  if (options.dryRun) {
    if (plan.changed) rec.reconciling = true;
    return rec;
  }
  if (!existing) state.services.set(id.name, rec);
  reconcileService(state, rec, now);
  return rec;
}
