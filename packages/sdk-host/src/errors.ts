// HostError, the one error type of this package, with its closed set of codes mapped to gRPC statuses.
import { status } from "@grpc/grpc-js";

/** The closed set of outcomes the host reports to piped as gRPC status codes. */
export type HostErrorCode = "InvalidArgument" | "NotFound" | "Internal" | "Unavailable" | "Cancelled" | "Unimplemented";

const GRPC_CODES: Record<HostErrorCode, status> = {
  InvalidArgument: status.INVALID_ARGUMENT,
  NotFound: status.NOT_FOUND,
  Internal: status.INTERNAL,
  Unavailable: status.UNAVAILABLE,
  Cancelled: status.CANCELLED,
  Unimplemented: status.UNIMPLEMENTED,
};

/** One error type for the host's gRPC boundary; every handler failure becomes one of these. */
export class HostError extends Error {
  override readonly name = "HostError";
  constructor(
    readonly code: HostErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  get grpcCode(): status {
    return GRPC_CODES[this.code];
  }

  /** Anything a plugin throws is INTERNAL with its message, as the Go SDK does. */
  static from(error: unknown, prefix?: string): HostError {
    if (isHostError(error)) return error;
    const message = error instanceof Error ? error.message : String(error);
    return new HostError("Internal", prefix ? `${prefix}: ${message}` : message, { cause: error });
  }
}

/** Whether `error` is a HostError (also across copies of this package). */
export function isHostError(error: unknown): error is HostError {
  return error instanceof Error && error.name === "HostError" && "code" in error;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
