/**
 * The real `@google-cloud/run` client against the in-process emulator: classified retries, failed
 * operations and readiness failures.
 */
import { describe, expect, it, vi } from "vitest";
import { FULL, IMAGE, rejection, SVC, service, signal, useEmulatorClient } from "../test/client-fixture.js";
import { isCloudRunError } from "./errors.js";
import type { Service } from "./model.js";

const env = useEmulatorClient();
const { retries, deploy } = env;

describe("retries", () => {
  it("retries UNAVAILABLE twice, then succeeds", async () => {
    env.emu.control.failNext("UpdateService", "UNAVAILABLE", 2);
    const created = await deploy(`${IMAGE}:1`);
    expect(created.terminalCondition?.state).toBe("CONDITION_SUCCEEDED");
    expect(env.emu.control.journal({ method: "UpdateService" }).map((c) => c.code)).toEqual([
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
    env.emu.control.failNext("GetService", "UNAVAILABLE", 2);
    expect((await env.client.getService(SVC, { signal: signal() }))?.name).toBe(FULL);
    expect(env.emu.control.journal({ method: "GetService" })).toHaveLength(3);
  });

  it("does not retry PERMISSION_DENIED", async () => {
    env.emu.control.failNext("UpdateService", "PERMISSION_DENIED", 1, {
      message: "Permission 'run.services.update' denied on resource",
    });
    const error = await rejection(env.client.createOrUpdateService(service(`${IMAGE}:1`), { signal: signal() }));
    expect(isCloudRunError(error)).toBe(true);
    expect(error).toMatchObject({ code: "PermissionDenied", retryable: false, grpcCode: 7 });
    expect((error as Error).message).toContain("run.services.update");
    expect(env.emu.control.journal({ method: "UpdateService" })).toHaveLength(1);
    expect(retries).toEqual([]);
  });

  it("says which permission is missing, on what, and whose credentials were used", async () => {
    env.emu.control.failNext("GetService", "PERMISSION_DENIED", 1, { message: "The caller does not have permission" });
    const error = await rejection(env.client.getService(SVC, { signal: signal() }));
    expect((error as Error).message).toMatch(
      /The caller does not have permission; the emulator's credentials need run\.services\.get on projects\/.+\/services\/.+: grant roles\/run\.developer/,
    );
    expect(error).toMatchObject({ code: "PermissionDenied", grpcCode: 7 });
  });

  it("gives up after the attempt bound on persistent UNAVAILABLE", async () => {
    env.emu.control.failNext("GetService", "UNAVAILABLE", "always");
    await expect(env.client.getService(SVC, { signal: signal() })).rejects.toMatchObject({ code: "Unavailable" });
    expect(env.emu.control.journal({ method: "GetService" })).toHaveLength(5);
  });

  it("does not leak env values into errors", async () => {
    const canary = "CANARY-7f3a9d";
    env.emu.control.failNext("UpdateService", "INVALID_ARGUMENT");
    const error = await rejection(
      env.client.createOrUpdateService(
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
    env.emu.control.setImageReadiness(`${IMAGE}:bad`, {
      mode: "fail",
      reason: "CONTAINER_MISSING",
      message: "The container crashed on start.",
    });
    const error = await rejection(deploy(`${IMAGE}:bad`));
    expect(isCloudRunError(error)).toBe(true);
    expect(error).toMatchObject({ code: "FailedPrecondition", reason: "CONTAINER_MISSING" });
    expect((error as Error).message).toContain("The container crashed on start.");
    const after = (await env.client.getService(SVC, { signal: signal() })) as Service;
    expect(after.trafficStatuses).toEqual(good.trafficStatuses);
    expect(after.latestReadyRevision).toBe(good.latestReadyRevision);
  });

  it("an operation failure injected by the server is surfaced with its code", async () => {
    env.emu.control.applyThenFail("UpdateService", "INTERNAL", { on: "operation", message: "route update failed" });
    await expect(deploy(`${IMAGE}:1`)).rejects.toMatchObject({
      code: "Internal",
      message: expect.stringContaining("route update failed"),
    });
  });

  it("waitUntilReady returns the reconciled service and reports progress", async () => {
    env.emu.control.setImageReadiness(`${IMAGE}:slow`, { mode: "ready", delayMs: 300 });
    const accepted = await env.client.createOrUpdateService(service(`${IMAGE}:slow`), {
      signal: signal(),
      waitForOperation: false,
    });
    expect(accepted.reconciling).toBe(true);
    const progress: string[] = [];
    const ready = await env.client.waitUntilReady(SVC, {
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
    env.emu.control.setImageReadiness(`${IMAGE}:crash`, {
      mode: "fail",
      reason: "HEALTH_CHECK_CONTAINER_ERROR",
      message: "Container failed to listen on PORT=8080.",
      delayMs: 50,
    });
    await env.client.createOrUpdateService(service(`${IMAGE}:crash`), { signal: signal(), waitForOperation: false });
    const started = performance.now();
    const error = await rejection(env.client.waitUntilReady(SVC, { signal: signal(), timeoutMs: 15_000 }));
    expect(error).toMatchObject({ code: "FailedPrecondition", reason: "HEALTH_CHECK_CONTAINER_ERROR" });
    expect((error as Error).message).toContain("Container failed to listen on PORT=8080.");
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it("an abort stops a wait promptly with Cancelled", async () => {
    env.emu.control.setImageReadiness(`${IMAGE}:never`, { mode: "never" });
    await env.client.createOrUpdateService(service(`${IMAGE}:never`), { signal: signal(), waitForOperation: false });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = performance.now();
    await expect(
      env.client.waitUntilReady(SVC, { signal: controller.signal, timeoutMs: 60_000 }),
    ).rejects.toMatchObject({
      code: "Cancelled",
    });
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(90);
    expect(elapsed).toBeLessThan(1_000);
  });

  it("an abort stops waiting for an operation, and nothing is written afterwards", async () => {
    env.emu.control.setImageReadiness(`${IMAGE}:never`, { mode: "never" });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = performance.now();
    await expect(
      env.client.createOrUpdateService(service(`${IMAGE}:never`), { signal: controller.signal }),
    ).rejects.toMatchObject({ code: "Cancelled" });
    expect(performance.now() - started).toBeLessThan(1_000);
    const abortedAt = Date.now();
    await new Promise((r) => setTimeout(r, 100));
    const writes = env.emu.control.journal({ mutating: true });
    expect(writes).toHaveLength(1);
    expect(writes.every((w) => Date.parse(w.time) < abortedAt)).toBe(true);
  });

  it("an abort during a stalled RPC cancels it at once", async () => {
    await deploy(`${IMAGE}:1`);
    env.emu.control.stall("GetService");
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = performance.now();
    await expect(env.client.getService(SVC, { signal: controller.signal })).rejects.toMatchObject({
      code: "Cancelled",
    });
    expect(performance.now() - started).toBeLessThan(1_000);
    env.emu.control.release();
  });

  it("the deadline gives DeadlineExceeded (wait and operation)", async () => {
    env.emu.control.setImageReadiness(`${IMAGE}:never`, { mode: "never" });
    const opError = await rejection(
      env.client.createOrUpdateService(service(`${IMAGE}:never`), { signal: signal(), timeoutMs: 200 }),
    );
    expect(opError).toMatchObject({ code: "DeadlineExceeded", retryable: true });
    expect((opError as Error).message).toMatch(/did not finish within 200 ms/);

    const onProgress = vi.fn();
    const started = performance.now();
    const waitError = await rejection(env.client.waitUntilReady(SVC, { signal: signal(), timeoutMs: 300, onProgress }));
    expect(waitError).toMatchObject({ code: "DeadlineExceeded" });
    expect((waitError as Error).message).toMatch(/not ready within 300 ms \(Ready=CONDITION_RECONCILING/);
    expect(performance.now() - started).toBeLessThan(1_500);
    expect(onProgress).toHaveBeenCalled();
  });

  it("waitUntilReady on a missing service is NotFound", async () => {
    await expect(env.client.waitUntilReady(SVC, { signal: signal(), timeoutMs: 5_000 })).rejects.toMatchObject({
      code: "NotFound",
    });
  });
});
