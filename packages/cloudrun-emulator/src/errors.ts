// gRPC status errors the handlers throw, and code names ↔ numbers for the control API.
import { status } from "@grpc/grpc-js";

/** gRPC status code names, as accepted by the control API (e.g. "UNAVAILABLE"). */
export type GrpcCodeName = Exclude<keyof typeof status, number>;

const NAMES = Object.keys(status).filter((k) => Number.isNaN(Number(k))) as GrpcCodeName[];

/** Parses a gRPC code given as a name ("UNAVAILABLE") or a number (14). Throws on anything else. */
export function parseGrpcCode(code: GrpcCodeName | number | string): number {
  if (typeof code === "number" && Number.isInteger(code) && code >= 0 && code <= 16) return code;
  if (typeof code === "string") {
    const upper = code.toUpperCase() as GrpcCodeName;
    if (NAMES.includes(upper)) return status[upper];
    if (/^\d+$/.test(code)) return parseGrpcCode(Number(code));
  }
  throw new TypeError(`unknown gRPC status code: ${String(code)}`);
}

/** The name of a numeric gRPC code ("OK", "NOT_FOUND", ...). */
export function grpcCodeName(code: number): string {
  return NAMES.find((n) => status[n] === code) ?? String(code);
}

/** An error answered to the caller with a gRPC status code and message. */
export class RpcError extends Error {
  override readonly name = "RpcError";
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export const invalidArgument = (message: string) => new RpcError(status.INVALID_ARGUMENT, message);
export const notFound = (message: string) => new RpcError(status.NOT_FOUND, message);
export const alreadyExists = (message: string) => new RpcError(status.ALREADY_EXISTS, message);
export const failedPrecondition = (message: string) => new RpcError(status.FAILED_PRECONDITION, message);
export const aborted = (message: string) => new RpcError(status.ABORTED, message);
export const unimplemented = (message: string) => new RpcError(status.UNIMPLEMENTED, message);
