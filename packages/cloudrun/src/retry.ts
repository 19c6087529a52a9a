/**
 * Classified, bounded, abortable retries: a retry never outlives its attempt or time budget.
 *
 * - **Classified:** only errors the call's policy accepts are retried (by default those whose
 *   {@link CloudRunError.retryable} is true).
 * - **Bounded** in attempts (`maxAttempts`) **and** in time (`maxElapsedMs`): a retry whose
 *   backoff would end past the time budget is not made; the last error is thrown instead.
 * - **Exponential backoff with full jitter:** before retry *n* (n = 1, 2, …) it sleeps a uniformly
 *   random time in `[0, min(maxDelayMs, baseDelayMs · 2^(n-1)))`.
 * - **Abortable:** the signal is checked before every attempt, and an abort during the backoff
 *   sleep ends it at once with `Cancelled` (or with the signal's reason when that is a
 *   CloudRunError, e.g. a deadline).
 *
 * ## Which calls are retried on which codes (the client's rule)
 *
 * | call | retried on |
 * |---|---|
 * | reads: GetService, GetRevision, ListRevisions (per page), GetOperation polls | `Unavailable`, `RateLimited`, `DeadlineExceeded`, `Internal` ({@link READ_RETRY_CODES}) |
 * | mutations: UpdateService (allow_missing, full desired state, etag when known), DeleteRevision | `Unavailable`, `RateLimited` ({@link MUTATION_RETRY_CODES}) |
 *
 * Why mutations are safe to retry on these two: `RESOURCE_EXHAUSTED` is a quota rejection, so
 * nothing was applied. On `UNAVAILABLE` the first attempt may or may not have been applied, but
 * repeating it cannot overwrite anyone blindly: UpdateService sends the complete desired state
 * (re-applying an identical state is a no-op that creates no revision), and when an etag is sent a
 * duplicate that finds the first attempt applied is refused with `ABORTED` instead of being
 * applied twice — the caller then re-reads and compares. A DeleteRevision retry that answers
 * `NOT_FOUND` after an ambiguous failure is treated as success by the client.
 * `DeadlineExceeded` (the request may still be running on the server), `Aborted` (stale etag: must
 * re-read), `Internal`, `FailedPrecondition`, `InvalidArgument`, `PermissionDenied`,
 * `Unauthenticated`, `NotFound` and `AlreadyExists` are never retried for mutations.
 */

import { abortError, type CloudRunError, type CloudRunErrorCode, toCloudRunError } from "./errors.js";

/** What a retry attempt knows about its budget. */
export interface RetryAttempt {
  /** 1 for the first call, 2 for the first retry, … */
  attempt: number;
  /** Time left of `maxElapsedMs` (use it to cap a per-attempt timeout). */
  remainingMs: number;
}

export interface RetryInfo {
  /** The attempt that failed (1-based); the next one is `attempt + 1`. */
  attempt: number;
  /** The backoff before the next attempt. */
  delayMs: number;
  error: CloudRunError;
}

export interface RetryOptions {
  signal?: AbortSignal | undefined;
  /** Total attempts including the first. Default 5. */
  maxAttempts?: number;
  /** Time budget for all attempts and backoffs, measured from the first attempt. Default 60 000. */
  maxElapsedMs?: number;
  /** Backoff cap before the first retry. Default 250. */
  baseDelayMs?: number;
  /** Largest backoff cap. Default 10 000. */
  maxDelayMs?: number;
  /** Uniform random number in [0, 1). Default `Math.random`. */
  random?: () => number;
  /** Sleeps `ms`; should reject promptly when `signal` aborts. Default {@link sleep}. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Monotonic clock in ms. Default `performance.now`. */
  now?: () => number;
  /** Which errors to retry. Default: `error.retryable`. */
  shouldRetry?: (error: CloudRunError, attempt: number) => boolean;
  /** Called before each backoff sleep. */
  onRetry?: (info: RetryInfo) => void;
  /** Message prefix for errors that are not CloudRunErrors yet (e.g. `"GetService projects/…"`). */
  context?: string;
}

export const RETRY_DEFAULTS = {
  maxAttempts: 5,
  maxElapsedMs: 60_000,
  baseDelayMs: 250,
  maxDelayMs: 10_000,
} as const;

/** Codes retried for idempotent reads and operation polls. */
export const READ_RETRY_CODES: ReadonlySet<CloudRunErrorCode> = new Set<CloudRunErrorCode>([
  "Unavailable",
  "RateLimited",
  "DeadlineExceeded",
  "Internal",
]);

/** Codes retried for UpdateService / DeleteRevision (see the module comment for why these are safe). */
export const MUTATION_RETRY_CODES: ReadonlySet<CloudRunErrorCode> = new Set<CloudRunErrorCode>([
  "Unavailable",
  "RateLimited",
]);

/** A `shouldRetry` for a call kind. */
export function retryPolicy(kind: "read" | "mutation"): (error: CloudRunError) => boolean {
  const codes = kind === "read" ? READ_RETRY_CODES : MUTATION_RETRY_CODES;
  return (error) => codes.has(error.code);
}

/** The jittered backoff before retry number `retry` (1-based): uniform in [0, min(max, base·2^(retry-1))). */
export function backoffDelay(retry: number, baseDelayMs: number, maxDelayMs: number, random: () => number): number {
  const cap = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, retry - 1));
  const r = Math.min(Math.max(random(), 0), 1 - Number.EPSILON);
  return Math.floor(r * cap);
}

/** Resolves after `ms`, or rejects with {@link abortError} as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortError(signal));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal as AbortSignal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Runs `fn` until it succeeds, a non-retryable error occurs, or a bound (attempts, time, abort) is hit. */
export async function withRetry<T>(fn: (attempt: RetryAttempt) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const {
    signal,
    maxAttempts = RETRY_DEFAULTS.maxAttempts,
    maxElapsedMs = RETRY_DEFAULTS.maxElapsedMs,
    baseDelayMs = RETRY_DEFAULTS.baseDelayMs,
    maxDelayMs = RETRY_DEFAULTS.maxDelayMs,
    random = Math.random,
    sleep: sleepFn = sleep,
    now = () => performance.now(),
    shouldRetry = (error: CloudRunError) => error.retryable,
    onRetry,
    context,
  } = options;
  const start = now();
  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) throw abortError(signal, context);
    let error: CloudRunError;
    try {
      return await fn({ attempt, remainingMs: Math.max(0, maxElapsedMs - (now() - start)) });
    } catch (thrown) {
      if (signal?.aborted) throw abortError(signal, context);
      error = toCloudRunError(thrown, context);
    }
    if (attempt >= maxAttempts || !shouldRetry(error, attempt)) throw error;
    const delayMs = backoffDelay(attempt, baseDelayMs, maxDelayMs, random);
    if (now() - start + delayMs >= maxElapsedMs) throw error;
    onRetry?.({ attempt, delayMs, error });
    try {
      await sleepFn(delayMs, signal);
    } catch (thrown) {
      if (signal?.aborted) throw abortError(signal, context);
      throw toCloudRunError(thrown, context);
    }
    if (signal?.aborted) throw abortError(signal, context);
  }
}
