import { describe, expect, it } from "vitest";
import {
  abortError,
  CloudRunError,
  type CloudRunErrorCode,
  codeFromGrpcStatus,
  GRPC_STATUS_NAMES,
  isCloudRunError,
  toCloudRunError,
} from "./errors.js";

/** google-gax GoogleError / grpc-js ServiceError look-alike. */
function grpcError(code: number, details = "boom") {
  return Object.assign(new Error(`${code} ${GRPC_STATUS_NAMES[code]}: ${details}`), { code, details });
}

describe("gRPC status → CloudRunError", () => {
  const table: { grpc: number; name: string; code: CloudRunErrorCode; retryable: boolean }[] = [
    { grpc: 0, name: "OK", code: "Internal", retryable: false },
    { grpc: 1, name: "CANCELLED", code: "Cancelled", retryable: false },
    { grpc: 2, name: "UNKNOWN", code: "Internal", retryable: false },
    { grpc: 3, name: "INVALID_ARGUMENT", code: "InvalidArgument", retryable: false },
    { grpc: 4, name: "DEADLINE_EXCEEDED", code: "DeadlineExceeded", retryable: true },
    { grpc: 5, name: "NOT_FOUND", code: "NotFound", retryable: false },
    { grpc: 6, name: "ALREADY_EXISTS", code: "AlreadyExists", retryable: false },
    { grpc: 7, name: "PERMISSION_DENIED", code: "PermissionDenied", retryable: false },
    { grpc: 8, name: "RESOURCE_EXHAUSTED", code: "RateLimited", retryable: true },
    { grpc: 9, name: "FAILED_PRECONDITION", code: "FailedPrecondition", retryable: false },
    { grpc: 10, name: "ABORTED", code: "Aborted", retryable: false },
    { grpc: 11, name: "OUT_OF_RANGE", code: "InvalidArgument", retryable: false },
    { grpc: 12, name: "UNIMPLEMENTED", code: "Internal", retryable: false },
    { grpc: 13, name: "INTERNAL", code: "Internal", retryable: false },
    { grpc: 14, name: "UNAVAILABLE", code: "Unavailable", retryable: true },
    { grpc: 15, name: "DATA_LOSS", code: "Internal", retryable: false },
    { grpc: 16, name: "UNAUTHENTICATED", code: "Unauthenticated", retryable: false },
  ];

  it("covers every gRPC status", () => {
    expect(table.map((r) => r.name)).toEqual([...GRPC_STATUS_NAMES]);
  });

  it.each(table)("$grpc $name (number) → $code, retryable=$retryable", ({ grpc, code, retryable }) => {
    const e = toCloudRunError(grpcError(grpc), "GetService projects/p/locations/r/services/s");
    expect(e).toBeInstanceOf(CloudRunError);
    expect(e.code).toBe(code);
    expect(e.retryable).toBe(retryable);
    expect(e.grpcCode).toBe(grpc);
    expect(e.message).toBe("GetService projects/p/locations/r/services/s: boom");
    expect(e.cause).toBeInstanceOf(Error);
  });

  it.each(table)("$name (name) → $code", ({ grpc, name, code, retryable }) => {
    expect(codeFromGrpcStatus(name)).toBe(code);
    expect(codeFromGrpcStatus(name.toLowerCase())).toBe(code);
    const e = toCloudRunError({ code: name, message: "x" });
    expect([e.code, e.retryable, e.grpcCode]).toEqual([code, retryable, grpc]);
  });

  it("falls back to the message without the status prefix when there are no details", () => {
    const e = toCloudRunError(new Error("14 UNAVAILABLE: No connection established"));
    expect(e.message).toBe("No connection established");
    expect(e.code).toBe("Internal"); // no code on it: not classified by its text
  });
});

describe("HTTP status → CloudRunError", () => {
  it.each([
    { status: 400, code: "InvalidArgument" },
    { status: 401, code: "Unauthenticated" },
    { status: 403, code: "PermissionDenied" },
    { status: 404, code: "NotFound" },
    { status: 408, code: "DeadlineExceeded" },
    { status: 409, code: "Aborted" },
    { status: 412, code: "FailedPrecondition" },
    { status: 418, code: "InvalidArgument" },
    { status: 429, code: "RateLimited" },
    { status: 499, code: "Cancelled" },
    { status: 500, code: "Internal" },
    { status: 502, code: "Unavailable" },
    { status: 503, code: "Unavailable" },
    { status: 504, code: "DeadlineExceeded" },
  ] as const)("$status → $code", ({ status, code }) => {
    expect(toCloudRunError({ code: status, message: "m" }).code).toBe(code);
    expect(toCloudRunError({ status, message: "m" }).code).toBe(code);
    expect(toCloudRunError({ response: { status }, message: "m" }).code).toBe(code);
  });
});

describe("other inputs", () => {
  it("maps AbortError to Cancelled and TimeoutError to DeadlineExceeded", () => {
    const controller = new AbortController();
    controller.abort();
    expect(toCloudRunError(controller.signal.reason).code).toBe("Cancelled");
    expect(toCloudRunError(new DOMException("t", "TimeoutError")).code).toBe("DeadlineExceeded");
  });

  it("maps socket errors to Unavailable and missing ADC to Unauthenticated", () => {
    expect(toCloudRunError(Object.assign(new Error("connect"), { code: "ECONNREFUSED" })).code).toBe("Unavailable");
    expect(toCloudRunError(new Error("Could not load the default credentials. Browse to …")).code).toBe(
      "Unauthenticated",
    );
  });

  it("maps unknown values to Internal and keeps the cause", () => {
    const e = toCloudRunError("weird", "ctx");
    expect([e.code, e.message, e.cause]).toEqual(["Internal", "ctx: weird", "weird"]);
    expect(toCloudRunError(new TypeError("bad")).code).toBe("Internal");
  });

  it("returns a CloudRunError unchanged (from() too)", () => {
    const e = new CloudRunError("NotFound", "x");
    expect(toCloudRunError(e, "ignored")).toBe(e);
    expect(CloudRunError.from(e)).toBe(e);
    expect(CloudRunError.from(grpcError(14)).code).toBe("Unavailable");
  });

  it("recognises CloudRunErrors by name, also from another copy of the class", () => {
    const lookAlike = Object.assign(new Error("x"), { name: "CloudRunError", code: "Aborted" });
    expect(isCloudRunError(new CloudRunError("Aborted", "x"))).toBe(true);
    expect(isCloudRunError(lookAlike)).toBe(true);
    expect(isCloudRunError(Object.assign(new Error("x"), { name: "CloudRunError", code: "Nope" }))).toBe(false);
    expect(isCloudRunError({ name: "CloudRunError", code: "Aborted" })).toBe(false);
    expect(isCloudRunError(new Error("x"))).toBe(false);
  });

  it("abortError keeps a CloudRunError reason and otherwise says Cancelled", () => {
    const a = new AbortController();
    const deadline = new CloudRunError("DeadlineExceeded", "too slow");
    a.abort(deadline);
    expect(abortError(a.signal)).toBe(deadline);
    const b = new AbortController();
    b.abort();
    const e = abortError(b.signal, "GetService s");
    expect([e.code, e.message]).toEqual(["Cancelled", "GetService s: the operation was cancelled"]);
  });

  it("does not put anything but status text in the message", () => {
    const secret = "CANARY-7f3a";
    const request = { service: { template: { containers: [{ env: [{ name: "DB", value: secret }] }] } } };
    const e = toCloudRunError(Object.assign(grpcError(3, "bad field"), { request }), "UpdateService s");
    expect(e.message).not.toContain(secret);
    expect(String(e)).not.toContain(secret);
  });
});
