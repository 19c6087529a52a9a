/**
 * The ports `@cr/stages` needs from the outside world, declared here (the consumer) and satisfied
 * by adapters in `apps/plugin`, which fit these interfaces structurally.
 */
import type { CloudRunErrorCode, Revision, Service, TrafficTarget } from "@cr/cloudrun/pure";

/**
 * The shape of an error thrown by a port. `code` is one of `@cr/cloudrun`'s error codes; any other
 * string is accepted and treated as a plain failure. Extra fields (`reason`, `retryable`, `cause`)
 * are allowed.
 */
export interface PortError {
  code: CloudRunErrorCode | (string & {});
  message: string;
  /** A Cloud Run condition reason (`HEALTH_CHECK_CONTAINER_ERROR`, …) when the failure came from one. */
  reason?: string;
  /** The write was accepted before it failed, so it may be live (the stage then reads it back). */
  afterAccepted?: boolean;
}

/** Options of a write: the etag read and the stage signal. */
export interface WriteOptions {
  /**
   * The etag read before planning the write (optimistic concurrency). When given and
   * it no longer matches, the call rejects with code `"Aborted"` and changes nothing.
   */
  etag?: string;
  signal: AbortSignal;
}

/** Options of `applyService`: a write that may also wait for Cloud Run to finish it. */
export interface ApplyOptions extends WriteOptions {
  /**
   * Also wait, at most this long, until Cloud Run finished the write: the new revision is Ready and
   * the traffic routed. Rejections as for {@link CloudRunPort.waitUntilReady}. Absent: do not wait.
   */
  waitTimeoutMs?: number;
}

/** Options of `waitUntilReady`. */
export interface WaitOptions {
  /** Give up after this many milliseconds and reject with code `"DeadlineExceeded"`. */
  timeoutMs: number;
  signal: AbortSignal;
  /** Called with one short, secret-free line whenever the readiness state changes (or on each poll). */
  onProgress?: (message: string) => void;
}

/**
 * Cloud Run, bound to one deploy target (project + region).
 *
 * Conventions shared by every port:
 * - Identifiers passed IN are short ids (`"helloworld"`, `"helloworld-v1-abc1234"`); the project
 *   and region are bound when the adapter is built. Values coming OUT are the plain model of
 *   `@cr/cloudrun/pure`, whose names may be full resource names: compare them with `shortName`.
 * - Failures are thrown as (or rejected with) an object carrying a string `code` and a `message`
 *   ({@link PortError}). The stages read them structurally and never `instanceof` them.
 * - Every call takes the stage's `AbortSignal` (directly or in its options). After the signal
 *   aborts, a call should reject promptly (code `"Cancelled"` is preferred, an `AbortError` is
 *   accepted).
 * - Messages must never contain request bodies: a Service carries environment values, which may
 *   be secrets.
 */
export interface CloudRunPort {
  /** The service, or `null` when it does not exist (NotFound is not an error here). */
  getService(serviceId: string, signal: AbortSignal): Promise<Service | null>;

  /**
   * Create-or-update (UpdateService with `allow_missing`) of the whole desired service, including
   * its `template` (with `template.revision` set by the stage) and its `traffic` list, which the
   * stage always fills in explicitly. Without `waitTimeoutMs`, resolves with the service as stored
   * once Cloud Run accepted the write (the new revision, if any, is named in
   * `latestCreatedRevision`). With it, resolves once Cloud Run's operation finished (the new
   * revision Ready, traffic routed) with the service it reports, so no read follows the write.
   * Must be idempotent: the same desired service sent twice creates no second revision.
   */
  applyService(service: Service, options: ApplyOptions): Promise<Service>;

  /**
   * Replaces the traffic list of an existing service and nothing else: the template is sent back
   * exactly as read (or an update mask of `traffic` is used), so no revision is ever created.
   * Resolves after the operation finished, with the service as read afterwards, so that
   * `trafficStatuses` shows the applied traffic. Rejects with `"NotFound"` when the service is
   * missing and `"Aborted"` on an etag mismatch.
   */
  updateTraffic(serviceId: string, traffic: TrafficTarget[], options: WriteOptions): Promise<Service>;

  /**
   * Polls until the service has reconciled and its latest created revision is the latest ready
   * one, and resolves with that service. Rejects quickly (not at the deadline) when the service or
   * its latest revision reports `Ready=False`, with code `"FailedPrecondition"`, the condition's
   * `reason` and its message; rejects with `"DeadlineExceeded"` after `timeoutMs`, and with
   * `"Cancelled"` when the signal aborts, and with `"NotFound"` when the service does not exist.
   */
  waitUntilReady(serviceId: string, options: WaitOptions): Promise<Service>;

  /**
   * The revision `revisionId` of service `serviceId`, or `null` when it does not exist. (The service
   * is needed because Cloud Run addresses a revision under its service, and a short revision id
   * does not say where the service name ends.)
   */
  getRevision(serviceId: string, revisionId: string, signal: AbortSignal): Promise<Revision | null>;

  /** Every revision of the service (all pages), in any order. An absent service gives `[]`. */
  listRevisions(serviceId: string, signal: AbortSignal): Promise<Revision[]>;

  /**
   * Deletes a revision and resolves once the deletion finished. Rejects with `"NotFound"` when it
   * is already gone and `"FailedPrecondition"` when Cloud Run refuses (it serves traffic, is
   * tagged, or is the latest revision).
   */
  deleteRevision(serviceId: string, revisionId: string, signal: AbortSignal): Promise<void>;
}

/**
 * Metadata kept by piped for the running deployment.
 *
 * - `get` / `put`: deployment-scoped plugin metadata shared by all stages of one deployment
 *   (PipeCD `GetDeploymentPluginMetadata` / `PutDeploymentPluginMetadata`). `get` resolves
 *   `undefined` (or `""`, read as unset) when the key was never written.
 * - `putStage`: the outputs of the current stage (PipeCD `PutStageMetadataMulti`), shown in the UI.
 * - `putAppObject`: an application object, which outlives the deployment (PipeCD
 *   `PutApplicationSharedObject`, keyed per application and plugin). The adapter scopes keys to the
 *   deploy target the stage runs on, so two deploy targets of one application never share one.
 *   Live state reads it (see `APP_OBJECT_APPLIED_TRAFFIC`).
 *
 * A rejection of `get`, `put` or `putStage` is treated as a failure of the stage (the snapshot must
 * be stored before any change); an application object is written best effort.
 */
export interface MetadataStore {
  get(key: string): Promise<string | undefined>;
  put(key: string, value: string): Promise<void>;
  putStage(record: Record<string, string>): Promise<void>;
  putAppObject(key: string, value: string): Promise<void>;
}

/** The stage log shown in the PipeCD UI. One call may carry several lines. Never given secrets. */
export interface StageLog {
  info(message: string): void;
  success(message: string): void;
  error(message: string): void;
}

/** Wall clock, for log lines. Optional: the stages fall back to `new Date()`. */
export interface Clock {
  now(): Date;
}

/** What every stage function receives besides its input. */
export interface StageDeps {
  cloudRun: CloudRunPort;
  metadata: MetadataStore;
  log: StageLog;
  /** The stage's cancellation signal (piped's stage timeout, a cancel command, SIGTERM). */
  signal: AbortSignal;
  clock?: Clock;
}
