// Operation records: creation, completion and their wire form with Any-packed metadata and response.
import { randomUUID } from "node:crypto";
import { loadProtos } from "./protos.js";
import { renderService } from "./render.js";
import type { OperationRecord, State } from "./store.js";
import type { RpcStatus } from "./types.js";

const TYPE_URL = {
  service: "type.googleapis.com/google.cloud.run.v2.Service",
  revision: "type.googleapis.com/google.cloud.run.v2.Revision",
} as const;

export interface NewOperation {
  kind: OperationRecord["kind"];
  /** `projects/{p}/locations/{l}` the operation lives in. */
  parent: string;
  target: string;
  generation: number;
  waitRevision?: string;
  forcedError?: RpcStatus;
  /** Encoded Service/Revision for the metadata. */
  metadata: Buffer;
}

export function createOperation(state: State, init: NewOperation): OperationRecord {
  const op: OperationRecord = {
    name: `${init.parent}/operations/${randomUUID()}`,
    seq: state.nextSeq(),
    kind: init.kind,
    target: init.target,
    generation: init.generation,
    ...(init.waitRevision === undefined ? {} : { waitRevision: init.waitRevision }),
    ...(init.forcedError === undefined ? {} : { forcedError: init.forcedError }),
    done: false,
    metadata: init.metadata,
    waiters: new Set(),
  };
  state.operations.set(op.name, op);
  state.pendingOperations.add(op);
  return op;
}

/** Marks an operation done with a response or an error (a forced error always wins) and wakes waiters. */
export function completeOperation(
  state: State,
  op: OperationRecord,
  result: { response: Buffer } | { error: RpcStatus },
): void {
  if (op.done) return;
  state.pendingOperations.delete(op);
  op.done = true;
  if (op.forcedError) op.error = op.forcedError;
  else if ("error" in result) op.error = result.error;
  else op.response = result.response;
  if ("response" in result) op.metadata = result.response;
  for (const wake of op.waiters) wake();
  op.waiters.clear();
}

/** An operation done at once (deletes): its metadata and response are `metadata`; returns its wire form. */
export function finishedOperation(
  state: State,
  init: Omit<NewOperation, "waitRevision" | "forcedError"> & { forcedError: RpcStatus | undefined },
): Record<string, unknown> {
  const { forcedError, ...rest } = init;
  const op = createOperation(state, { ...rest, ...(forcedError === undefined ? {} : { forcedError }) });
  completeOperation(state, op, { response: init.metadata });
  return renderOperation(state, op);
}

/** The `google.longrunning.Operation` message; metadata of a running service operation is the live service. */
export function renderOperation(state: State, op: OperationRecord): Record<string, unknown> {
  let metadata = op.metadata;
  if (!op.done && op.kind === "service") {
    const rec = state.services.get(op.target);
    if (rec) metadata = loadProtos().encodeService(renderService(rec));
  }
  const typeUrl = TYPE_URL[op.kind];
  const out: Record<string, unknown> = {
    name: op.name,
    metadata: { type_url: typeUrl, value: metadata },
    done: op.done,
  };
  if (op.error) out.error = { code: op.error.code, message: op.error.message };
  else if (op.response) out.response = { type_url: typeUrl, value: op.response };
  return out;
}
