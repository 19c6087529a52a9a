// The gRPC server the plugin listens on: message size and status-text limits, optional TLS.
import { readFileSync } from "node:fs";
import {
  type handleUnaryCall,
  type Server,
  ServerCredentials,
  type ServerUnaryCall,
  type ServerWritableStream,
  type ServiceDefinition,
  status,
  type UntypedHandleCall,
} from "@grpc/grpc-js";
import type { CallEnv } from "./deployment-service.js";
import { HostError, isHostError } from "./errors.js";
import type { Logger } from "./logger.js";
import type { RpcMetrics } from "./metrics.js";
import { boundText } from "./text-safety.js";

export interface ListenOptions {
  port: number;
  /** Default: loopback only (127.0.0.1 and ::1), which is what piped dials as `localhost`. */
  allInterfaces?: boolean;
  tls?: { certFile: string; keyFile: string };
}

type Handler<Req, Res> = (request: Req, env: CallEnv) => Promise<Res>;

/**
 * The largest request the server accepts. piped's largest requests carry two app.pipecd.yaml files
 * and a deployment; 4 MiB leaves room for those many times over, while a hostile request is refused
 * by grpc-js (RESOURCE_EXHAUSTED) before it is decoded.
 */
export const MAX_RECEIVE_MESSAGE_BYTES = 4 * 1024 * 1024;
/** Error texts sent in gRPC statuses are cut here: a huge status message stalls the connection. */
export const MAX_STATUS_MESSAGE_CHARS = 1_000;
/**
 * Planning, live state and plan preview requests handled at once; more wait in line. Each reads files
 * and parses YAML, so a burst of large ones would otherwise multiply memory use. ExecuteStage is
 * not limited: piped runs stages of different deployments in parallel and each waits on Cloud Run.
 */
export const MAX_CONCURRENT_HEAVY_CALLS = 4;

/** A counting semaphore: `run` waits for a free slot. */
export class ConcurrencyLimit {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly max: number) {}

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.max) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active += 1;
    try {
      return await fn();
    } finally {
      this.active -= 1;
      this.waiting.shift()?.();
    }
  }
}

export interface HandlerDeps {
  tracker: CallTracker;
  metrics: RpcMetrics;
  logger: Logger;
  /** Applied to error texts before they are logged or sent. */
  redact?: (text: string) => string;
  /** When set, calls of these method paths run within `heavyLimit`. */
  heavy?: { paths: ReadonlySet<string>; limit: ConcurrencyLimit };
}

/** Tracks in-flight calls so shutdown can abort them all. */
export class CallTracker {
  private readonly controllers = new Set<AbortController>();

  /** `onIdle` runs whenever the last call in flight ends; `onBusy` when a call starts. */
  constructor(private readonly hooks: { onBusy?: () => void; onIdle?: () => void } = {}) {}

  begin(): AbortController {
    const controller = new AbortController();
    this.controllers.add(controller);
    this.hooks.onBusy?.();
    return controller;
  }

  end(controller: AbortController): void {
    this.controllers.delete(controller);
    if (this.controllers.size === 0) this.hooks.onIdle?.();
  }

  abortAll(reason: string): void {
    for (const c of this.controllers) c.abort(new HostError("Cancelled", reason));
  }

  get size(): number {
    return this.controllers.size;
  }
}

/** Turns a promise handler into a grpc-js unary handler with cancellation, status mapping, metrics and logs. */
export function unaryHandler<Req, Res>(
  path: string,
  handler: Handler<Req, Res>,
  deps: HandlerDeps,
): handleUnaryCall<Req, Res> {
  const limit = deps.heavy?.paths.has(path) ? deps.heavy.limit : undefined;
  const run = limit ? (req: Req, env: CallEnv) => limit.run(() => handler(req, env)) : handler;
  return (call: ServerUnaryCall<Req, Res>, callback) => {
    const started = process.hrtime.bigint();
    const controller = deps.tracker.begin();
    call.on("cancelled", () => controller.abort(new HostError("Cancelled", "the call was cancelled by the caller")));
    const finish = (code: status, message?: string) => {
      deps.tracker.end(controller);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const codeName = status[code] ?? String(code);
      deps.metrics.observe(path, codeName, seconds);
      const fields = { method: path, code: codeName, durationMs: Math.round(seconds * 1000) };
      if (code === status.INTERNAL || code === status.UNKNOWN)
        deps.logger.error("handled a unary gRPC request", { ...fields, error: message });
      else deps.logger.info("handled a unary gRPC request", fields);
    };
    run(call.request, { signal: controller.signal }).then(
      (response) => {
        finish(status.OK);
        callback(null, response);
      },
      (error: unknown) => {
        const failure = isHostError(error) ? error : HostError.from(error);
        const message = boundText(
          deps.redact ? deps.redact(failure.message) : failure.message,
          MAX_STATUS_MESSAGE_CHARS,
        );
        finish(failure.grpcCode, message);
        callback({ code: failure.grpcCode, details: message });
      },
    );
  };
}

/** Registers a service whose methods we implement; methods left out answer UNIMPLEMENTED. */
export function addService(
  server: Server,
  definition: ServiceDefinition,
  handlers: Record<string, Handler<unknown, unknown>>,
  deps: HandlerDeps,
): void {
  const implementation: Record<string, UntypedHandleCall> = {};
  for (const [name, method] of Object.entries(definition)) {
    const handler = handlers[name];
    const details = `${method.path} is not implemented`;
    if (method.responseStream) {
      // Only unary methods are served; a streaming one (health Watch) ends at once.
      implementation[name] = (call: ServerWritableStream<unknown, unknown>) =>
        call.emit("error", { code: status.UNIMPLEMENTED, details });
    } else {
      implementation[name] = handler
        ? unaryHandler(method.path, handler, deps)
        : (((_call, callback) => callback({ code: status.UNIMPLEMENTED, details })) as handleUnaryCall<
            unknown,
            unknown
          >);
    }
  }
  server.addService(definition, implementation);
}

export async function listen(server: Server, options: ListenOptions, logger: Logger): Promise<string[]> {
  const credentials = options.tls
    ? ServerCredentials.createSsl(null, [
        { cert_chain: readFileSync(options.tls.certFile), private_key: readFileSync(options.tls.keyFile) },
      ])
    : ServerCredentials.createInsecure();
  const hosts = options.allInterfaces ? ["0.0.0.0", "[::]"] : ["127.0.0.1", "[::1]"];
  const bound: string[] = [];
  const errors: string[] = [];
  for (const host of hosts) {
    const address = `${host}:${options.port}`;
    try {
      await new Promise<number>((resolve, reject) =>
        server.bindAsync(address, credentials, (error, port) => (error ? reject(error) : resolve(port))),
      );
      bound.push(address);
    } catch (error) {
      errors.push(`${address}: ${(error as Error).message}`);
    }
  }
  // IPv6 may be missing on a host; one bound family is enough, none is fatal.
  if (bound.length === 0)
    throw new HostError("Unavailable", `cannot listen on port ${options.port}: ${errors.join("; ")}`);
  if (errors.length > 0) logger.debug("some listen addresses were not available", { errors });
  return bound;
}
