// A promise-returning unary gRPC call with a timeout and an abort signal.
import { type CallOptions, type ClientUnaryCall, Metadata, type ServiceError } from "@grpc/grpc-js";

type UnaryMethod<Req, Res> = (
  request: Req,
  metadata: Metadata,
  options: Partial<CallOptions>,
  callback: (error: ServiceError | null, response: Res) => void,
) => ClientUnaryCall;

export interface UnaryOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** Calls one unary method of a grpc-js client as a promise; an abort cancels the call. */
export function callUnary<Req, Res>(method: UnaryMethod<Req, Res>, request: Req, options: UnaryOptions = {}) {
  return new Promise<Res>((resolve, reject) => {
    const { signal, timeoutMs } = options;
    if (signal?.aborted) {
      reject(signal.reason ?? new Error("aborted"));
      return;
    }
    const callOptions: Partial<CallOptions> = timeoutMs ? { deadline: Date.now() + timeoutMs } : {};
    const call = method(request, new Metadata(), callOptions, (error, response) => {
      signal?.removeEventListener("abort", onAbort);
      if (error) reject(error);
      else resolve(response);
    });
    const onAbort = () => call.cancel();
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
