// google.cloud.run.v2.Revisions: Get, List and Delete with their refusals.
import { aborted, failedPrecondition, invalidArgument, notFound } from "./errors.js";
import { parseRevisionName, parseServiceName, type RevisionName } from "./names.js";
import { finishedOperation } from "./operations.js";
import { paginate } from "./paging.js";
import { loadProtos } from "./protos.js";
import { renderRevision } from "./render.js";
import type { Handler } from "./rpc.js";
import { serviceNotFound } from "./services.js";
import type { RevisionRecord, ServiceRecord, State } from "./store.js";

function revisionNotFound(rn: RevisionName): Error {
  return notFound(
    `Resource '${rn.revision}' of kind 'REVISION' in region '${rn.location}' in project '${rn.project}' does not exist.`,
  );
}

function lookup(state: State, name: unknown): { svc: ServiceRecord; rev: RevisionRecord; rn: RevisionName } {
  const rn = parseRevisionName(name as string | undefined);
  const svc = state.services.get(rn.name);
  const rev = svc?.revisions.get(rn.revision);
  if (!svc || !rev) throw revisionNotFound(rn);
  return { svc, rev, rn };
}

/** Why a revision may not be deleted: latest, tagged, or referenced by (desired or applied) traffic. */
function deletionBlocker(svc: ServiceRecord, rev: string): string | undefined {
  if (rev === svc.latestCreated || rev === svc.latestReady) {
    return `Revision '${rev}' cannot be deleted because it is the latest revision of service '${svc.id.service}'.`;
  }
  const targets = [...(svc.spec.traffic ?? []), ...svc.trafficStatuses].filter((t) => t.revision === rev);
  const tagged = targets.find((t) => t.tag);
  if (tagged) {
    return `Revision '${rev}' cannot be deleted because traffic tag '${tagged.tag}' points to it. Remove the tag first.`;
  }
  if (targets.length > 0) {
    return `Revision '${rev}' cannot be deleted because it is part of the traffic configuration of service '${svc.id.service}'. Only retired revisions can be deleted.`;
  }
  return undefined;
}

function getRevision(state: State): Handler {
  return (req) => {
    const { svc, rev } = lookup(state, req.name);
    return renderRevision(svc, rev);
  };
}

function listRevisions(state: State): Handler {
  return (req) => {
    const parent = typeof req.parent === "string" ? req.parent : "";
    if (!parent) throw invalidArgument("parent is required.");
    let services: ServiceRecord[];
    if (parent.endsWith("/services/-")) {
      const location = parent.slice(0, -"/services/-".length);
      parseServiceName(`${location}/services/x`);
      services = [...state.services.values()].filter((s) => s.id.name.startsWith(`${location}/services/`));
    } else {
      const id = parseServiceName(parent);
      const svc = state.services.get(id.name);
      if (!svc) throw serviceNotFound(id);
      services = [svc];
    }
    const all = services
      .flatMap((svc) => [...svc.revisions.values()].map((rev) => ({ svc, rev })))
      .sort((a, b) => b.rev.seq - a.rev.seq);
    const page = paginate(all, req.pageSize, req.pageToken, parent);
    return { revisions: page.items.map(({ svc, rev }) => renderRevision(svc, rev)), nextPageToken: page.nextPageToken };
  };
}

function deleteRevision(state: State): Handler {
  return (req, ctx) => {
    const { svc, rev, rn } = lookup(state, req.name);
    if (typeof req.etag === "string" && req.etag !== "" && req.etag !== rev.etag) {
      throw aborted(`The etag '${req.etag}' of revision '${rev.name}' is stale (current '${rev.etag}').`);
    }
    const blocker = deletionBlocker(svc, rev.name);
    if (blocker) throw failedPrecondition(blocker);
    const snapshot = loadProtos().encodeRevision(renderRevision(svc, rev, { deleteTime: Date.now() }));
    if (req.validateOnly !== true) {
      svc.revisions.delete(rev.name);
      state.cancel(rev.full);
      ctx.applied = true;
    }
    return finishedOperation(state, {
      kind: "revision",
      parent: `projects/${rn.project}/locations/${rn.location}`,
      target: rev.full,
      generation: svc.generation,
      forcedError: ctx.operationError,
      metadata: snapshot,
    });
  };
}

/** Handlers of `google.cloud.run.v2.Revisions`. */
export function revisionsHandlers(state: State): Record<string, Handler> {
  return {
    GetRevision: getRevision(state),
    ListRevisions: listRevisions(state),
    DeleteRevision: deleteRevision(state),
  };
}
