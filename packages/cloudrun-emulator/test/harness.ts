// Test harness for this package's own tests: the emulator with real @google-cloud/run clients, and
// short helpers to create, update and read services through them.

import { protos, v2 } from "@google-cloud/run";
import * as grpc from "@grpc/grpc-js";
import { OAuth2Client } from "google-auth-library";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { type Emulator, type EmulatorOptions, startEmulator } from "../src/server.js";

export type IService = protos.google.cloud.run.v2.IService;
export type IRevision = protos.google.cloud.run.v2.IRevision;

export const PARENT = "projects/test-project/locations/us-central1";
export const serviceName = (id: string) => `${PARENT}/services/${id}`;
export const revisionName = (service: string, revision: string) => `${serviceName(service)}/revisions/${revision}`;
export const shortName = (full: string | null | undefined) => (full ?? "").split("/").pop() ?? "";

/** Fast LRO polling with an overall deadline, so tests never hang on an operation. */
export const LRO = {
  longrunning: {
    initialRetryDelayMillis: 5,
    retryDelayMultiplier: 1.2,
    maxRetryDelayMillis: 25,
    totalTimeoutMillis: 10_000,
  },
};

/** The traffic target type of a pinned revision. */
export const REVISION_T = "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION" as const;

export interface Harness {
  emu: Emulator;
  services: v2.ServicesClient;
  revisions: v2.RevisionsClient;
  close(): Promise<void>;
  /** Creates a service and waits for its operation; returns the service as GetService shows it. */
  createService(id: string, service: IService): Promise<IService>;
  /** Updates a service and waits for its operation; returns the service as GetService shows it. */
  updateService(
    service: IService,
    request?: Omit<protos.google.cloud.run.v2.IUpdateServiceRequest, "service">,
  ): Promise<IService>;
  getService(id: string): Promise<IService>;
  /** The short names of the service's revisions, newest first. */
  listRevisionNames(id: string): Promise<string[]>;
}

/** Client options pointing the real @google-cloud/run clients at an emulator, without any Google lookups. */
export function clientOptions(port: number) {
  const authClient = new OAuth2Client();
  authClient.setCredentials({ access_token: "fake" });
  return { apiEndpoint: "127.0.0.1", port, sslCreds: grpc.credentials.createInsecure(), authClient };
}

export async function startHarness(options: EmulatorOptions = {}): Promise<Harness> {
  const emu = await startEmulator({ readyDelayMs: 20, ...options });
  const services = new v2.ServicesClient(clientOptions(emu.port));
  const revisions = new v2.RevisionsClient(clientOptions(emu.port));
  const getService = async (id: string) => (await services.getService({ name: serviceName(id) }))[0];
  return {
    emu,
    services,
    revisions,
    async close() {
      await Promise.all([services.close(), revisions.close()]);
      await emu.stop();
    },
    async createService(id, service) {
      const [op] = await services.createService({ parent: PARENT, serviceId: id, service }, LRO);
      await op.promise();
      return getService(id);
    },
    async updateService(service, request = {}) {
      const [op] = await services.updateService({ service, ...request }, LRO);
      await op.promise();
      return getService(shortName(service.name));
    },
    getService,
    async listRevisionNames(id) {
      const [revs] = await revisions.listRevisions({ parent: serviceName(id) });
      return revs.map((r) => shortName(r.name));
    },
  };
}

/** Converts an LRO result (protobufjs message with Long/numeric enums) to the unary-call shape. */
export function plain(service: IService): IService {
  return protos.google.cloud.run.v2.Service.toObject(service as protos.google.cloud.run.v2.Service, {
    longs: String,
    enums: String,
    defaults: false,
  }) as IService;
}

export function template(image: string, extra: protos.google.cloud.run.v2.IRevisionTemplate = {}) {
  return { containers: [{ image }], ...extra };
}

/** Polls `check` until it returns true (every 5 ms, at most `timeoutMs`). */
export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not reached in time");
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** The gRPC code of a rejected call (GoogleError / ServiceError both carry `code`). */
export async function codeOf(promise: Promise<unknown>): Promise<{ code: number; message: string }> {
  try {
    await promise;
  } catch (e) {
    const err = e as { code?: number; details?: string; message?: string };
    return { code: err.code ?? -1, message: err.details ?? err.message ?? "" };
  }
  throw new Error("expected the call to fail");
}

/**
 * One emulator and its clients for the whole test file, reset before every test. The returned
 * object forwards to the harness once `beforeAll` has started it.
 */
export function useHarness(options: EmulatorOptions = {}): Harness {
  let current: Harness | undefined;
  beforeAll(async () => {
    current = await startHarness(options);
  });
  afterAll(async () => {
    await current?.close();
  });
  beforeEach(() => {
    current?.emu.control.reset();
  });
  return new Proxy({} as Harness, {
    get: (_target, key) => {
      if (!current) throw new Error("the emulator harness is used before beforeAll started it");
      return Reflect.get(current, key);
    },
  });
}
