/**
 * The loaded Google client, built on the first call of a {@link CloudRunClient}.
 *
 * - Only the Services and Revisions clients of `@google-cloud/run` are loaded (deep imports): the
 *   package entry would also load its clients for jobs, executions, tasks, builds, worker pools and
 *   instances, and a 1.2 MB static protobuf module, none of which the plugin uses.
 * - Operation replies are decoded with the deserializers grpc-js already built for these clients
 *   (bound once per type). google-gax's own LRO decoders are switched off: they are bound to
 *   protobufjs's set-up stub, which regenerates the decoder on every reply.
 * - GetOperation and WaitOperation go over the Services client's own channel (same endpoint and
 *   credentials); gax's operations client does not offer WaitOperation.
 */

import type { protos as runProtos } from "@google-cloud/run";
import type { RevisionsClient } from "@google-cloud/run/build/src/v2/revisions_client.js";
import type { ServicesClient } from "@google-cloud/run/build/src/v2/services_client.js";
import type * as grpcModule from "@grpc/grpc-js";
import type { GaxClientOptions } from "./auth.js";
import { loadClientDependency } from "./optional-dependency.js";

export type IOperation = runProtos.google.longrunning.IOperation;
export type IService = runProtos.google.cloud.run.v2.IService;
export type IRevision = runProtos.google.cloud.run.v2.IRevision;
export type { RevisionsClient, ServicesClient };

/** What `CloudRunClient.call` hands every attempt. */
export interface AttemptOptions {
  timeout: number;
  signal: AbortSignal;
}

export interface Runtime {
  services: ServicesClient;
  revisions: RevisionsClient;
  /** An operation's `Any` value holding a Service, in the plain unary form; undefined when empty. */
  decodeService(any: runProtos.google.protobuf.IAny | null | undefined): IService | undefined;
  getOperation(name: string, options: AttemptOptions): Promise<IOperation>;
  /** WaitOperation with a server-side wait of `waitMs` (best effort: it may answer before the operation is done). */
  waitOperation(name: string, waitMs: number, options: AttemptOptions): Promise<IOperation>;
  close(): Promise<void>;
}

/** A grpc-js method definition as `@grpc/proto-loader` builds it. */
interface MethodDefinition {
  path: string;
  requestSerialize(value: unknown): Buffer;
  responseDeserialize(bytes: Buffer): unknown;
}

type ServiceDefinition = Record<string, MethodDefinition>;

/** The grpc-js package object every gapic client loads from its protos.json (`_protos`). */
interface LoadedPackage {
  google: {
    cloud: { run: { v2: Record<string, { service: ServiceDefinition }> } };
    longrunning: { Operations: { service: ServiceDefinition } };
  };
}

interface LongrunningDescriptor {
  responseDecoder?: unknown;
  metadataDecoder?: unknown;
}

function loadedPackage(client: object): LoadedPackage {
  const loaded = (client as { _protos?: LoadedPackage })._protos;
  if (!loaded?.google?.longrunning?.Operations?.service) {
    throw new Error("@google-cloud/run changed: its client no longer exposes the loaded protos");
  }
  return loaded;
}

/** gax decodes every operation reply it wraps; the client reads the raw operation instead. */
function skipGaxOperationDecoding(client: { descriptors: { longrunning: Record<string, LongrunningDescriptor> } }) {
  for (const descriptor of Object.values(client.descriptors.longrunning)) {
    descriptor.responseDecoder = undefined;
    descriptor.metadataDecoder = undefined;
  }
}

function unary(
  grpc: typeof grpcModule,
  stub: grpcModule.Client,
  method: MethodDefinition,
  name: string,
  request: object,
  options: AttemptOptions,
): Promise<IOperation> {
  return new Promise((resolve, reject) => {
    const metadata = new grpc.Metadata();
    metadata.set("x-goog-request-params", `name=${encodeURIComponent(name)}`);
    const onAbort = () => call.cancel();
    const call = stub.makeUnaryRequest(
      method.path,
      method.requestSerialize,
      (bytes: Buffer) => method.responseDeserialize(bytes) as IOperation,
      request,
      metadata,
      { deadline: Date.now() + options.timeout },
      (error, value) => {
        options.signal.removeEventListener("abort", onAbort);
        if (error) reject(error);
        else resolve(value as IOperation);
      },
    );
    if (options.signal.aborted) onAbort();
    else options.signal.addEventListener("abort", onAbort, { once: true });
  });
}

export async function createRuntime(clientOptions: GaxClientOptions): Promise<Runtime> {
  const [servicesModule, revisionsModule, grpc] = await Promise.all([
    loadClientDependency("@google-cloud/run", () => import("@google-cloud/run/build/src/v2/services_client.js")),
    loadClientDependency("@google-cloud/run", () => import("@google-cloud/run/build/src/v2/revisions_client.js")),
    loadClientDependency("@grpc/grpc-js", () => import("@grpc/grpc-js")),
  ]);
  const services = new servicesModule.ServicesClient(clientOptions);
  const revisions = new revisionsModule.RevisionsClient(clientOptions);
  skipGaxOperationDecoding(services as never);
  skipGaxOperationDecoding(revisions as never);
  const loaded = loadedPackage(services);
  const getService = loaded.google.cloud.run.v2.Services?.service.GetService;
  const operations = loaded.google.longrunning.Operations.service;
  const { GetOperation, WaitOperation } = operations;
  if (!getService || !GetOperation || !WaitOperation) {
    throw new Error("@google-cloud/run changed: Services.GetService or an Operations method is missing");
  }
  let stub: Promise<grpcModule.Client> | undefined;
  // The services stub is a grpc-js Client; its channel carries the client's credentials.
  const channelStub = () => {
    stub ??= services.initialize() as unknown as Promise<grpcModule.Client>;
    return stub;
  };
  return {
    services,
    revisions,
    decodeService(any) {
      const raw = any?.value;
      if (!raw || raw.length === 0) return undefined;
      const bytes = typeof raw === "string" ? Buffer.from(raw, "base64") : Buffer.from(raw);
      return getService.responseDeserialize(bytes) as IService;
    },
    async getOperation(name, options) {
      return unary(grpc, await channelStub(), GetOperation, name, { name }, options);
    },
    async waitOperation(name, waitMs, options) {
      const timeout = { seconds: Math.floor(waitMs / 1000), nanos: (waitMs % 1000) * 1_000_000 };
      return unary(grpc, await channelStub(), WaitOperation, name, { name, timeout }, options);
    },
    async close() {
      await Promise.allSettled([services.close(), revisions.close()]);
    },
  };
}
