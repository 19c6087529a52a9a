/**
 * How many Cloud Run calls the client makes, read from the emulator's journal: operations are
 * waited on with WaitOperation (GetOperation only where WaitOperation is unimplemented), and a
 * traffic update right after a read does not read the service again.
 */
import { type Emulator, startEmulator } from "@cr/cloudrun-emulator";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createEmulatorClient } from "../testing/index.js";
import type { CloudRunClient } from "./client.js";
import { type Service, shortName } from "./model.js";

const SVC = "calls";
const IMAGE = "gcr.io/test-project/calls";
const READY_DELAY_MS = 150;

let emu: Emulator;
let client: CloudRunClient;
const signal = () => AbortSignal.timeout(20_000);

function desired(image: string, revision?: string): Service {
  return { name: SVC, template: { containers: [{ image }], ...(revision ? { revision } : {}) } };
}

const methods = () => emu.control.journal().map((e) => e.method);

beforeAll(async () => {
  emu = await startEmulator({ readyDelayMs: READY_DELAY_MS, controlPort: false });
  // A slow poll: a GetOperation loop would need several polls and notice readiness late.
  client = createEmulatorClient(emu.host, {}, { poll: { initialMs: 400, maxMs: 1000, multiplier: 1.5 } });
});

afterEach(() => emu.control.reset());

afterAll(async () => {
  await client?.close();
  await emu?.stop();
});

describe("operations", () => {
  it("waits for a deployment with WaitOperation and notices readiness at once", async () => {
    const created = await client.createOrUpdateService(desired(`${IMAGE}:1`), { signal: signal() });
    expect(created.terminalCondition?.state).toBe("CONDITION_SUCCEEDED");
    // One wait that the server answers when the revision is Ready: no polling.
    expect(methods()).toEqual(["UpdateService", "WaitOperation"]);
  });

  it("polls with GetOperation when the server does not implement WaitOperation", async () => {
    emu.control.failNext("WaitOperation", "UNIMPLEMENTED", "always");
    const created = await client.createOrUpdateService(desired(`${IMAGE}:1`), { signal: signal() });
    expect(created.terminalCondition?.state).toBe("CONDITION_SUCCEEDED");
    const calls = methods();
    expect(calls.slice(0, 2)).toEqual(["UpdateService", "WaitOperation"]);
    expect(calls.filter((m) => m === "WaitOperation")).toHaveLength(1);
    expect(calls.slice(2).every((m) => m === "GetOperation")).toBe(true);
    expect(calls.length).toBeGreaterThan(2);
  });
});

describe("traffic updates", () => {
  it("reuses the service just read when the etag matches: one read, one write", async () => {
    await client.createOrUpdateService(desired(`${IMAGE}:1`, `${SVC}-one`), { signal: signal() });
    await client.createOrUpdateService(
      {
        ...desired(`${IMAGE}:2`, `${SVC}-two`),
        traffic: [{ type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION", revision: `${SVC}-one`, percent: 100 }],
      },
      { signal: signal() },
    );
    emu.control.clearJournal();
    const live = (await client.getService(SVC, { signal: signal() })) as Service;
    const traffic = [
      { type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION" as const, revision: `${SVC}-two`, percent: 10 },
      { type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION" as const, revision: `${SVC}-one`, percent: 90 },
    ];
    const updated = await client.updateTraffic(SVC, traffic, { etag: live.etag as string, signal: signal() });
    expect(updated.trafficStatuses?.map((t) => [shortName(t.revision ?? ""), t.percent]).sort()).toEqual([
      [`${SVC}-one`, 90],
      [`${SVC}-two`, 10],
    ]);
    const calls = methods();
    expect(calls.filter((m) => m === "GetService")).toHaveLength(1);
    expect(calls.filter((m) => m === "UpdateService")).toHaveLength(1);
    expect(calls.every((m) => ["GetService", "UpdateService", "WaitOperation"].includes(m))).toBe(true);
  });

  it("reads the service again when the etag it is given is not the one last read", async () => {
    await client.createOrUpdateService(desired(`${IMAGE}:1`, `${SVC}-one`), { signal: signal() });
    const live = (await client.getService(SVC, { signal: signal() })) as Service;
    emu.control.bumpEtag(live.name as string);
    emu.control.clearJournal();
    const traffic = [
      { type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION" as const, revision: `${SVC}-one`, percent: 100 },
    ];
    const error = await client.updateTraffic(SVC, traffic, { etag: "stale-etag", signal: signal() }).then(
      () => undefined,
      (e: unknown) => e as { code: string },
    );
    expect(error?.code).toBe("Aborted");
    // One fresh read to compare etags, and no write.
    expect(methods()).toEqual(["GetService"]);
  });
});
