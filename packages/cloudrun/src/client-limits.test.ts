/** The real `@google-cloud/run` client against the emulator, with requests over the transport's size limit. */
import { type Emulator, startEmulator } from "@cr/cloudrun-emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmulatorClient } from "../testing/index.js";
import type { CloudRunClient } from "./client.js";
import { isCloudRunError } from "./errors.js";

let emu: Emulator;
let client: CloudRunClient;
const retries: string[] = [];

beforeAll(async () => {
  emu = await startEmulator({ readyDelayMs: 5 });
  client = createEmulatorClient(emu.host, {}, { onRetry: (info) => retries.push(`${info.method} ${info.error.code}`) });
});
afterAll(async () => {
  await client.close();
  await emu.stop();
});

describe("a request larger than the transport accepts", () => {
  it("is a clear InvalidArgument naming the limit, not retried as a rate limit, and nothing is written", async () => {
    const huge = "v".repeat(50 * 1024 * 1024);
    const error = await client
      .createOrUpdateService(
        { name: "big", template: { containers: [{ image: "gcr.io/p/big:1", env: [{ name: "BLOB", value: huge }] }] } },
        { signal: AbortSignal.timeout(60_000) },
      )
      .catch((e: unknown) => e);
    expect(isCloudRunError(error)).toBe(true);
    const e = error as { code: string; message: string; retryable: boolean };
    expect(e.code).toBe("InvalidArgument");
    expect(e.retryable).toBe(false);
    expect(e.message).toMatch(
      /the message is too large \(\d+ bytes, more than the 4194304 bytes a gRPC message may have\)/,
    );
    expect(e.message).not.toContain("vvvvvvvvvv");
    expect(retries).toEqual([]);
    expect(emu.control.journal({ mutating: true })).toEqual([]);
    // The client still works.
    expect(await client.getService("big", { signal: AbortSignal.timeout(10_000) })).toBeNull();
  });
});
