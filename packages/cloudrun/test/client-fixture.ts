// The real `@google-cloud/run` client, through CloudRunClient, against the in-process emulator, for
// the client tests. A socket guard records any TCP connection that is not to loopback; it must stay empty.
import net from "node:net";
import { type Emulator, startEmulator } from "@cr/cloudrun-emulator";
import { afterAll, afterEach, beforeAll, expect } from "vitest";
import type { CloudRunClient } from "../src/client.js";
import { type Service, shortName, type TrafficTarget } from "../src/model.js";
import { createEmulatorClient } from "../testing/index.js";

/** The error a promise rejects with (fails the test when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a rejection");
}

export const PROJECT = "test-project";
export const REGION = "us-central1";
export const SVC = "hello";
export const FULL = `projects/${PROJECT}/locations/${REGION}/services/${SVC}`;
export const IMAGE = "gcr.io/test-project/hello";

export function signal(ms = 20_000): AbortSignal {
  return AbortSignal.timeout(ms);
}

export function service(image: string, extra: Partial<Service> = {}): Service {
  return { name: SVC, ...extra, template: { containers: [{ image }], ...extra.template } };
}

export function revisionTarget(revision: string, percent: number, tag?: string): TrafficTarget {
  return {
    type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION",
    revision: shortName(revision),
    percent,
    ...(tag ? { tag } : {}),
  };
}

/** What a client test file works with; `emu` and `client` are set once `beforeAll` has run. */
export interface EmulatorClientContext {
  emu: Emulator;
  client: CloudRunClient;
  /** Retries the client reported since the last test. */
  retries: { method: string; code: string }[];
  deploy(image: string, extra?: Partial<Service>): Promise<Service>;
}

/** Starts an emulator and a client for the calling test file, resets it after each test, checks the socket guard at the end. */
export function useEmulatorClient(): EmulatorClientContext {
  const foreignConnections: string[] = [];
  let connections = 0;
  const originalConnect = net.Socket.prototype.connect;
  const ctx = {
    retries: [] as { method: string; code: string }[],
    deploy: (image: string, extra: Partial<Service> = {}) =>
      ctx.client.createOrUpdateService(service(image, extra), { signal: signal() }),
  } as EmulatorClientContext;

  beforeAll(async () => {
    net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
      const first = args[0];
      const host =
        typeof first === "object" && first !== null
          ? ((first as { host?: string; path?: string }).host ?? (first as { path?: string }).path ?? "localhost")
          : typeof args[1] === "string"
            ? args[1]
            : "localhost";
      connections++;
      if (!/^(127\.|::1$|localhost$|\/)/.test(host)) foreignConnections.push(host);
      return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
    } as typeof net.Socket.prototype.connect;
    ctx.emu = await startEmulator({ readyDelayMs: 20, controlPort: false });
    ctx.client = createEmulatorClient(
      ctx.emu.host,
      { project: PROJECT, region: REGION },
      { onRetry: (info) => ctx.retries.push({ method: info.method, code: info.error.code }) },
    );
  });

  afterEach(() => {
    ctx.emu.control.reset();
    ctx.retries.length = 0;
  });

  afterAll(async () => {
    await ctx.client?.close();
    await ctx.emu?.stop();
    net.Socket.prototype.connect = originalConnect;
    expect(connections).toBeGreaterThan(0); // the guard saw the client's own connections
    expect(foreignConnections).toEqual([]);
  });
  return ctx;
}
