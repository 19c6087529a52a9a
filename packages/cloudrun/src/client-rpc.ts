/**
 * The RPC core of the Cloud Run client: lazy runtime, retried and abortable calls, permission
 * hints, and the service as last read (reused by traffic-only updates).
 */
import type { protos as runProtos } from "@google-cloud/run";
import { type ConnectionPlan, clientOptionsFor } from "./auth.js";
import { BoundedCache } from "./bounded-cache.js";
import type { ClientRetrySettings, CloudRunClientOptions } from "./client-options.js";
import { serviceFromApi } from "./convert.js";
import { abortError, CloudRunError, toCloudRunError } from "./errors.js";
import { type AttemptOptions, createRuntime, type IOperation, type IService, type Runtime } from "./gax-runtime.js";
import type { Service } from "./model.js";
import { DEFAULT_POLL, type PollSettings } from "./operation-wait.js";
import { RETRY_DEFAULTS, type RetryAttempt, type RetryInfo, retryPolicy, withRetry } from "./retry.js";

type GaxCallOptions = AttemptOptions & { retry: null };
const DEFAULT_RPC_TIMEOUT_MS = 30_000;
const DEFAULT_OPERATION_TIMEOUT_MS = 600_000;
/** Services whose last read is kept for `updateTraffic` (one per deployment in flight is plenty). */
const LAST_READ_LIMIT = 256;

/** Rejects with {@link abortError} as soon as `signal` aborts, whatever `promise` does. */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => {});
    return Promise.reject(abortError(signal));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      promise.catch(() => {});
      reject(abortError(signal));
    };
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

/** A signal that aborts with the parent's reason, or with `onTimeout()` after `timeoutMs`. */
export function withDeadline(
  parent: AbortSignal,
  timeoutMs: number,
  onTimeout: () => CloudRunError,
): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const forward = () => controller.abort(parent.reason);
  if (parent.aborted) forward();
  else parent.addEventListener("abort", forward, { once: true });
  const timer = setTimeout(() => controller.abort(onTimeout()), Math.max(0, timeoutMs));
  return {
    signal: controller.signal,
    dispose: () => {
      clearTimeout(timer);
      parent.removeEventListener("abort", forward);
    },
  };
}

/** The IAM permission each RPC needs, for actionable PERMISSION_DENIED messages. */
const REQUIRED_PERMISSION: Record<string, string> = {
  GetService: "run.services.get",
  UpdateService: "run.services.update (and run.services.create for a new service)",
  ListRevisions: "run.revisions.list",
  GetRevision: "run.revisions.get",
  DeleteRevision: "run.revisions.delete",
  GetOperation: "run.operations.get",
  WaitOperation: "run.operations.get",
};

/** Says which permission is missing and whose credentials were used (a path or ADC, never key material). */
function withPermissionHint(
  error: CloudRunError,
  method: string,
  resource: string,
  connection: ConnectionPlan,
): CloudRunError {
  const permission = REQUIRED_PERMISSION[method] ?? "a Cloud Run permission";
  const principal =
    connection.kind === "emulator"
      ? "the emulator's credentials"
      : connection.credentials.kind === "file"
        ? `the service account in ${connection.credentials.path}`
        : "the Application Default Credentials";
  const hint = `${principal} need ${permission} on ${resource}: grant roles/run.developer on the service (roles/run.viewer is enough for live state)`;
  return new CloudRunError("PermissionDenied", `${error.message}; ${hint}`, {
    cause: error.cause ?? error,
    ...(error.grpcCode === undefined ? {} : { grpcCode: error.grpcCode }),
  });
}

/**
 * One Cloud Run RPC core shared by the client's operations and waits: the lazily created runtime,
 * each call with the client's retry rule, per-attempt timeout and abort, and the service as last read.
 */
export class CloudRunRpc {
  readonly retry: ClientRetrySettings;
  readonly rpcTimeoutMs: number;
  readonly operationTimeoutMs: number;
  readonly poll: PollSettings;
  /** The raw service as last read, by full name. */
  readonly lastRead = new BoundedCache<string, IService>(LAST_READ_LIMIT);
  private runtime: Promise<Runtime> | undefined;
  private closed = false;

  constructor(
    readonly connection: ConnectionPlan,
    private readonly options: CloudRunClientOptions,
  ) {
    this.retry = { ...RETRY_DEFAULTS, ...options.retry };
    this.rpcTimeoutMs = options.rpcTimeoutMs ?? DEFAULT_RPC_TIMEOUT_MS;
    this.operationTimeoutMs = options.operationTimeoutMs ?? DEFAULT_OPERATION_TIMEOUT_MS;
    this.poll = { ...DEFAULT_POLL, ...options.poll };
  }

  rt(): Promise<Runtime> {
    if (this.closed) return Promise.reject(new CloudRunError("FailedPrecondition", "the Cloud Run client is closed"));
    if (!this.runtime) {
      const created = this.createRuntime();
      this.runtime = created;
      // A failed start (e.g. an unreadable credentials file) is not cached.
      created.catch(() => {
        if (this.runtime === created) this.runtime = undefined;
      });
    }
    return this.runtime;
  }

  private async createRuntime(): Promise<Runtime> {
    return createRuntime(await clientOptionsFor(this.connection, this.options.warn));
  }

  /** One RPC with the client's retry rule, per-attempt timeout and abort. */
  async call<T>(
    method: string,
    resource: string,
    kind: "read" | "mutation",
    signal: AbortSignal,
    fn: (options: GaxCallOptions, attempt: RetryAttempt) => Promise<T>,
  ): Promise<T> {
    const context = `${method} ${resource}`;
    const onRetry = this.options.onRetry;
    return withRetry(
      async (attempt) => {
        const timeout = Math.max(1, Math.min(this.rpcTimeoutMs, attempt.remainingMs));
        try {
          return await raceAbort(fn({ timeout, retry: null, signal }, attempt), signal);
        } catch (error) {
          if (signal.aborted) throw abortError(signal, context);
          const mapped = toCloudRunError(error, context);
          throw mapped.code === "PermissionDenied"
            ? withPermissionHint(mapped, method, resource, this.connection)
            : mapped;
        }
      },
      {
        ...this.retry,
        signal,
        shouldRetry: retryPolicy(kind),
        context,
        ...(onRetry ? { onRetry: (info: RetryInfo) => onRetry({ ...info, method, resource }) } : {}),
      },
    );
  }

  /**
   * One UpdateService with retries. A retry refused for its etag after an ambiguous failure may
   * mean the first attempt was applied (lost reply): that refusal is returned, not thrown, so the
   * caller can check the live service.
   */
  async sendUpdateService(
    rt: Runtime,
    name: string,
    request: object,
    signal: AbortSignal,
  ): Promise<{ operation: IOperation | undefined } | { refusedOnRetry: CloudRunError }> {
    let refusedOnRetry: CloudRunError | undefined;
    const sent = await this.call("UpdateService", name, "mutation", signal, async (o, attempt) => {
      try {
        return await rt.services.updateService(request as runProtos.google.cloud.run.v2.IUpdateServiceRequest, o);
      } catch (error) {
        const mapped = toCloudRunError(error, `UpdateService ${name}`);
        if (attempt.attempt > 1 && mapped.code === "Aborted") {
          refusedOnRetry = mapped;
          return undefined;
        }
        throw mapped;
      }
    });
    if (sent === undefined) return { refusedOnRetry: refusedOnRetry as CloudRunError };
    return { operation: sent[1] as IOperation | undefined };
  }

  /** GetService as the raw (unary, plain) object; throws NotFound. */
  async readService(name: string, signal: AbortSignal): Promise<IService> {
    const rt = await this.rt();
    const [service] = await this.call("GetService", name, "read", signal, (o) => rt.services.getService({ name }, o));
    this.lastRead.set(name, service);
    return service;
  }

  /** An `Any` holding a Service (operation response/metadata) → model. */
  decodeService(rt: Runtime, any: runProtos.google.protobuf.IAny | null | undefined): Service | undefined {
    const raw = rt.decodeService(any);
    return raw === undefined ? undefined : serviceFromApi(raw);
  }

  /** The service a finished operation reports, kept as the service last read (it is as current). */
  finishedService(rt: Runtime, name: string, done: IOperation): Service | undefined {
    const raw = rt.decodeService(done.response);
    if (raw === undefined) return undefined;
    this.lastRead.set(name, raw);
    return serviceFromApi(raw);
  }

  /** Closes the underlying gRPC channels. Later calls fail with `FailedPrecondition`. */
  async close(): Promise<void> {
    this.closed = true;
    const runtime = this.runtime;
    this.runtime = undefined;
    if (!runtime) return;
    const rt = await runtime.catch(() => undefined);
    this.lastRead.clear();
    if (rt) await rt.close();
  }
}
