/**
 * The Cloud Run Admin API v2 client: plain-model operations over `@google-cloud/run` with
 * classified retries, bounded and abortable waits, and one error type. The RPC core (runtime, retried
 * calls, last read) is in client-rpc.ts, the waits in client-waits.ts, the options in client-options.ts.
 *
 * - `@google-cloud/run` (and grpc-js, google-auth-library) are imported on the first call, not when
 *   this module loads.
 * - Every operation takes an `AbortSignal`. It cancels the in-flight RPC (google-gax `signal`) and
 *   every backoff/poll sleep; the operation then rejects with `Cancelled` at once.
 * - google-gax's own retries are switched off (`retry: null`); retries are done by `withRetry`
 *   with the rule documented in `retry.ts`. Each attempt has a timeout (`rpcTimeoutMs`).
 * - Long-running operations are waited on in client-waits.ts (WaitOperation, see `operation-wait.ts`) with a
 *   deadline (`operationTimeoutMs`), not by google-gax's default LRO backoff (up to 60 s between
 *   polls, no deadline).
 * - `updateTraffic` reuses the service as last read when the caller's etag still matches it, so a
 *   stage that just read the service does not read it again.
 * - Results are always the plain model (`model.ts`), never protobuf classes.
 */

import type { DeployTargetConfig } from "@cr/config";
import { type ConnectionPlan, planConnection } from "./auth.js";
import type {
  CallOptions,
  CloudRunClientOptions,
  CreateOrUpdateOptions,
  DeleteRevisionOptions,
  ListRevisionsOptions,
  RevisionOptions,
  UpdateTrafficOptions,
  WaitUntilReadyOptions,
} from "./client-options.js";
import { CloudRunRpc } from "./client-rpc.js";
import { awaitOperation, waitUntilServiceReady } from "./client-waits.js";
import { revisionFromApi, serviceFromApi, serviceToApi, trafficToApi } from "./convert.js";
import { CloudRunError, toCloudRunError } from "./errors.js";
import type { IOperation } from "./gax-runtime.js";
import type { Revision, Service, TrafficTarget } from "./model.js";
import { shortName } from "./model.js";
import { parseRevisionName, parseServiceName, revisionPath, servicePath } from "./resource-names.js";

export type {
  CallOptions,
  ClientRetrySettings,
  CloudRunClientOptions,
  CreateOrUpdateOptions,
  DeleteRevisionOptions,
  ListRevisionsOptions,
  MutationOptions,
  PollSettings,
  ReadinessProgress,
  RevisionOptions,
  UpdateTrafficOptions,
  WaitUntilReadyOptions,
} from "./client-options.js";

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

/** A Cloud Run client for one project and region; every method returns the plain model. */
export class CloudRunClient {
  readonly project: string;
  readonly region: string;
  /** Where the client connects (no secrets: a credentials file appears by path only). */
  readonly connection: ConnectionPlan;
  private readonly rpc: CloudRunRpc;

  constructor(target: DeployTargetConfig, options: CloudRunClientOptions = {}) {
    this.project = target.project;
    this.region = target.region;
    this.connection = planConnection(target, options.env ?? process.env);
    this.rpc = new CloudRunRpc(this.connection, options);
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
      return serviceFromApi(await this.rpc.readService(full, options.signal));
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
    const rt = await this.rpc.rt();
    const sent = await this.rpc.sendUpdateService(rt, name, request, options.signal);
    if ("refusedOnRetry" in sent) return this.recognizeAppliedService(name, service, sent.refusedOnRetry, options);
    const op = sent.operation;
    if (options.waitForOperation === false && !op?.done) {
      const accepted = this.rpc.decodeService(rt, op?.metadata);
      return accepted ?? ((await this.getService(name, options)) as Service);
    }
    const done = await awaitOperation(this.rpc, rt, "service", "UpdateService", name, op, options);
    // A validate-only reply was not stored: it is no service as read.
    const finished = options.validateOnly
      ? this.rpc.decodeService(rt, done.response)
      : this.rpc.finishedService(rt, name, done);
    const result = finished ?? this.rpc.decodeService(rt, done.metadata);
    if (result) return result;
    if (options.validateOnly) return service;
    return (await this.getService(name, options)) ?? service;
  }

  /**
   * Lost reply on create-or-update: the retry was refused for its etag, so the first attempt
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
    const live = serviceFromApi(await this.rpc.readService(name, options.signal));
    const sameRevision =
      live.template?.revision !== undefined && shortName(live.template.revision) === shortName(wanted);
    const trafficMatches = !requested.traffic?.length || sameTraffic(live.traffic ?? [], requested.traffic);
    if (!sameRevision || !trafficMatches) throw refusal;
    if (options.waitForOperation === false) return live;
    return this.waitUntilReady(name, {
      signal: options.signal,
      timeoutMs: options.timeoutMs ?? this.rpc.operationTimeoutMs,
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
    const cached = options.etag === undefined ? undefined : this.rpc.lastRead.get(name);
    const current =
      cached !== undefined && cached.etag === options.etag ? cached : await this.rpc.readService(name, options.signal);
    this.rpc.lastRead.delete(name);
    const liveEtag = typeof current.etag === "string" ? current.etag : undefined;
    if (options.etag !== undefined && liveEtag !== options.etag) {
      throw new CloudRunError(
        "Aborted",
        `UpdateService ${name}: the service changed since it was read (etag ${options.etag}, now ${liveEtag ?? "none"}); re-read it and plan again`,
      );
    }
    const body = { ...current, traffic: trafficToApi(traffic), ...(liveEtag ? { etag: liveEtag } : {}) };
    const request = { service: body, updateMask: { paths: ["traffic"] } };
    const rt = await this.rpc.rt();
    const sent = await this.rpc.sendUpdateService(rt, name, request, options.signal);
    if ("refusedOnRetry" in sent) {
      // Lost reply: succeed only when the live traffic is exactly what was asked for.
      const live = serviceFromApi(await this.rpc.readService(name, options.signal));
      if (sameTraffic(live.traffic ?? [], traffic)) return live;
      throw sent.refusedOnRetry;
    }
    const done = await awaitOperation(this.rpc, rt, "service", "UpdateService", name, sent.operation, options);
    return this.rpc.finishedService(rt, name, done) ?? serviceFromApi(await this.rpc.readService(name, options.signal));
  }

  /** The revision, or null when it does not exist. */
  async getRevision(name: string, options: RevisionOptions): Promise<Revision | null> {
    const full = this.resolveRevisionName(name, options.service);
    const rt = await this.rpc.rt();
    try {
      const [revision] = await this.rpc.call("GetRevision", full, "read", options.signal, (o) =>
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
    const rt = await this.rpc.rt();
    const out: Revision[] = [];
    const seen = new Set<string>();
    let pageToken = "";
    do {
      const request = { parent, pageToken, ...(options.pageSize ? { pageSize: options.pageSize } : {}) };
      const [revisions, , response] = await this.rpc.call("ListRevisions", parent, "read", options.signal, (o) =>
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
    const rt = await this.rpc.rt();
    const request = { name: full, ...(options.etag ? { etag: options.etag } : {}) };
    const result = await this.rpc.call("DeleteRevision", full, "mutation", options.signal, async (o, attempt) => {
      try {
        return await rt.revisions.deleteRevision(request, o);
      } catch (error) {
        if (attempt.attempt > 1 && toCloudRunError(error).code === "NotFound") return undefined;
        throw error;
      }
    });
    if (result === undefined) return;
    await awaitOperation(
      this.rpc,
      rt,
      "revision",
      "DeleteRevision",
      full,
      result[1] as IOperation | undefined,
      options,
    );
  }

  /**
   * Polls the service until it is ready (see `readiness.ts`), and returns it. A definitive
   * `Ready=False` fails at once with `FailedPrecondition`, the condition's reason and message (the
   * latest created revision's own `Ready` condition is preferred when it has failed). The deadline
   * gives `DeadlineExceeded`; an abort gives `Cancelled`; a missing service `NotFound`.
   */
  async waitUntilReady(serviceName: string, options: WaitUntilReadyOptions): Promise<Service> {
    return waitUntilServiceReady(this.rpc, this.resolveServiceName(serviceName), options);
  }

  /** Closes the underlying gRPC channels. Later calls fail with `FailedPrecondition`. */
  async close(): Promise<void> {
    await this.rpc.close();
  }
}

/** A client for one deploy target (`{project, region, credentialsFile?, endpoint?}`) and the environment. */
export function createCloudRunClient(target: DeployTargetConfig, options: CloudRunClientOptions = {}): CloudRunClient {
  return new CloudRunClient(target, options);
}
