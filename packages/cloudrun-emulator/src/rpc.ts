// The unary call wrapper: the journal and the fault script around every handler, errors mapped to gRPC status.
import * as grpc from "@grpc/grpc-js";
import { grpcCodeName, parseGrpcCode, RpcError } from "./errors.js";
import type { Faults } from "./faults.js";
import type { Journal } from "./journal.js";
import { type MethodName, requestResource, summarizeRequest, WRITE_METHODS } from "./methods.js";
import type { RpcStatus } from "./types.js";

/** Per-call context handed to handlers. */
export interface CallContext {
  /** Handlers set this when they changed emulator state. */
  applied: boolean;
  /** When set, the operation a write returns must end with this error (apply-then-fail on the operation). */
  operationError?: RpcStatus;
}

export type Request = Record<string, unknown>;
export type Handler = (request: Request, ctx: CallContext) => object | Promise<object>;

export interface RpcDeps {
  faults: Faults;
  journal: Journal;
  /** Bumps the etag of the service a resource name belongs to (bumpEtag faults). */
  bumpEtag(resource: string): void;
}

function faultMessage(method: MethodName, code: number, message: string | undefined): string {
  return message ?? `Injected fault: ${method} answered ${grpcCodeName(code)}.`;
}

function toServiceError(e: unknown): Partial<grpc.StatusObject> {
  if (e instanceof RpcError) return { code: e.code, details: e.message };
  const message = e instanceof Error ? e.message : String(e);
  return { code: grpc.status.INTERNAL, details: `emulator error: ${message}` };
}

/**
 * Wraps a handler with the journal and the fault script: stall → fail → handler →
 * apply-then-fail → bump etag. Every call, including failed and unimplemented ones, is journaled.
 */
export function unary(deps: RpcDeps, method: MethodName, handler: Handler): grpc.handleUnaryCall<Request, object> {
  return (call, callback) => {
    const request = call.request;
    const resource = requestResource(method, request);
    const mutating = WRITE_METHODS.has(method) && request.validateOnly !== true;
    const entry = deps.journal.begin(method, mutating, resource, summarizeRequest(request));
    const started = performance.now();
    const ctx: CallContext = { applied: false };
    const finish = (error: Partial<grpc.StatusObject> | null, response?: object) => {
      entry.code = grpcCodeName(error?.code ?? grpc.status.OK);
      if (error?.details) entry.message = error.details;
      entry.applied = ctx.applied;
      entry.durationMs = Math.round(performance.now() - started);
      if (error) callback(error);
      else callback(null, response);
    };
    const run = async (): Promise<object> => {
      const stall = deps.faults.take(method, "stall", resource);
      if (stall) {
        entry.faults.push("stall");
        await deps.faults.hold(stall, new Promise((resolve) => call.once("cancelled", () => resolve())));
        if (call.cancelled)
          throw new RpcError(grpc.status.CANCELLED, "The caller cancelled the call while it was stalled.");
      }
      const fail = deps.faults.take(method, "fail", resource);
      if (fail?.spec.kind === "fail") {
        entry.faults.push("fail");
        const code = parseGrpcCode(fail.spec.code);
        throw new RpcError(code, faultMessage(method, code, fail.spec.message));
      }
      const atf = deps.faults.peek(method, "applyThenFail", resource);
      let atfError: RpcStatus | undefined;
      if (atf?.spec.kind === "applyThenFail") {
        const code = parseGrpcCode(atf.spec.code);
        atfError = { code, message: faultMessage(method, code, atf.spec.message) };
        if (atf.spec.on === "operation") ctx.operationError = atfError;
      }
      const response = await handler(request, ctx);
      if (atf && atfError) {
        deps.faults.consume(atf);
        entry.faults.push("applyThenFail");
        if (!ctx.operationError) throw new RpcError(atfError.code, atfError.message);
      }
      if (resource && deps.faults.take(method, "bumpEtag", resource)) {
        entry.faults.push("bumpEtag");
        deps.bumpEtag(resource);
      }
      return response;
    };
    run().then(
      (response) => finish(null, response),
      (e: unknown) => finish(toServiceError(e)),
    );
  };
}
