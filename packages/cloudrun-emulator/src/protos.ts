// Loads the Cloud Run and longrunning .proto files shipped in @google-cloud/run and google-gax.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";

/** The .proto files the emulator serves, relative to the include directories. */
const PROTO_FILES = [
  "google/cloud/run/v2/service.proto",
  "google/cloud/run/v2/revision.proto",
  "google/longrunning/operations.proto",
];

/** Proto directories shipped inside `@google-cloud/run` and `google-gax` (resolved through run, pnpm-safe). */
export function protoIncludeDirs(): string[] {
  const require = createRequire(import.meta.url);
  const runMain = require.resolve("@google-cloud/run");
  const runProtos = path.resolve(path.dirname(runMain), "../protos");
  const gaxMain = createRequire(runMain).resolve("google-gax");
  const gaxProtos = path.resolve(path.dirname(gaxMain), "../protos");
  return [runProtos, gaxProtos];
}

// Minimal structural view of the protobufjs reflection objects used for schema-aware cleaning.
// protobufjs is not a direct dependency: it is reached through @grpc/proto-loader, which loads it anyway.
export interface PbEnum {
  readonly values: Readonly<Record<string, number>>;
  readonly valuesById: Readonly<Record<number, string>>;
}
export interface PbField {
  readonly name: string;
  readonly type: string;
  readonly repeated: boolean;
  readonly map: boolean;
  readonly partOf: { readonly name: string } | null;
  readonly resolvedType: PbType | PbEnum | null;
}
export interface PbType {
  readonly fullName: string;
  readonly fieldsArray: readonly PbField[];
}
interface PbRoot {
  resolvePath: (origin: string, target: string) => string;
  loadSync(files: string[], options: { keepCase: boolean }): PbRoot;
  resolveAll(): PbRoot;
  lookupType(name: string): PbType;
}
interface PbModule {
  Root: new () => PbRoot;
}

function loadReflectionRoot(includeDirs: string[]): PbRoot {
  const require = createRequire(import.meta.url);
  const loaderMain = require.resolve("@grpc/proto-loader");
  const protobuf = createRequire(loaderMain)("protobufjs") as PbModule;
  const root = new protobuf.Root();
  root.resolvePath = (origin, target) => {
    if (path.isAbsolute(target)) return target;
    for (const dir of includeDirs) {
      const candidate = path.join(dir, target);
      if (existsSync(candidate)) return candidate;
    }
    return path.resolve(path.dirname(origin), target);
  };
  return root.loadSync(PROTO_FILES, { keepCase: false }).resolveAll();
}

/** A unary method definition as produced by proto-loader (untyped request/response objects). */
type Method = protoLoader.MethodDefinition<object, object>;

export interface LoadedProtos {
  readonly services: grpc.ServiceDefinition;
  readonly revisions: grpc.ServiceDefinition;
  readonly operations: grpc.ServiceDefinition;
  /** Encodes a `google.cloud.run.v2.Service` object (proto-loader shape) to bytes. */
  encodeService(service: object): Buffer;
  /** Decodes bytes of a `google.cloud.run.v2.Service` to the proto-loader object shape. */
  decodeService(bytes: Buffer): Record<string, unknown>;
  /** Encodes a `google.cloud.run.v2.Revision` object (proto-loader shape) to bytes. */
  encodeRevision(revision: object): Buffer;
  /** protobufjs reflection type, for schema-aware cleaning. */
  type(fullName: string): PbType;
}

function method(def: protoLoader.PackageDefinition, service: string, name: string): Method {
  const svc = def[service] as protoLoader.ServiceDefinition | undefined;
  const m = svc?.[name] as Method | undefined;
  if (!m) throw new Error(`proto method ${service}.${name} not found`);
  return m;
}

let cached: LoadedProtos | undefined;

/** Loads the Cloud Run v2 and longrunning protos once per process (defaults:false, so absent fields stay absent). */
export function loadProtos(): LoadedProtos {
  if (cached) return cached;
  const includeDirs = protoIncludeDirs();
  const def = protoLoader.loadSync(PROTO_FILES, {
    includeDirs,
    keepCase: false,
    longs: String,
    enums: String,
    defaults: false,
    oneofs: false,
  });
  const root = loadReflectionRoot(includeDirs);
  const getService = method(def, "google.cloud.run.v2.Services", "GetService");
  const getRevision = method(def, "google.cloud.run.v2.Revisions", "GetRevision");
  cached = {
    services: def["google.cloud.run.v2.Services"] as grpc.ServiceDefinition,
    revisions: def["google.cloud.run.v2.Revisions"] as grpc.ServiceDefinition,
    operations: def["google.longrunning.Operations"] as grpc.ServiceDefinition,
    encodeService: (service) => getService.responseSerialize(service),
    decodeService: (bytes) => getService.responseDeserialize(bytes) as Record<string, unknown>,
    encodeRevision: (revision) => getRevision.responseSerialize(revision),
    type: (fullName) => root.lookupType(fullName),
  };
  return cached;
}
