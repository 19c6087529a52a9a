/**
 * The Cloud Run Admin API v2 client: plain-model operations over `@google-cloud/run` with
 * classified retries, bounded and abortable waits, and one error type.
 *
 * - `@google-cloud/run` (and grpc-js, google-auth-library) are imported on the first call, not when
 *   this module loads.
 * - Every operation takes an `AbortSignal`. It cancels the in-flight RPC (google-gax `signal`) and
 *   every backoff/poll sleep; the operation then rejects with `Cancelled` at once.
 * - google-gax's own retries are switched off (`retry: null`); retries are done by `withRetry`
 *   with the rule documented in `retry.ts`. Each attempt has a timeout (`rpcTimeoutMs`).
 * - Long-running operations are waited on here (WaitOperation, see `operation-wait.ts`) with a
 *   deadline (`operationTimeoutMs`), not by google-gax's default LRO backoff (up to 60 s between
 *   polls, no deadline).
 * - `updateTraffic` reuses the service as last read when the caller's etag still matches it, so a
 *   stage that just read the service does not read it again.
 * - Results are always the plain model (`model.ts`), never protobuf classes.
 */

import type { DeployTargetConfig } from "@cr/config";
import type { protos as runProtos } from "@google-cloud/run";
import { type ConnectionPlan, clientOptionsFor, planConnection } from "./auth.js";
import { BoundedCache } from "./bounded-cache.js";
import { revisionFromApi, serviceFromApi, serviceToApi, trafficToApi } from "./convert.js";
import { abortError, CloudRunError, codeFromGrpcStatus, toCloudRunError } from "./errors.js";
import { type AttemptOptions, createRuntime, type IOperation, type IService, type Runtime } from "./gax-runtime.js";
import type { Revision, Service, TrafficTarget } from "./model.js";
import { shortName } from "./model.js";
import { DEFAULT_POLL, nextDelay, type PollSettings, waitForOperation } from "./operation-wait.js";
import {
  assessRevisionReadiness,
  assessServiceReadiness,
  conditionReason,
  type ReadinessAssessment,
} from "./readiness.js";
import { parseRevisionName, parseServiceName, revisionPath, servicePath } from "./resource-names.js";
import { RETRY_DEFAULTS, type RetryAttempt, type RetryInfo, retryPolicy, sleep, withRetry } from "./retry.js";

export type { PollSettings };

type GaxCallOptions = AttemptOptions & { retry: null };

export interface ClientRetrySettings {
  maxAttempts: number;
  maxElapsedMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
  random?: () => number;
}

export interface CloudRunClientOptions {
  /** Environment to read `CLOUD_RUN_EMULATOR_HOST` from. Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Retry bounds for each RPC (see `retry.ts`). Defaults: 5 attempts, 60 s, 250 ms → 10 s. */
  retry?: Partial<ClientRetrySettings>;
  /** Timeout of one RPC attempt. Default 30 000 ms. */
  rpcTimeoutMs?: number;
  /** Deadline for a mutation's long-running operation, unless a call sets `timeoutMs`. Default 600 000 ms. */
  operationTimeoutMs?: number;
  /** Polling of operations and of `waitUntilReady`. */
  poll?: Partial<PollSettings>;
  /** Called before each retry (e.g. to count retries in the stage log). */
  onRetry?: (info: RetryInfo & { method: string; resource: string }) => void;
  /** Non-fatal warnings (e.g. a credentials file readable by others). */
  warn?: (message: string) => void;
}

export interface CallOptions {
  signal: AbortSignal;
}

export interface MutationOptions extends CallOptions {
  /** Deadline for the long-running operation. Default: the client's `operationTimeoutMs`. */
  timeoutMs?: number;
}

export interface CreateOrUpdateOptions extends MutationOptions {
  /** Sent for optimistic concurrency (a stale one fails with `Aborted`). Default: `service.etag`. */
  etag?: string;
  /** Validate and default the service on the server without persisting it. */
  validateOnly?: boolean;
  /**
   * Wait for the operation to finish (default true; with Cloud Run that means the new revision is
   * ready and traffic is routed). With false, the service as accepted is returned at once; follow
   * up with `waitUntilReady`.
   */
  waitForOperation?: boolean;
}

export interface UpdateTrafficOptions extends MutationOptions {
  /** The etag the traffic plan was made from; when the live service has another, nothing is sent and `Aborted` is thrown. */
  etag?: string;
}

export interface RevisionOptions extends CallOptions {
  /** The service of a short revision id (not needed for a full revision name). */
  service?: string;
}

export interface DeleteRevisionOptions extends MutationOptions {
  service?: string;
  etag?: string;
}

export interface ListRevisionsOptions extends CallOptions {
  /** Page size of each ListRevisions call (the server's default when absent). */
  pageSize?: number;
}

export interface ReadinessProgress extends ReadinessAssessment {
  service: Service;
  elapsedMs: number;
}

export interface WaitUntilReadyOptions extends CallOptions {
  timeoutMs: number;
  /** Called after each poll whose summary differs from the previous one. */
  onProgress?: (progress: ReadinessProgress) => void;
}

const DEFAULT_RPC_TIMEOUT_MS = 30_000;
const DEFAULT_OPERATION_TIMEOUT_MS = 600_000;
/** Services whose last read is kept for `updateTraffic` (one per deployment in flight is plenty). */
const LAST_READ_LIMIT = 256;

/** Rejects with {@link abortError} as soon as `signal` aborts, whatever `promise` does. */
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
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
function withDeadline(
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

/** Same traffic entries, ignoring order, revision path prefixes, absent-vs-zero fields and an unspecified type. */
function sameTraffic(a: readonly TrafficTarget[], b: readonly TrafficTarget[]): boolean {
  const typeOf = (t: TrafficTarget) =>
    t.type === "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST" || t.type === "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION"
      ? t.type
      : t.revision
        ? "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION"
        : "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST";
  const key = (t: TrafficTarget) =>
    JSON.stringify([
      typeOf(t),
      t.revision && typeOf(t) === "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION" ? shortName(t.revision) : "",
      t.percent ?? 0,
      t.tag ?? "",
    ]);
  const sorted = (list: readonly TrafficTarget[]) => list.map(key).sort().join("\n");
  return a.length === b.length && sorted(a) === sorted(b);
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

export class CloudRunClient {
  readonly project: string;
  readonly region: string;
  /** Where the client connects (no secrets: a credentials file appears by path only). */
  readonly connection: ConnectionPlan;
  private readonly retry: ClientRetrySettings;
  private readonly rpcTimeoutMs: number;
  private readonly operationTimeoutMs: number;
  private readonly poll: PollSettings;
  private readonly options: CloudRunClientOptions;
  private runtime: Promise<Runtime> | undefined;
  /** The raw service as last read, by full name. */
  private readonly lastRead = new BoundedCache<string, IService>(LAST_READ_LIMIT);
  private closed = false;

  constructor(target: DeployTargetConfig, options: CloudRunClientOptions = {}) {
    this.project = target.project;
    this.region = target.region;
    this.connection = planConnection(target, options.env ?? process.env);
    this.options = options;
    this.retry = { ...RETRY_DEFAULTS, ...options.retry };
    this.rpcTimeoutMs = options.rpcTimeoutMs ?? DEFAULT_RPC_TIMEOUT_MS;
    this.operationTimeoutMs = options.operationTimeoutMs ?? DEFAULT_OPERATION_TIMEOUT_MS;
    this.poll = { ...DEFAULT_POLL, ...options.poll };
  }

  // ------------------------------------------------------------------------------------------
  // Names
  // ------------------------------------------------------------------------------------------

  /** Full name of a service of this client's project and region. */
  servicePath(service: string): string {
    return servicePath(this.project, this.region, service);
  }

  /** Full name of a revision of this client's project and region. */
  revisionPath(service: string, revision: string): string {
    return revisionPath(this.project, this.region, service, revision);
  }

  /** A full service name as is (validated), or a service id in this client's project and region. */
  resolveServiceName(nameOrId: string): string {
    if (!nameOrId.includes("/")) return this.servicePath(nameOrId);
    if (!parseServiceName(nameOrId)) {
      throw new CloudRunError("InvalidArgument", `not a Cloud Run service name: ${JSON.stringify(nameOrId)}`);
    }
    return nameOrId;
  }

  /** A full revision name as is (validated), or a revision id of `service`. */
  resolveRevisionName(nameOrId: string, service?: string): string {
    if (nameOrId.includes("/")) {
      if (!parseRevisionName(nameOrId)) {
        throw new CloudRunError("InvalidArgument", `not a Cloud Run revision name: ${JSON.stringify(nameOrId)}`);
      }
      return nameOrId;
    }
    if (service === undefined) {
      throw new CloudRunError(
        "InvalidArgument",
        `revision ${JSON.stringify(nameOrId)} is a short id; pass its service or a full revision name`,
      );
    }
    const serviceName = this.resolveServiceName(service);
    return `${serviceName}/revisions/${nameOrId}`;
  }

  // ------------------------------------------------------------------------------------------
  // Operations
  // ------------------------------------------------------------------------------------------

  /** The service, or null when it does not exist. */
  async getService(name: string, options: CallOptions): Promise<Service | null> {
    const full = this.resolveServiceName(name);
    try {
      return serviceFromApi(await this.readService(full, options.signal));
    } catch (error) {
      if (toCloudRunError(error).code === "NotFound") return null;
      throw error;
    }
  }

  /**
   * Creates the service when missing, else replaces its desired state (UpdateService with
   * `allow_missing=true`), sending `etag` when known. `service.name` may be a service id or a full
   * name. Waits for the operation unless `waitForOperation` is false, and returns the service.
   */
  async createOrUpdateService(service: Service, options: CreateOrUpdateOptions): Promise<Service> {
    if (!service.name) throw new CloudRunError("InvalidArgument", "the service has no name");
    const name = this.resolveServiceName(service.name);
    const body = serviceToApi(service);
    body.name = name;
    const etag = options.etag ?? service.etag;
    if (etag) body.etag = etag;
    else delete body.etag;
    const request = { service: body, allowMissing: true, validateOnly: options.validateOnly === true };
    const rt = await this.rt();
    const sent = await this.sendUpdateService(rt, name, request, options.signal);
    if ("refusedOnRetry" in sent) return this.recognizeAppliedService(name, service, sent.refusedOnRetry, options);
    const op = sent.operation;
    if (options.waitForOperation === false && !op?.done) {
      const accepted = this.decodeService(rt, op?.metadata);
      return accepted ?? ((await this.getService(name, options)) as Service);
    }
    const done = await this.awaitOperation(rt, "service", "UpdateService", name, op, options);
    // A validate-only reply was not stored: it is no service as read.
    const finished = options.validateOnly
      ? this.decodeService(rt, done.response)
      : this.finishedService(rt, name, done);
    const result = finished ?? this.decodeService(rt, done.metadata);
    if (result) return result;
    if (options.validateOnly) return service;
    return (await this.getService(name, options)) ?? service;
  }

  /**
   * Lost reply (G1) on create-or-update: the retry was refused for its etag, so the first attempt
   * may have been applied. Revision names are immutable per template, so when the live service
   * runs the requested named revision with the requested traffic, it is our write; otherwise the
   * refusal stands. (Generated revision names cannot be recognised.)
   */
  private async recognizeAppliedService(
    name: string,
    requested: Service,
    refusal: CloudRunError,
    options: CreateOrUpdateOptions,
  ): Promise<Service> {
    const wanted = requested.template?.revision;
    if (!wanted) throw refusal;
    const live = serviceFromApi(await this.readService(name, options.signal));
    const sameRevision =
      live.template?.revision !== undefined && shortName(live.template.revision) === shortName(wanted);
    const trafficMatches = !requested.traffic?.length || sameTraffic(live.traffic ?? [], requested.traffic);
    if (!sameRevision || !trafficMatches) throw refusal;
    if (options.waitForOperation === false) return live;
    return this.waitUntilReady(name, {
      signal: options.signal,
      timeoutMs: options.timeoutMs ?? this.operationTimeoutMs,
    });
  }

  /**
   * Changes only the traffic of an existing service: reads it, and sends it back exactly as read
   * except for `traffic` (with `update_mask=traffic` and the etag), so no revision is created.
   * When `etag` is given and the live service has another, nothing changes (`Aborted`): a fresh read
   * refuses before sending; the service as last read (reused when it carries `etag`) goes out with
   * that etag and Cloud Run refuses it.
   *
   * Lost reply: when a retry (after `Unavailable`) is refused with `Aborted` because the first
   * attempt was in fact applied, the service is re-read; if its traffic is exactly the requested
   * one, that service is returned (its operation is not awaited: read `trafficStatuses` or call
   * `waitUntilReady` to see the routing applied); otherwise the `Aborted` error is thrown.
   */
  async updateTraffic(
    serviceName: string,
    traffic: readonly TrafficTarget[],
    options: UpdateTrafficOptions,
  ): Promise<Service> {
    const name = this.resolveServiceName(serviceName);
    const cached = options.etag === undefined ? undefined : this.lastRead.get(name);
    const current =
      cached !== undefined && cached.etag === options.etag ? cached : await this.readService(name, options.signal);
    this.lastRead.delete(name);
    const liveEtag = typeof current.etag === "string" ? current.etag : undefined;
    if (options.etag !== undefined && liveEtag !== options.etag) {
      throw new CloudRunError(
        "Aborted",
        `UpdateService ${name}: the service changed since it was read (etag ${options.etag}, now ${liveEtag ?? "none"}); re-read it and plan again`,
      );
    }
    const body = { ...current, traffic: trafficToApi(traffic), ...(liveEtag ? { etag: liveEtag } : {}) };
    const request = { service: body, updateMask: { paths: ["traffic"] } };
    const rt = await this.rt();
    const sent = await this.sendUpdateService(rt, name, request, options.signal);
    if ("refusedOnRetry" in sent) {
      // Lost reply (G1): succeed only when the live traffic is exactly what was asked for.
      const live = serviceFromApi(await this.readService(name, options.signal));
      if (sameTraffic(live.traffic ?? [], traffic)) return live;
      throw sent.refusedOnRetry;
    }
    const done = await this.awaitOperation(rt, "service", "UpdateService", name, sent.operation, options);
    return this.finishedService(rt, name, done) ?? serviceFromApi(await this.readService(name, options.signal));
  }

  /** The revision, or null when it does not exist. */
  async getRevision(name: string, options: RevisionOptions): Promise<Revision | null> {
    const full = this.resolveRevisionName(name, options.service);
    const rt = await this.rt();
    try {
      const [revision] = await this.call("GetRevision", full, "read", options.signal, (o) =>
        rt.revisions.getRevision({ name: full }, o),
      );
      return revisionFromApi(revision);
    } catch (error) {
      if (toCloudRunError(error).code === "NotFound") return null;
      throw error;
    }
  }

  /** Every revision of the service (all pages, newest first as the API orders them). */
  async listRevisions(serviceName: string, options: ListRevisionsOptions): Promise<Revision[]> {
    const parent = this.resolveServiceName(serviceName);
    const rt = await this.rt();
    const out: Revision[] = [];
    const seen = new Set<string>();
    let pageToken = "";
    do {
      const request = { parent, pageToken, ...(options.pageSize ? { pageSize: options.pageSize } : {}) };
      const [revisions, , response] = await this.call("ListRevisions", parent, "read", options.signal, (o) =>
        rt.revisions.listRevisions(request, { ...o, autoPaginate: false }),
      );
      for (const revision of revisions) out.push(revisionFromApi(revision));
      pageToken = response?.nextPageToken ?? "";
      if (pageToken !== "" && seen.has(pageToken)) {
        throw new CloudRunError("Internal", `ListRevisions ${parent}: the server repeated a page token`);
      }
      seen.add(pageToken);
    } while (pageToken !== "");
    return out;
  }

  /**
   * Deletes a revision and waits for the operation. Only retired revisions can be deleted
   * (`FailedPrecondition` otherwise). `NotFound` on a retry after an ambiguous failure counts as
   * deleted.
   */
  async deleteRevision(name: string, options: DeleteRevisionOptions): Promise<void> {
    const full = this.resolveRevisionName(name, options.service);
    const rt = await this.rt();
    const request = { name: full, ...(options.etag ? { etag: options.etag } : {}) };
    const result = await this.call("DeleteRevision", full, "mutation", options.signal, async (o, attempt) => {
      try {
        return await rt.revisions.deleteRevision(request, o);
      } catch (error) {
        if (attempt.attempt > 1 && toCloudRunError(error).code === "NotFound") return undefined;
        throw error;
      }
    });
    if (result === undefined) return;
    await this.awaitOperation(rt, "revision", "DeleteRevision", full, result[1] as IOperation | undefined, options);
  }

  /**
   * Polls the service until it is ready (see `readiness.ts`), and returns it. A definitive
   * `Ready=False` fails at once with `FailedPrecondition`, the condition's reason and message (the
   * latest created revision's own `Ready` condition is preferred when it has failed). The deadline
   * gives `DeadlineExceeded`; an abort gives `Cancelled`; a missing service `NotFound`.
   */
  async waitUntilReady(serviceName: string, options: WaitUntilReadyOptions): Promise<Service> {
    const name = this.resolveServiceName(serviceName);
    const started = performance.now();
    let last: ReadinessAssessment | undefined;
    const deadline = withDeadline(
      options.signal,
      options.timeoutMs,
      () =>
        new CloudRunError(
          "DeadlineExceeded",
          `${shortName(name)} was not ready within ${options.timeoutMs} ms (${last?.summary ?? "not read yet"})`,
        ),
    );
    try {
      let delay = this.poll.initialMs;
      for (;;) {
        const service = serviceFromApi(await this.readService(name, deadline.signal));
        const assessment = assessServiceReadiness(service);
        if (assessment.summary !== last?.summary) {
          options.onProgress?.({ ...assessment, service, elapsedMs: Math.round(performance.now() - started) });
        }
        last = assessment;
        if (assessment.state === "ready") return service;
        if (assessment.state === "failed") throw await this.readinessFailure(service, assessment, deadline.signal);
        await sleep(delay, deadline.signal);
        delay = nextDelay(delay, this.poll);
      }
    } catch (error) {
      if (deadline.signal.aborted) throw abortError(deadline.signal);
      throw error;
    } finally {
      deadline.dispose();
    }
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

  // ------------------------------------------------------------------------------------------
  // Internals
  // ------------------------------------------------------------------------------------------

  private rt(): Promise<Runtime> {
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
  private async call<T>(
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
  private async sendUpdateService(
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
  private async readService(name: string, signal: AbortSignal): Promise<IService> {
    const rt = await this.rt();
    const [service] = await this.call("GetService", name, "read", signal, (o) => rt.services.getService({ name }, o));
    this.lastRead.set(name, service);
    return service;
  }

  /** An `Any` holding a Service (operation response/metadata) → model. */
  private decodeService(rt: Runtime, any: runProtos.google.protobuf.IAny | null | undefined): Service | undefined {
    const raw = rt.decodeService(any);
    return raw === undefined ? undefined : serviceFromApi(raw);
  }

  /** The service a finished operation reports, kept as the service last read (it is as current). */
  private finishedService(rt: Runtime, name: string, done: IOperation): Service | undefined {
    const raw = rt.decodeService(done.response);
    if (raw === undefined) return undefined;
    this.lastRead.set(name, raw);
    return serviceFromApi(raw);
  }

  /**
   * Waits for a long-running operation until done, within `timeoutMs`; an operation that ends in
   * error becomes a CloudRunError (with the failed revision's reason when it can be read).
   */
  private async awaitOperation(
    rt: Runtime,
    kind: "service" | "revision",
    method: string,
    resource: string,
    initial: IOperation | undefined,
    options: MutationOptions,
  ): Promise<IOperation> {
    if (!initial?.name && !initial?.done) {
      throw new CloudRunError("Internal", `${method} ${resource}: the server returned no operation`);
    }
    const timeoutMs = options.timeoutMs ?? this.operationTimeoutMs;
    const operationName = initial.name ?? "";
    const deadline = withDeadline(
      options.signal,
      timeoutMs,
      () =>
        new CloudRunError(
          "DeadlineExceeded",
          `${method} ${resource}: operation ${shortName(operationName)} did not finish within ${timeoutMs} ms`,
        ),
    );
    let op: IOperation;
    try {
      op = await waitForOperation(initial, {
        operationName,
        signal: deadline.signal,
        deadlineAt: performance.now() + timeoutMs,
        rpcTimeoutMs: this.rpcTimeoutMs,
        poll: this.poll,
        call: (rpc, fn) => this.call(rpc, operationName, "read", deadline.signal, fn),
        wait: (waitMs, o) => rt.waitOperation(operationName, waitMs, o),
        get: (o) => rt.getOperation(operationName, o),
      });
    } catch (error) {
      if (deadline.signal.aborted) throw abortError(deadline.signal);
      throw error;
    } finally {
      deadline.dispose();
    }
    if (op.error) throw await this.operationFailure(rt, kind, method, resource, op, options.signal);
    return op;
  }

  private async operationFailure(
    rt: Runtime,
    kind: "service" | "revision",
    method: string,
    resource: string,
    op: IOperation,
    signal: AbortSignal,
  ): Promise<CloudRunError> {
    const status = op.error ?? {};
    const grpcCode = typeof status.code === "number" ? status.code : 2;
    const code = codeFromGrpcStatus(grpcCode) ?? "Internal";
    const text = status.message || "the operation failed";
    let reason: string | undefined;
    if (kind === "service" && !signal.aborted) {
      const service = this.decodeService(rt, op.metadata);
      reason =
        (await this.failedRevisionReadiness(service, signal))?.reason ?? conditionReason(service?.terminalCondition);
    }
    return new CloudRunError(code, `${method} ${resource}: ${text}`, {
      grpcCode,
      afterAccepted: true,
      ...(reason ? { reason } : {}),
    });
  }

  /** The latest created revision's assessment when it has failed (best effort, one attempt). */
  private async failedRevisionReadiness(
    service: Service | undefined,
    signal: AbortSignal,
  ): Promise<ReadinessAssessment | undefined> {
    const latest = service?.latestCreatedRevision;
    if (!latest || !parseRevisionName(latest)) return undefined;
    try {
      const rt = await this.rt();
      const [revision] = await raceAbort(
        rt.revisions.getRevision({ name: latest }, { timeout: Math.min(this.rpcTimeoutMs, 5000), retry: null, signal }),
        signal,
      );
      const assessment = assessRevisionReadiness(revisionFromApi(revision));
      return assessment.state === "failed" ? assessment : undefined;
    } catch {
      return undefined;
    }
  }

  private async readinessFailure(
    service: Service,
    assessment: ReadinessAssessment,
    signal: AbortSignal,
  ): Promise<CloudRunError> {
    const revision = await this.failedRevisionReadiness(service, signal);
    const reason = revision?.reason ?? assessment.reason;
    const message = revision?.message ?? assessment.message ?? "no message";
    const subject = service.latestCreatedRevision
      ? `${shortName(service.name ?? "")} (revision ${shortName(service.latestCreatedRevision)})`
      : shortName(service.name ?? "");
    return new CloudRunError("FailedPrecondition", `${subject} is not ready: ${reason ?? "UNKNOWN"}: ${message}`, {
      ...(reason ? { reason } : {}),
    });
  }
}

/** A client for one deploy target (`{project, region, credentialsFile?, endpoint?}`) and the environment. */
export function createCloudRunClient(target: DeployTargetConfig, options: CloudRunClientOptions = {}): CloudRunClient {
  return new CloudRunClient(target, options);
}
