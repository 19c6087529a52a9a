// google.cloud.run.v2.Services: Create, Get, List, Update and Delete.
import { status } from "@grpc/grpc-js";
import { alreadyExists, invalidArgument, notFound } from "./errors.js";
import { parseParent, parseServiceName, type ServiceName, validateServiceId } from "./names.js";
import { completeOperation, createOperation, finishedOperation, renderOperation } from "./operations.js";
import { paginate } from "./paging.js";
import { loadProtos } from "./protos.js";
import { settleOperations } from "./reconcile.js";
import { renderService } from "./render.js";
import type { CallContext, Handler, Request } from "./rpc.js";
import { checkEtag, commitWrite, planWrite } from "./service-write.js";
import { applyUpdateMask, specFromRequest } from "./spec.js";
import type { ServiceRecord, State } from "./store.js";
import type { ServiceSpec } from "./types.js";

const parentOf = (id: ServiceName) => `projects/${id.project}/locations/${id.location}`;

export function serviceNotFound(id: ServiceName): Error {
  return notFound(
    `Resource '${id.service}' of kind 'SERVICE' in region '${id.location}' in project '${id.project}' does not exist.`,
  );
}

/** Validates and applies a desired Service, and returns the operation that tracks it. */
function write(
  state: State,
  id: ServiceName,
  existing: ServiceRecord | undefined,
  desired: ServiceSpec,
  validateOnly: boolean,
  ctx: CallContext,
): object {
  const plan = planWrite(id, existing, desired);
  const rec = commitWrite(state, id, existing, plan, { dryRun: validateOnly });
  const snapshot = loadProtos().encodeService(renderService(rec));
  const waitRevision = plan.newRevision ?? plan.reuse;
  const op = createOperation(state, {
    kind: "service",
    parent: parentOf(id),
    target: id.name,
    generation: rec.generation,
    ...(waitRevision === undefined || validateOnly ? {} : { waitRevision }),
    ...(ctx.operationError === undefined ? {} : { forcedError: ctx.operationError }),
    metadata: snapshot,
  });
  if (validateOnly) {
    completeOperation(state, op, { response: snapshot });
  } else {
    ctx.applied = plan.changed;
    settleOperations(state, rec);
  }
  return renderOperation(state, op);
}

function createService(state: State): Handler {
  return (req, ctx) => {
    const parent = parseParent(req.parent as string | undefined);
    const serviceId = validateServiceId(req.serviceId as string | undefined);
    const id = parseServiceName(`projects/${parent.project}/locations/${parent.location}/services/${serviceId}`);
    if (state.services.has(id.name)) throw alreadyExists(`Resource '${id.name}' already exists.`);
    return write(state, id, undefined, specFromRequest(req.service), req.validateOnly === true, ctx);
  };
}

function getService(state: State): Handler {
  return (req) => {
    const id = parseServiceName(req.name as string | undefined);
    const rec = state.services.get(id.name);
    if (!rec) throw serviceNotFound(id);
    return renderService(rec);
  };
}

function listServices(state: State): Handler {
  return (req) => {
    const { project, location } = parseParent(req.parent as string | undefined);
    const prefix = `projects/${project}/locations/${location}/services/`;
    const all = [...state.services.values()].filter((s) => s.id.name.startsWith(prefix)).sort((a, b) => b.seq - a.seq);
    const page = paginate(all, req.pageSize, req.pageToken, prefix);
    return { services: page.items.map((s) => renderService(s)), nextPageToken: page.nextPageToken };
  };
}

function updateService(state: State): Handler {
  return (req, ctx) => {
    const raw = req.service as Request | undefined;
    if (!raw) throw invalidArgument("service is required.");
    const id = parseServiceName(raw.name as string | undefined);
    const existing = state.services.get(id.name);
    if (!existing) {
      if (req.allowMissing !== true) throw serviceNotFound(id);
      validateServiceId(id.service);
    } else {
      checkEtag(existing, raw.etag as string | undefined);
    }
    let desired = specFromRequest(raw);
    const paths = (req.updateMask as { paths?: string[] } | undefined)?.paths ?? [];
    if (existing && paths.length > 0) desired = applyUpdateMask(existing.spec, desired, paths);
    return write(state, id, existing, desired, req.validateOnly === true, ctx);
  };
}

function deleteService(state: State): Handler {
  return (req, ctx) => {
    const id = parseServiceName(req.name as string | undefined);
    const rec = state.services.get(id.name);
    if (!rec) throw serviceNotFound(id);
    checkEtag(rec, req.etag as string | undefined);
    const snapshot = loadProtos().encodeService(renderService(rec, { deleteTime: Date.now() }));
    if (req.validateOnly !== true) {
      state.services.delete(id.name);
      for (const rev of rec.revisions.values()) state.cancel(rev.full);
      for (const pending of [...state.pendingOperations]) {
        if (pending.kind === "service" && pending.target === id.name) {
          completeOperation(state, pending, {
            error: { code: status.ABORTED, message: `Service '${id.name}' was deleted before the operation finished.` },
          });
        }
      }
      ctx.applied = true;
    }
    return finishedOperation(state, {
      kind: "service",
      parent: parentOf(id),
      target: id.name,
      generation: rec.generation,
      forcedError: ctx.operationError,
      metadata: snapshot,
    });
  };
}

/** Handlers of `google.cloud.run.v2.Services` (IAM methods are UNIMPLEMENTED). */
export function servicesHandlers(state: State): Record<string, Handler> {
  return {
    CreateService: createService(state),
    GetService: getService(state),
    ListServices: listServices(state),
    UpdateService: updateService(state),
    DeleteService: deleteService(state),
  };
}
