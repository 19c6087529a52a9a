/**
 * Options of the Cloud Run client and of each of its calls.
 */
import type { Service } from "./model.js";
import type { PollSettings } from "./operation-wait.js";
import type { ReadinessAssessment } from "./readiness.js";
import type { RetryInfo } from "./retry.js";

export type { PollSettings };

/** Retry bounds of each RPC: attempts, total time and the backoff range (`random` for tests). */
export interface ClientRetrySettings {
  maxAttempts: number;
  maxElapsedMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
  random?: () => number;
}

/** Options of a client: environment, retry bounds, timeouts, polling and callbacks. */
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

/** Options of every call: the signal that cancels it. */
export interface CallOptions {
  signal: AbortSignal;
}

/** Options of a call that changes something and waits for its operation. */
export interface MutationOptions extends CallOptions {
  /** Deadline for the long-running operation. Default: the client's `operationTimeoutMs`. */
  timeoutMs?: number;
}

/** Options of `createOrUpdateService`. */
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

/** Options of `updateTraffic`. */
export interface UpdateTrafficOptions extends MutationOptions {
  /** The etag the traffic plan was made from; when the live service has another, nothing is sent and `Aborted` is thrown. */
  etag?: string;
}

/** Options of `getRevision`. */
export interface RevisionOptions extends CallOptions {
  /** The service of a short revision id (not needed for a full revision name). */
  service?: string;
}

/** Options of `deleteRevision`: the service of a short revision id, and an etag to delete only that version. */
export interface DeleteRevisionOptions extends MutationOptions {
  service?: string;
  etag?: string;
}

/** Options of `listRevisions`. */
export interface ListRevisionsOptions extends CallOptions {
  /** Page size of each ListRevisions call (the server's default when absent). */
  pageSize?: number;
}

/** What `waitUntilReady` reports after each poll whose summary changed. */
export interface ReadinessProgress extends ReadinessAssessment {
  service: Service;
  elapsedMs: number;
}

/** Options of `waitUntilReady`: its deadline in milliseconds and a progress callback. */
export interface WaitUntilReadyOptions extends CallOptions {
  timeoutMs: number;
  /** Called after each poll whose summary differs from the previous one. */
  onProgress?: (progress: ReadinessProgress) => void;
}
