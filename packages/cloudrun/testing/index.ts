/**
 * `@cr/cloudrun/testing`: helpers for tests of this and other packages. Nothing here talks to
 * Google; a client built with {@link createEmulatorClient} connects in plaintext to the given host
 * with a fake token and never looks up credentials.
 */

import type { DeployTargetConfig } from "@cr/config";
import { EMULATOR_HOST_ENV } from "../src/auth.js";
import { CloudRunClient, type CloudRunClientOptions } from "../src/client.js";

/** Retry and polling settings that keep emulator tests fast (milliseconds, not seconds). */
export const FAST_CLIENT_OPTIONS: Readonly<CloudRunClientOptions> = {
  retry: { maxAttempts: 5, maxElapsedMs: 5_000, baseDelayMs: 5, maxDelayMs: 20 },
  rpcTimeoutMs: 5_000,
  operationTimeoutMs: 20_000,
  poll: { initialMs: 10, maxMs: 50, multiplier: 1.5 },
};

/**
 * A client for an emulator at `host` (`127.0.0.1:PORT`), as if `CLOUD_RUN_EMULATOR_HOST` were set.
 * Project and region default to `test-project` / `us-central1`; options default to
 * {@link FAST_CLIENT_OPTIONS}.
 */
export function createEmulatorClient(
  host: string,
  target: Partial<DeployTargetConfig> = {},
  options: CloudRunClientOptions = {},
): CloudRunClient {
  return new CloudRunClient(
    { project: target.project ?? "test-project", region: target.region ?? "us-central1" },
    {
      ...FAST_CLIENT_OPTIONS,
      ...options,
      retry: { ...FAST_CLIENT_OPTIONS.retry, ...options.retry },
      poll: { ...FAST_CLIENT_OPTIONS.poll, ...options.poll },
      env: { [EMULATOR_HOST_ENV]: host },
    },
  );
}
