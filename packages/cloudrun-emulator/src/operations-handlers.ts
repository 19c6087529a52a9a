// google.longrunning.Operations: Get, Wait (bounded), List (paged) and Delete.
import { invalidArgument, notFound } from "./errors.js";
import { renderOperation } from "./operations.js";
import { paginate } from "./paging.js";
import type { Handler } from "./rpc.js";
import type { OperationRecord, State } from "./store.js";

/** WaitOperation's wait when the request gives no timeout (and its upper bound). */
export const MAX_WAIT_MS = 60_000;

function find(state: State, name: unknown): OperationRecord {
  if (typeof name !== "string" || name === "") throw invalidArgument("name is required.");
  const op = state.operations.get(name);
  if (!op) throw notFound(`Operation '${name}' does not exist.`);
  return op;
}

function durationMs(value: unknown): number {
  if (typeof value !== "object" || value === null) return MAX_WAIT_MS;
  const d = value as { seconds?: string | number; nanos?: number };
  const ms = Number(d.seconds ?? 0) * 1000 + Math.floor((d.nanos ?? 0) / 1_000_000);
  return Math.min(Math.max(ms, 0), MAX_WAIT_MS);
}

/** Handlers of `google.longrunning.Operations` (CancelOperation is UNIMPLEMENTED). */
export function operationsHandlers(state: State): Record<string, Handler> {
  return {
    GetOperation: (req) => renderOperation(state, find(state, req.name)),

    ListOperations: (req) => {
      const scope = typeof req.name === "string" ? req.name : "";
      const prefix = scope === "" ? "" : `${scope}/operations/`;
      const all = [...state.operations.values()]
        .filter((op) => op.name.startsWith(prefix))
        .sort((a, b) => b.seq - a.seq);
      const page = paginate(all, req.pageSize, req.pageToken, scope);
      return { operations: page.items.map((op) => renderOperation(state, op)), nextPageToken: page.nextPageToken };
    },

    DeleteOperation: (req) => {
      const op = find(state, req.name);
      state.operations.delete(op.name);
      state.pendingOperations.delete(op);
      for (const wake of op.waiters) wake();
      return {};
    },

    WaitOperation: async (req) => {
      const op = find(state, req.name);
      if (!op.done) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(done, durationMs(req.timeout));
          function done() {
            clearTimeout(timer);
            op.waiters.delete(done);
            resolve();
          }
          op.waiters.add(done);
        });
      }
      return renderOperation(state, op);
    },
  };
}
