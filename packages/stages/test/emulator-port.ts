/**
 * Test-only `CloudRunPort` over the real `@cr/cloudrun` client and the emulator, to run the stages
 * end to end in this package's tests (the production adapter is in apps/plugin).
 */
import { CloudRunClient, type Service, type TrafficTarget } from "@cr/cloudrun";
import { type Emulator, startEmulator } from "@cr/cloudrun-emulator";
import type { ApplyOptions, CloudRunPort, WaitOptions, WriteOptions } from "../src/ports.js";

export const EMULATOR_PROJECT = "test-project";
export const EMULATOR_REGION = "us-central1";

export class EmulatorCloudRunPort implements CloudRunPort {
  constructor(readonly client: CloudRunClient) {}

  getService(serviceId: string, signal: AbortSignal) {
    return this.client.getService(serviceId, { signal });
  }

  applyService(service: Service, options: ApplyOptions) {
    // Cloud Run's operation finishes only once the service reconciled (the revision is Ready).
    return this.client.createOrUpdateService(service, {
      signal: options.signal,
      ...(options.waitTimeoutMs === undefined ? { waitForOperation: false } : { timeoutMs: options.waitTimeoutMs }),
      ...(options.etag === undefined ? {} : { etag: options.etag }),
    });
  }

  updateTraffic(serviceId: string, traffic: TrafficTarget[], options: WriteOptions) {
    return this.client.updateTraffic(serviceId, traffic, {
      signal: options.signal,
      ...(options.etag === undefined ? {} : { etag: options.etag }),
    });
  }

  waitUntilReady(serviceId: string, options: WaitOptions) {
    return this.client.waitUntilReady(serviceId, {
      signal: options.signal,
      timeoutMs: options.timeoutMs,
      onProgress: (p) => options.onProgress?.(p.summary),
    });
  }

  getRevision(serviceId: string, revisionId: string, signal: AbortSignal) {
    return this.client.getRevision(revisionId, { service: serviceId, signal });
  }

  listRevisions(serviceId: string, signal: AbortSignal) {
    return this.client.listRevisions(serviceId, { signal });
  }

  deleteRevision(serviceId: string, revisionId: string, signal: AbortSignal) {
    return this.client.deleteRevision(revisionId, { service: serviceId, signal });
  }
}

export interface EmulatorHarness {
  emulator: Emulator;
  client: CloudRunClient;
  port: EmulatorCloudRunPort;
  close(): Promise<void>;
}

/** Starts an emulator and a client with fast polling and small retry bounds (tests only). */
export async function startEmulatorHarness(readyDelayMs = 20): Promise<EmulatorHarness> {
  const emulator = await startEmulator({ readyDelayMs, controlPort: false });
  const client = new CloudRunClient(
    { project: EMULATOR_PROJECT, region: EMULATOR_REGION },
    {
      env: { CLOUD_RUN_EMULATOR_HOST: emulator.host },
      poll: { initialMs: 5, maxMs: 25, multiplier: 1.5 },
      retry: { maxAttempts: 3, maxElapsedMs: 2_000, baseDelayMs: 5, maxDelayMs: 20 },
      operationTimeoutMs: 10_000,
    },
  );
  return {
    emulator,
    client,
    port: new EmulatorCloudRunPort(client),
    async close() {
      await client.close();
      await emulator.stop();
    },
  };
}
