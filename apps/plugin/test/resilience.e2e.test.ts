// End to end: stages cut off by piped (SIGTERM, cancel, lost replies) converge without a second change.
import { GrpcStatus, StageStatus } from "@cr/sdk-host/testing";
import { afterEach, describe, expect, it } from "vitest";
import { CANARY, canaryV1DeployedV2Planned, startWorld, type World } from "./harness.js";
import { percentages, signal } from "./live.js";

const SERVICE = CANARY.service;

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("stages cut off by piped", () => {
  let world: World | undefined;
  afterEach(async () => {
    await world?.stop();
    world = undefined;
  });

  it("SIGTERM mid-SYNC: the call is aborted, the log stays open, and piped's re-run after restart converges", async () => {
    world = await startWorld();
    const { v1, v2, planned, sync } = await canaryV1DeployedV2Planned(world);
    world.emulator.control.setImageReadiness("gcr.io/example/helloworld:v2.0.0", { mode: "ready", delayMs: 3_000 });

    const cutOff = world.plugin.executeStage(planned, sync, { target: v2, running: v1 }).then(
      (res) => ({ status: res.status, code: undefined as number | undefined }),
      (error: { code: number }) => ({ status: undefined, code: error.code }),
    );
    // Wait until the stage is waiting for readiness, then stop the plugin as piped does.
    await waitFor(async () => (await world!.cloudRun.listRevisions(SERVICE, { signal })).length === 2);
    const snapshot = world.piped.pluginMetadata(planned.id, "cloudrun");
    const exit = await world.plugin.stop(10_000);
    expect(exit).toEqual({ code: 0, signal: null });
    const outcome = await cutOff;
    expect(outcome.status).toBeUndefined();
    expect([GrpcStatus.UNAVAILABLE, GrpcStatus.CANCELLED]).toContain(outcome.code);
    expect(world.piped.stageLog(planned.id, sync.id).completed).toBe(false);
    const { rev1 } = CANARY;
    expect(percentages(await world.cloudRun.getService(SERVICE, { signal }))).toEqual({ [rev1]: 100 });

    // piped restarts the plugin and runs the same stage again.
    await world.relaunch();
    const rerun = await world.plugin.executeStage(planned, sync, { target: v2, running: v1 });
    expect(rerun.status).toBe(StageStatus.STAGE_SUCCESS);
    // The pre-deployment snapshot and the ids are kept; `last-traffic` is the split the stage left.
    const { "last-traffic": lastTraffic, ...kept } = world.piped.pluginMetadata(planned.id, "cloudrun");
    const { "last-traffic": _before, ...keptBefore } = snapshot;
    expect(kept).toEqual(keptBefore);
    expect(lastTraffic).toContain('"service":"helloworld-canary"');
    expect((await world.cloudRun.listRevisions(SERVICE, { signal })).length).toBe(2);
    const log = world.piped.stageLog(planned.id, sync.id);
    expect(log.completed).toBe(true);
    expect(log.blocks.map((b) => b.log).join("\n")).toContain("is ready");
  });

  it("a cancelled ExecuteStage returns promptly and makes no Cloud Run change after the cancel", async () => {
    world = await startWorld();
    const { v1, v2, planned, sync } = await canaryV1DeployedV2Planned(world);
    world.emulator.control.setImageReadiness("gcr.io/example/helloworld:v2.0.0", { mode: "never" });

    const cancel = new AbortController();
    const pending = world.plugin
      .executeStage(planned, sync, { target: v2, running: v1 }, { signal: cancel.signal })
      .catch((error: { code: number }) => error);
    await waitFor(async () => (await world!.cloudRun.listRevisions(SERVICE, { signal })).length === 2);
    const cancelledAt = new Date().toISOString();
    cancel.abort();
    expect(await pending).toMatchObject({ code: GrpcStatus.CANCELLED });
    // The plugin finishes the stage quickly: its log is completed, with the cancellation in it.
    await waitFor(() => world!.piped.stageLog(planned.id, sync.id).completed, 5_000);
    expect(world.piped.stageLogText(planned.id, sync.id).join("\n")).toMatch(/cancel/i);
    const lateWrites = world.mutations().filter((e) => e.time > cancelledAt);
    expect(lateWrites).toEqual([]);
    const { rev1 } = CANARY;
    expect(percentages(await world.cloudRun.getService(SERVICE, { signal }))).toEqual({ [rev1]: 100 });
  });

  it("lost replies (applied, then UNAVAILABLE) on the deploy and on a traffic write converge without a second change", async () => {
    world = await startWorld();
    const { v1, v2, planned } = await canaryV1DeployedV2Planned(world);
    world.emulator.control.applyThenFail("UpdateService", "UNAVAILABLE", { times: 2 });
    const run = await world.plugin.run(planned, { target: v2, running: v1 });
    expect(run.stages.map((s) => s.status)).toEqual(
      planned.stages.filter((s) => !s.rollback).map(() => StageStatus.STAGE_SUCCESS),
    );
    const { rev2 } = CANARY;
    expect(percentages(await world.cloudRun.getService(SERVICE, { signal }))).toEqual({ [rev2]: 100 });
    expect((await world.cloudRun.listRevisions(SERVICE, { signal })).length).toBe(2);
    const lost = world.emulator.control.journal({ method: "UpdateService" }).filter((e) => e.code === "UNAVAILABLE");
    expect(lost.length).toBe(2);
  });
});
