/**
 * The real `@google-cloud/run` client, through CloudRunClient, against the in-process emulator.
 * A socket guard records any TCP connection that is not to loopback; it must stay empty.
 */
import net from "node:net";
import { type Emulator, startEmulator } from "@cr/cloudrun-emulator";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createEmulatorClient } from "../testing/index.js";
import type { CloudRunClient } from "./client.js";
import { isCloudRunError } from "./errors.js";
import { type Service, shortName, type TrafficTarget } from "./model.js";

/** The error a promise rejects with (fails the test when it resolves). */
async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a rejection");
}

const PROJECT = "test-project";
const REGION = "us-central1";
const SVC = "hello";
const FULL = `projects/${PROJECT}/locations/${REGION}/services/${SVC}`;
const IMAGE = "gcr.io/test-project/hello";

let emu: Emulator;
let client: CloudRunClient;
const retries: { method: string; code: string }[] = [];
const foreignConnections: string[] = [];
let connections = 0;
const originalConnect = net.Socket.prototype.connect;

function signal(ms = 20_000): AbortSignal {
  return AbortSignal.timeout(ms);
}

function service(image: string, extra: Partial<Service> = {}): Service {
  return { name: SVC, ...extra, template: { containers: [{ image }], ...extra.template } };
}

function revisionTarget(revision: string, percent: number, tag?: string): TrafficTarget {
  return {
    type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION",
    revision: shortName(revision),
    percent,
    ...(tag ? { tag } : {}),
  };
}

async function deploy(image: string, extra: Partial<Service> = {}): Promise<Service> {
  return client.createOrUpdateService(service(image, extra), { signal: signal() });
}

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
  emu = await startEmulator({ readyDelayMs: 20, controlPort: false });
  client = createEmulatorClient(
    emu.host,
    { project: PROJECT, region: REGION },
    { onRetry: (info) => retries.push({ method: info.method, code: info.error.code }) },
  );
});

afterEach(() => {
  emu.control.reset();
  retries.length = 0;
});

afterAll(async () => {
  await client?.close();
  await emu?.stop();
  net.Socket.prototype.connect = originalConnect;
  expect(connections).toBeGreaterThan(0); // the guard saw the client's own connections
  expect(foreignConnections).toEqual([]);
});

describe("connection", () => {
  it("uses the emulator host from the environment, in plaintext", () => {
    expect(client.connection).toEqual({ kind: "emulator", host: "127.0.0.1", port: emu.port });
    expect(client.servicePath(SVC)).toBe(FULL);
    expect(client.revisionPath(SVC, "hello-001")).toBe(`${FULL}/revisions/hello-001`);
  });
});

describe("services", () => {
  it("getService returns null for a missing service", async () => {
    expect(await client.getService(SVC, { signal: signal() })).toBeNull();
    expect(emu.control.journal({ method: "GetService" })).toHaveLength(1);
  });

  it("creates a service with UpdateService(allow_missing) and returns the plain model", async () => {
    const created = await deploy(`${IMAGE}:1`, { labels: { team: "a" } });
    expect(created.name).toBe(FULL);
    expect(created.generation).toBe(1);
    expect(created.observedGeneration).toBe(1);
    expect(created.terminalCondition?.state).toBe("CONDITION_SUCCEEDED");
    expect(created.latestCreatedRevision).toBe(created.latestReadyRevision);
    expect(created.labels).toEqual({ team: "a" });
    expect(typeof created.etag).toBe("string");
    expect(JSON.parse(JSON.stringify(created))).toEqual(created); // no Long, no classes
    const updates = emu.control.journal({ method: "UpdateService" });
    expect(updates).toHaveLength(1);
    expect(updates[0]?.request).toMatchObject({ allowMissing: true });
    expect(await client.getService(SVC, { signal: signal() })).toEqual(created);
  });

  it("updates a service: a template change creates a new revision", async () => {
    const first = await deploy(`${IMAGE}:1`);
    const second = await deploy(`${IMAGE}:2`, { etag: first.etag as string });
    expect(second.generation).toBe(2);
    expect(second.latestCreatedRevision).not.toBe(first.latestCreatedRevision);
    expect(second.template.containers[0]?.image).toBe(`${IMAGE}:2`);
    const revisions = await client.listRevisions(SVC, { signal: signal() });
    expect(revisions.map((r) => r.name).sort()).toEqual(
      [first.latestCreatedRevision, second.latestCreatedRevision].sort(),
    );
  });

  it("re-applying the same desired state creates no revision", async () => {
    const first = await deploy(`${IMAGE}:1`);
    const again = await deploy(`${IMAGE}:1`);
    expect(again.latestCreatedRevision).toBe(first.latestCreatedRevision);
    expect(await client.listRevisions(SVC, { signal: signal() })).toHaveLength(1);
  });

  it("a stale etag on update is Aborted and not retried", async () => {
    const first = await deploy(`${IMAGE}:1`);
    emu.control.bumpEtag(FULL);
    await expect(
      client.createOrUpdateService(service(`${IMAGE}:2`), { signal: signal(), etag: first.etag as string }),
    ).rejects.toMatchObject({ name: "CloudRunError", code: "Aborted", retryable: false });
    expect(emu.control.journal({ method: "UpdateService" })).toHaveLength(2);
  });

  it("validateOnly returns the defaulted service and changes nothing", async () => {
    const validated = await client.createOrUpdateService(service(`${IMAGE}:1`), {
      signal: signal(),
      validateOnly: true,
    });
    expect(validated.template.containers[0]?.image).toBe(`${IMAGE}:1`);
    expect(validated.ingress).toBe("INGRESS_TRAFFIC_ALL");
    expect(await client.getService(SVC, { signal: signal() })).toBeNull();
    expect(emu.control.journal({ mutating: true })).toHaveLength(0);
  });
});

describe("traffic-only update", () => {
  it("changes traffic without creating a revision, using the etag", async () => {
    const first = await deploy(`${IMAGE}:1`);
    const second = await deploy(`${IMAGE}:2`);
    const live = (await client.getService(SVC, { signal: signal() })) as Service;
    const split = [
      revisionTarget(first.latestCreatedRevision as string, 90),
      revisionTarget(second.latestCreatedRevision as string, 10, "canary"),
    ];
    emu.control.clearJournal();
    const updated = await client.updateTraffic(SVC, split, { signal: signal(), etag: live.etag as string });
    expect(updated.traffic).toEqual(split);
    expect(updated.latestCreatedRevision).toBe(second.latestCreatedRevision);
    expect(updated.template).toEqual(live.template);
    expect(
      updated.trafficStatuses?.map((t) => [t.revision && shortName(t.revision), t.percent ?? 0, t.tag ?? ""]),
    ).toEqual([
      [shortName(first.latestCreatedRevision as string), 90, ""],
      [shortName(second.latestCreatedRevision as string), 10, "canary"],
    ]);
    expect(await client.listRevisions(SVC, { signal: signal() })).toHaveLength(2);
    const [write] = emu.control.journal({ method: "UpdateService" });
    expect(write?.request).toMatchObject({ updateMask: ["traffic"], service: { etag: live.etag } });
  });

  it("a lost reply (applied, then UNAVAILABLE) is retried once and recognised as applied", async () => {
    const first = await deploy(`${IMAGE}:1`);
    const second = await deploy(`${IMAGE}:2`);
    const split = [
      revisionTarget(first.latestCreatedRevision as string, 50),
      revisionTarget(second.latestCreatedRevision as string, 50),
    ];
    emu.control.applyThenFail("UpdateService", "UNAVAILABLE");
    emu.control.clearJournal();
    const updated = await client.updateTraffic(SVC, split, { signal: signal(), etag: second.etag as string });
    expect(updated.traffic).toEqual(split);
    const writes = emu.control.journal({ method: "UpdateService" });
    expect(writes.map((w) => [w.code, w.applied])).toEqual([
      ["UNAVAILABLE", true],
      ["ABORTED", false],
    ]);
  });

  it("a lost reply on create-or-update with a named revision is recognised as applied (one revision)", async () => {
    const first = await deploy(`${IMAGE}:1`);
    emu.control.applyThenFail("UpdateService", "UNAVAILABLE");
    emu.control.clearJournal();
    const named = service(`${IMAGE}:2`, {
      template: { ...service(`${IMAGE}:2`).template!, revision: `${SVC}-named-two` },
      traffic: [revisionTarget(first.latestCreatedRevision as string, 100)],
    });
    const applied = await client.createOrUpdateService(named, { signal: signal(), etag: first.etag as string });
    expect(shortName(applied.latestReadyRevision as string)).toBe(`${SVC}-named-two`);
    expect(emu.control.journal({ method: "UpdateService" }).map((w) => [w.code, w.applied])).toEqual([
      ["UNAVAILABLE", true],
      ["ABORTED", false],
    ]);
    expect(await client.listRevisions(SVC, { signal: signal() })).toHaveLength(2);
  });

  it("a lost reply on create-or-update stays Aborted when the live revision is someone else's", async () => {
    const first = await deploy(`${IMAGE}:1`);
    // Our first attempt is held, then fails without being applied; meanwhile someone else writes.
    emu.control.failNext("UpdateService", "UNAVAILABLE");
    emu.control.stall("UpdateService", { times: 1 });
    const named = service(`${IMAGE}:3`, { template: { ...service(`${IMAGE}:3`).template!, revision: `${SVC}-three` } });
    const attempt = client.createOrUpdateService(named, { signal: signal(), etag: first.etag as string });
    const settled = attempt.catch((error: unknown) => error);
    await vi.waitFor(() => expect(emu.control.heldCalls()).toBe(1));
    emu.control.bumpEtag(client.servicePath(SVC));
    emu.control.release();
    expect(await settled).toMatchObject({ code: "Aborted" });
    expect(await client.listRevisions(SVC, { signal: signal() })).toHaveLength(1);
  });

  it("an etag refusal on retry is still Aborted when the live traffic is not ours", async () => {
    const first = await deploy(`${IMAGE}:1`);
    const second = await deploy(`${IMAGE}:2`);
    emu.control.failNext("UpdateService", "UNAVAILABLE");
    emu.control.bumpEtagAfter("GetService"); // someone else writes between our read and our retry
    await expect(
      client.updateTraffic(
        SVC,
        [
          revisionTarget(first.latestCreatedRevision as string, 50),
          revisionTarget(second.latestCreatedRevision as string, 50),
        ],
        { signal: signal() },
      ),
    ).rejects.toMatchObject({ code: "Aborted" });
  });

  it("refuses without writing when the service changed since the plan's etag", async () => {
    const first = await deploy(`${IMAGE}:1`);
    emu.control.bumpEtag(FULL);
    emu.control.clearJournal();
    await expect(
      client.updateTraffic(SVC, [revisionTarget(first.latestCreatedRevision as string, 100)], {
        signal: signal(),
        etag: first.etag as string,
      }),
    ).rejects.toMatchObject({ code: "Aborted" });
    // The service as the deploy left it still carries that etag, so the write goes out with it and
    // Cloud Run refuses it; nothing changes.
    const writes = emu.control.journal({ mutating: true });
    expect(writes.map((w) => [w.code, w.applied])).toEqual([["ABORTED", false]]);
  });

  it("fails with NotFound for a missing service", async () => {
    await expect(client.updateTraffic(SVC, [], { signal: signal() })).rejects.toMatchObject({ code: "NotFound" });
  });
});

describe("revisions", () => {
  it("lists revisions across pages", async () => {
    const names: string[] = [];
    for (let i = 1; i <= 5; i++) names.push((await deploy(`${IMAGE}:${i}`)).latestCreatedRevision as string);
    emu.control.clearJournal();
    const revisions = await client.listRevisions(SVC, { signal: signal(), pageSize: 2 });
    expect(revisions.map((r) => r.name)).toEqual([...names].reverse()); // newest first
    expect(emu.control.journal({ method: "ListRevisions" })).toHaveLength(3);
    expect(revisions[0]?.containers?.[0]?.image).toBe(`${IMAGE}:5`);
    expect(typeof revisions[0]?.generation).toBe("number");
  });

  it("gets a revision by full name or by short id and service; null when missing", async () => {
    const created = await deploy(`${IMAGE}:1`);
    const full = created.latestCreatedRevision as string;
    const byFull = await client.getRevision(full, { signal: signal() });
    expect(byFull?.name).toBe(full);
    expect(byFull?.conditions?.find((c) => c.type === "Ready")?.state).toBe("CONDITION_SUCCEEDED");
    expect(await client.getRevision(shortName(full), { signal: signal(), service: SVC })).toEqual(byFull);
    expect(await client.getRevision(`${FULL}/revisions/${SVC}-99999-zzz`, { signal: signal() })).toBeNull();
    await expect(client.getRevision("hello-1", { signal: signal() })).rejects.toMatchObject({
      code: "InvalidArgument",
    });
  });

  it("deletes a retired revision; deleting the latest one is FailedPrecondition and not retried", async () => {
    const first = await deploy(`${IMAGE}:1`);
    const second = await deploy(`${IMAGE}:2`);
    await client.deleteRevision(first.latestCreatedRevision as string, { signal: signal() });
    expect(await client.getRevision(first.latestCreatedRevision as string, { signal: signal() })).toBeNull();
    expect((await client.listRevisions(SVC, { signal: signal() })).map((r) => r.name)).toEqual([
      second.latestCreatedRevision,
    ]);
    emu.control.clearJournal();
    await expect(
      client.deleteRevision(second.latestCreatedRevision as string, { signal: signal() }),
    ).rejects.toMatchObject({ code: "FailedPrecondition" });
    expect(emu.control.journal({ method: "DeleteRevision" })).toHaveLength(1);
  });

  it("a DeleteRevision whose reply was lost is retried and counts as done", async () => {
    const first = await deploy(`${IMAGE}:1`);
    await deploy(`${IMAGE}:2`);
    emu.control.applyThenFail("DeleteRevision", "UNAVAILABLE");
    await client.deleteRevision(first.latestCreatedRevision as string, { signal: signal() });
    const calls = emu.control.journal({ method: "DeleteRevision" });
    expect(calls.map((c) => c.code)).toEqual(["UNAVAILABLE", "NOT_FOUND"]);
  });
});

describe("retries", () => {
  it("retries UNAVAILABLE twice, then succeeds", async () => {
    emu.control.failNext("UpdateService", "UNAVAILABLE", 2);
    const created = await deploy(`${IMAGE}:1`);
    expect(created.terminalCondition?.state).toBe("CONDITION_SUCCEEDED");
    expect(emu.control.journal({ method: "UpdateService" }).map((c) => c.code)).toEqual([
      "UNAVAILABLE",
      "UNAVAILABLE",
      "OK",
    ]);
    expect(retries).toEqual([
      { method: "UpdateService", code: "Unavailable" },
      { method: "UpdateService", code: "Unavailable" },
    ]);
  });

  it("retries reads on UNAVAILABLE too", async () => {
    await deploy(`${IMAGE}:1`);
    emu.control.failNext("GetService", "UNAVAILABLE", 2);
    expect((await client.getService(SVC, { signal: signal() }))?.name).toBe(FULL);
    expect(emu.control.journal({ method: "GetService" })).toHaveLength(3);
  });

  it("does not retry PERMISSION_DENIED", async () => {
    emu.control.failNext("UpdateService", "PERMISSION_DENIED", 1, {
      message: "Permission 'run.services.update' denied on resource",
    });
    const error = await rejection(client.createOrUpdateService(service(`${IMAGE}:1`), { signal: signal() }));
    expect(isCloudRunError(error)).toBe(true);
    expect(error).toMatchObject({ code: "PermissionDenied", retryable: false, grpcCode: 7 });
    expect((error as Error).message).toContain("run.services.update");
    expect(emu.control.journal({ method: "UpdateService" })).toHaveLength(1);
    expect(retries).toEqual([]);
  });

  it("says which permission is missing, on what, and whose credentials were used", async () => {
    emu.control.failNext("GetService", "PERMISSION_DENIED", 1, { message: "The caller does not have permission" });
    const error = await rejection(client.getService(SVC, { signal: signal() }));
    expect((error as Error).message).toMatch(
      /The caller does not have permission; the emulator's credentials need run\.services\.get on projects\/.+\/services\/.+: grant roles\/run\.developer/,
    );
    expect(error).toMatchObject({ code: "PermissionDenied", grpcCode: 7 });
  });

  it("gives up after the attempt bound on persistent UNAVAILABLE", async () => {
    emu.control.failNext("GetService", "UNAVAILABLE", "always");
    await expect(client.getService(SVC, { signal: signal() })).rejects.toMatchObject({ code: "Unavailable" });
    expect(emu.control.journal({ method: "GetService" })).toHaveLength(5);
  });

  it("does not leak env values into errors", async () => {
    const canary = "CANARY-7f3a9d";
    emu.control.failNext("UpdateService", "INVALID_ARGUMENT");
    const error = await rejection(
      client.createOrUpdateService(
        service(`${IMAGE}:1`, {
          template: { containers: [{ image: `${IMAGE}:1`, env: [{ name: "DB_PASSWORD", value: canary }] }] },
        }),
        { signal: signal() },
      ),
    );
    expect(error).toMatchObject({ code: "InvalidArgument" });
    expect(`${error.message} ${String(error)} ${error.stack}`).not.toContain(canary);
  });
});

describe("failures and readiness", () => {
  it("an operation that ends in error is a CloudRunError with the reason; traffic is unchanged", async () => {
    const good = await deploy(`${IMAGE}:1`);
    emu.control.setImageReadiness(`${IMAGE}:bad`, {
      mode: "fail",
      reason: "CONTAINER_MISSING",
      message: "The container crashed on start.",
    });
    const error = await rejection(deploy(`${IMAGE}:bad`));
    expect(isCloudRunError(error)).toBe(true);
    expect(error).toMatchObject({ code: "FailedPrecondition", reason: "CONTAINER_MISSING" });
    expect((error as Error).message).toContain("The container crashed on start.");
    const after = (await client.getService(SVC, { signal: signal() })) as Service;
    expect(after.trafficStatuses).toEqual(good.trafficStatuses);
    expect(after.latestReadyRevision).toBe(good.latestReadyRevision);
  });

  it("an operation failure injected by the server is surfaced with its code", async () => {
    emu.control.applyThenFail("UpdateService", "INTERNAL", { on: "operation", message: "route update failed" });
    await expect(deploy(`${IMAGE}:1`)).rejects.toMatchObject({
      code: "Internal",
      message: expect.stringContaining("route update failed"),
    });
  });

  it("waitUntilReady returns the reconciled service and reports progress", async () => {
    emu.control.setImageReadiness(`${IMAGE}:slow`, { mode: "ready", delayMs: 300 });
    const accepted = await client.createOrUpdateService(service(`${IMAGE}:slow`), {
      signal: signal(),
      waitForOperation: false,
    });
    expect(accepted.reconciling).toBe(true);
    const progress: string[] = [];
    const ready = await client.waitUntilReady(SVC, {
      signal: signal(),
      timeoutMs: 10_000,
      onProgress: (p) => progress.push(p.state),
    });
    expect(ready.terminalCondition?.state).toBe("CONDITION_SUCCEEDED");
    expect(ready.latestReadyRevision).toBe(ready.latestCreatedRevision);
    expect(progress[0]).toBe("pending");
    expect(progress.at(-1)).toBe("ready");
  });

  it("Ready=False fails fast with the reason", async () => {
    emu.control.setImageReadiness(`${IMAGE}:crash`, {
      mode: "fail",
      reason: "HEALTH_CHECK_CONTAINER_ERROR",
      message: "Container failed to listen on PORT=8080.",
      delayMs: 50,
    });
    await client.createOrUpdateService(service(`${IMAGE}:crash`), { signal: signal(), waitForOperation: false });
    const started = performance.now();
    const error = await rejection(client.waitUntilReady(SVC, { signal: signal(), timeoutMs: 15_000 }));
    expect(error).toMatchObject({ code: "FailedPrecondition", reason: "HEALTH_CHECK_CONTAINER_ERROR" });
    expect((error as Error).message).toContain("Container failed to listen on PORT=8080.");
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it("an abort stops a wait promptly with Cancelled", async () => {
    emu.control.setImageReadiness(`${IMAGE}:never`, { mode: "never" });
    await client.createOrUpdateService(service(`${IMAGE}:never`), { signal: signal(), waitForOperation: false });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = performance.now();
    await expect(client.waitUntilReady(SVC, { signal: controller.signal, timeoutMs: 60_000 })).rejects.toMatchObject({
      code: "Cancelled",
    });
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(90);
    expect(elapsed).toBeLessThan(1_000);
  });

  it("an abort stops waiting for an operation, and nothing is written afterwards", async () => {
    emu.control.setImageReadiness(`${IMAGE}:never`, { mode: "never" });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = performance.now();
    await expect(
      client.createOrUpdateService(service(`${IMAGE}:never`), { signal: controller.signal }),
    ).rejects.toMatchObject({ code: "Cancelled" });
    expect(performance.now() - started).toBeLessThan(1_000);
    const abortedAt = Date.now();
    await new Promise((r) => setTimeout(r, 100));
    const writes = emu.control.journal({ mutating: true });
    expect(writes).toHaveLength(1);
    expect(writes.every((w) => Date.parse(w.time) < abortedAt)).toBe(true);
  });

  it("an abort during a stalled RPC cancels it at once", async () => {
    await deploy(`${IMAGE}:1`);
    emu.control.stall("GetService");
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = performance.now();
    await expect(client.getService(SVC, { signal: controller.signal })).rejects.toMatchObject({ code: "Cancelled" });
    expect(performance.now() - started).toBeLessThan(1_000);
    emu.control.release();
  });

  it("the deadline gives DeadlineExceeded (wait and operation)", async () => {
    emu.control.setImageReadiness(`${IMAGE}:never`, { mode: "never" });
    const opError = await rejection(
      client.createOrUpdateService(service(`${IMAGE}:never`), { signal: signal(), timeoutMs: 200 }),
    );
    expect(opError).toMatchObject({ code: "DeadlineExceeded", retryable: true });
    expect((opError as Error).message).toMatch(/did not finish within 200 ms/);

    const onProgress = vi.fn();
    const started = performance.now();
    const waitError = await rejection(client.waitUntilReady(SVC, { signal: signal(), timeoutMs: 300, onProgress }));
    expect(waitError).toMatchObject({ code: "DeadlineExceeded" });
    expect((waitError as Error).message).toMatch(/not ready within 300 ms \(Ready=CONDITION_RECONCILING/);
    expect(performance.now() - started).toBeLessThan(1_500);
    expect(onProgress).toHaveBeenCalled();
  });

  it("waitUntilReady on a missing service is NotFound", async () => {
    await expect(client.waitUntilReady(SVC, { signal: signal(), timeoutMs: 5_000 })).rejects.toMatchObject({
      code: "NotFound",
    });
  });
});

describe("close", () => {
  it("rejects calls after close", async () => {
    const other = createEmulatorClient(emu.host, { project: PROJECT, region: REGION });
    expect(await other.getService(SVC, { signal: signal() })).toBeNull();
    await other.close();
    await expect(other.getService(SVC, { signal: signal() })).rejects.toMatchObject({ code: "FailedPrecondition" });
  });
});
