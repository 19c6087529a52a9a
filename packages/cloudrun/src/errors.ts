/**
 * The one error vocabulary of `@cr/cloudrun`: every failure that leaves this package is a
 * {@link CloudRunError} with a closed {@link CloudRunErrorCode}. {@link toCloudRunError} is the single
 * place where gRPC statuses (numbers and names), google-gax `GoogleError`s, HTTP statuses,
 * `AbortError`/`TimeoutError` and anything else are mapped to it.
 *
 * Messages never include request bodies: they hold the RPC name, the resource name and the
 * server's status text only (service templates carry environment values, which may be secrets).
 */

export type CloudRunErrorCode =
  | "NotFound"
  | "AlreadyExists"
  | "PermissionDenied"
  | "Unauthenticated"
  | "InvalidArgument"
  | "FailedPrecondition"
  | "Aborted"
  | "RateLimited"
  | "Unavailable"
  | "DeadlineExceeded"
  | "Cancelled"
  | "Internal";

/** Every `CloudRunErrorCode`, for exhaustive checks. */
export const CLOUD_RUN_ERROR_CODES: readonly CloudRunErrorCode[] = [
  "NotFound",
  "AlreadyExists",
  "PermissionDenied",
  "Unauthenticated",
  "InvalidArgument",
  "FailedPrecondition",
  "Aborted",
  "RateLimited",
  "Unavailable",
  "DeadlineExceeded",
  "Cancelled",
  "Internal",
];

/**
 * Codes that describe a transient condition, after which repeating an **idempotent** call can
 * succeed: `Unavailable`, `RateLimited` and `DeadlineExceeded`.
 *
 * Deliberately not retryable:
 * - `Aborted` — an etag mismatch (AIP-154). Repeating the same request with the same etag fails
 *   again; the caller must re-read the service and re-plan, so it is never retried
 *   blindly.
 * - `Internal` — Cloud Run reports definitive failures this way (e.g. an operation routing
 *   traffic to a deleted revision). The client's *read* policy still retries it (see
 *   `retry.ts`), because a read cannot do harm.
 * - `Cancelled` — the caller asked to stop.
 *
 * Whether a retryable error is actually retried also depends on the call: mutations are retried
 * only on the subset that cannot cause a blind overwrite (see `MUTATION_RETRY_CODES` in
 * `retry.ts`).
 */
const RETRYABLE: ReadonlySet<CloudRunErrorCode> = new Set<CloudRunErrorCode>([
  "Unavailable",
  "RateLimited",
  "DeadlineExceeded",
]);

/** Whether errors with this code are transient (see {@link CloudRunError.retryable}). */
export function isRetryableCode(code: CloudRunErrorCode): boolean {
  return RETRYABLE.has(code);
}

/** Extra facts a `CloudRunError` carries: the cause, the gRPC status and the condition reason. */
export interface CloudRunErrorOptions {
  cause?: unknown;
  /** The numeric gRPC status the error came from, when it came from one. */
  grpcCode?: number;
  /** A Cloud Run condition reason (`HEALTH_CHECK_CONTAINER_ERROR`, `REVISION_FAILED`, …), when known. */
  reason?: string;
  /**
   * The write was accepted before it failed (its long-running operation ended in error), so part
   * of it may be live: the caller should read the resource back before reporting a result.
   */
  afterAccepted?: boolean;
}

const ERROR_NAME = "CloudRunError";

/** The one error every client call fails with: a closed `code`, a `retryable` flag and a bounded message. */
export class CloudRunError extends Error {
  override readonly name = ERROR_NAME;
  readonly code: CloudRunErrorCode;
  /** True when the code is transient (`Unavailable`, `RateLimited`, `DeadlineExceeded`). */
  readonly retryable: boolean;
  readonly grpcCode: number | undefined;
  /** A Cloud Run condition reason, when the failure came from a `Ready=False` condition or an operation. */
  readonly reason: string | undefined;
  /** See {@link CloudRunErrorOptions.afterAccepted}. */
  readonly afterAccepted: boolean;

  constructor(code: CloudRunErrorCode, message: string, options: CloudRunErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retryable = isRetryableCode(code);
    this.grpcCode = options.grpcCode;
    this.reason = options.reason;
    this.afterAccepted = options.afterAccepted === true;
  }

  /** Maps anything thrown to a CloudRunError (returned unchanged when it already is one). */
  static from(error: unknown, context?: string): CloudRunError {
    return toCloudRunError(error, context);
  }
}

/**
 * Name-based guard, so that errors from another copy of this package (two bundles, a test alias)
 * are recognised too.
 */
export function isCloudRunError(value: unknown): value is CloudRunError {
  return (
    value instanceof Error &&
    value.name === ERROR_NAME &&
    typeof (value as { code?: unknown }).code === "string" &&
    CLOUD_RUN_ERROR_CODES.includes((value as unknown as { code: CloudRunErrorCode }).code)
  );
}

/** gRPC status names, indexed by their numeric code (0–16). */
export const GRPC_STATUS_NAMES = [
  "OK",
  "CANCELLED",
  "UNKNOWN",
  "INVALID_ARGUMENT",
  "DEADLINE_EXCEEDED",
  "NOT_FOUND",
  "ALREADY_EXISTS",
  "PERMISSION_DENIED",
  "RESOURCE_EXHAUSTED",
  "FAILED_PRECONDITION",
  "ABORTED",
  "OUT_OF_RANGE",
  "UNIMPLEMENTED",
  "INTERNAL",
  "UNAVAILABLE",
  "DATA_LOSS",
  "UNAUTHENTICATED",
] as const;

/** How each gRPC status maps to a CloudRunErrorCode (index = numeric status). */
const GRPC_TO_CODE: readonly CloudRunErrorCode[] = [
  "Internal", // 0 OK: an "error" with status OK is a bug somewhere; never retried.
  "Cancelled", // 1 CANCELLED
  "Internal", // 2 UNKNOWN
  "InvalidArgument", // 3 INVALID_ARGUMENT
  "DeadlineExceeded", // 4 DEADLINE_EXCEEDED
  "NotFound", // 5 NOT_FOUND
  "AlreadyExists", // 6 ALREADY_EXISTS
  "PermissionDenied", // 7 PERMISSION_DENIED
  "RateLimited", // 8 RESOURCE_EXHAUSTED
  "FailedPrecondition", // 9 FAILED_PRECONDITION
  "Aborted", // 10 ABORTED
  "InvalidArgument", // 11 OUT_OF_RANGE
  "Internal", // 12 UNIMPLEMENTED (the endpoint is not a Cloud Run Admin API v2 server)
  "Internal", // 13 INTERNAL
  "Unavailable", // 14 UNAVAILABLE
  "Internal", // 15 DATA_LOSS
  "Unauthenticated", // 16 UNAUTHENTICATED
];

/** The CloudRunErrorCode for a gRPC status given as a number (0–16) or a name (`"NOT_FOUND"`). */
export function codeFromGrpcStatus(status: number | string): CloudRunErrorCode | undefined {
  const n =
    typeof status === "number" ? status : (GRPC_STATUS_NAMES as readonly string[]).indexOf(status.toUpperCase());
  return Number.isInteger(n) && n >= 0 && n < GRPC_TO_CODE.length ? GRPC_TO_CODE[n] : undefined;
}

/** The CloudRunErrorCode for an HTTP status (REST transport, auth endpoints). */
export function codeFromHttpStatus(status: number): CloudRunErrorCode | undefined {
  switch (status) {
    case 400:
      return "InvalidArgument";
    case 401:
      return "Unauthenticated";
    case 403:
      return "PermissionDenied";
    case 404:
      return "NotFound";
    case 408:
    case 504:
      return "DeadlineExceeded";
    case 409:
      // Cloud Run answers 409 both for "already exists" and for a stale etag; ABORTED is the
      // conservative reading (re-read, then decide).
      return "Aborted";
    case 412:
      return "FailedPrecondition";
    case 429:
      return "RateLimited";
    case 499:
      return "Cancelled";
    case 502:
    case 503:
      return "Unavailable";
    default:
      if (status >= 500 && status < 600) return "Internal";
      if (status >= 400 && status < 500) return "InvalidArgument";
      return undefined;
  }
}

/** Node socket and DNS errors (e.g. while fetching an access token): transient. */
const NETWORK_ERRNO: ReadonlySet<string> = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "EAI_AGAIN",
  "ENOTFOUND",
]);

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  status?: unknown;
  details?: unknown;
  message?: unknown;
  response?: { status?: unknown };
}

/** `5 NOT_FOUND: Resource 'x' …` → `Resource 'x' …` (grpc-js prefixes the status to the details). */
function statusText(e: ErrorLike): string {
  if (typeof e.details === "string" && e.details !== "") return e.details;
  const message = typeof e.message === "string" ? e.message : "";
  return message.replace(/^\d+ [A-Z_]+: /, "");
}

function withContext(context: string | undefined, text: string): string {
  if (!context) return text || "unknown error";
  return text ? `${context}: ${text}` : context;
}

const RESOURCE_EXHAUSTED = 8;
/** grpc-js's text when a message exceeds a size limit (`Received message larger than max (N vs M)`). */
const MESSAGE_SIZE = /message larger than max|message length|max(imum)? message size/i;

/**
 * RESOURCE_EXHAUSTED from the transport because a message is too large is not a quota: repeating
 * the same request fails the same way, so it is `InvalidArgument` naming the limit.
 */
function messageTooLarge(text: string, context: string | undefined, cause: unknown): CloudRunError {
  const sizes = /\((\d+) vs\.? (\d+)\)/.exec(text);
  const detail = sizes
    ? `${sizes[1]} bytes, more than the ${sizes[2]} bytes a gRPC message may have`
    : "more than a gRPC message may have";
  return new CloudRunError(
    "InvalidArgument",
    withContext(
      context,
      `the message is too large (${detail}); make the service smaller, e.g. keep large values in Secret Manager instead of env values`,
    ),
    { cause, grpcCode: RESOURCE_EXHAUSTED },
  );
}

/**
 * The one mapping from anything thrown at the IO edge to a {@link CloudRunError}.
 *
 * - a CloudRunError is returned unchanged;
 * - `AbortError` → `Cancelled`, `TimeoutError` (from `AbortSignal.timeout`) → `DeadlineExceeded`;
 * - a numeric gRPC `code` (0–16; google-gax `GoogleError`, grpc-js `ServiceError`) or a gRPC status
 *   name in `code` → by {@link codeFromGrpcStatus};
 * - a Node socket/DNS errno in `code` (`ECONNREFUSED`, `ETIMEDOUT`, …) → `Unavailable`;
 * - an HTTP status (`code` ≥ 100, `status`, or `response.status` as gaxios sets it) → by
 *   {@link codeFromHttpStatus};
 * - "Could not load the default credentials" (google-auth-library) → `Unauthenticated`;
 * - anything else → `Internal`.
 *
 * `context` (e.g. `"GetService projects/p/locations/l/services/s"`) prefixes the message.
 */
export function toCloudRunError(error: unknown, context?: string): CloudRunError {
  if (isCloudRunError(error)) return error;
  if (typeof error !== "object" || error === null) {
    return new CloudRunError("Internal", withContext(context, String(error)), { cause: error });
  }
  const e = error as ErrorLike;
  const text = statusText(e);
  if (e.name === "AbortError") {
    return new CloudRunError("Cancelled", withContext(context, "the operation was cancelled"), { cause: error });
  }
  if (e.name === "TimeoutError") {
    return new CloudRunError("DeadlineExceeded", withContext(context, text || "the operation timed out"), {
      cause: error,
    });
  }
  if (typeof e.code === "number" && Number.isInteger(e.code) && e.code >= 0 && e.code <= 16) {
    if (e.code === RESOURCE_EXHAUSTED && MESSAGE_SIZE.test(text)) return messageTooLarge(text, context, error);
    const code = codeFromGrpcStatus(e.code) ?? "Internal";
    return new CloudRunError(code, withContext(context, text), { cause: error, grpcCode: e.code });
  }
  if (typeof e.code === "string") {
    const code = codeFromGrpcStatus(e.code);
    if (code !== undefined) {
      const grpcCode = (GRPC_STATUS_NAMES as readonly string[]).indexOf(e.code.toUpperCase());
      return new CloudRunError(code, withContext(context, text), { cause: error, grpcCode });
    }
  }
  if (typeof e.code === "string" && NETWORK_ERRNO.has(e.code)) {
    return new CloudRunError("Unavailable", withContext(context, text || e.code), { cause: error });
  }
  const http = [e.code, e.status, e.response?.status].find((v): v is number => typeof v === "number" && v >= 100);
  if (http !== undefined) {
    const code = codeFromHttpStatus(http) ?? "Internal";
    return new CloudRunError(code, withContext(context, text || `HTTP ${http}`), { cause: error });
  }
  if (/^Could not load the default credentials/.test(text)) {
    return new CloudRunError("Unauthenticated", withContext(context, text), { cause: error });
  }
  return new CloudRunError("Internal", withContext(context, text), { cause: error });
}

/**
 * The error to throw when `signal` is aborted: its reason when that is already a CloudRunError
 * (e.g. our own deadline), otherwise `Cancelled` (keeping the reason as `cause`).
 */
export function abortError(signal: AbortSignal, context?: string): CloudRunError {
  const reason: unknown = signal.reason;
  if (isCloudRunError(reason)) return reason;
  if (reason instanceof Error && reason.name === "TimeoutError") return toCloudRunError(reason, context);
  return new CloudRunError("Cancelled", withContext(context, "the operation was cancelled"), { cause: reason });
}
