/**
 * The Cloud Run calls each stage of the canary example makes, read from the emulator's journal:
 * the minimum the job needs (SYNC one read and one write; PROMOTE one read and one write; CLEANUP
 * two reads plus its deletes; operations only waited on). A regression here costs every user
 * API quota, which piped shares with every other deployment.
 */
import { DeploymentStatus } from "@cr/sdk-host/testing";
import { describe, expect, it } from "vitest";
import { C1, C2, commitOf, withImage, worldForSuite } from "./harness.js";
import { signal } from "./live.js";

const SERVICE = "helloworld-canary";
const OLD_REVISIONS = 3;

/** `{method: count}` of journal entries, operation waits apart. */
function countsOf(methods: string[]) {
  const counts: Record<string, number> = {};
  for (const m of methods) if (m !== "WaitOperation") counts[m] = (counts[m] ?? 0) + 1;
  return counts;
}

describe("Cloud Run calls per stage of the canary example", () => {
  const world = worldForSuite({ resetEachTest: false });

  it("SYNC 1 read + 1 write, PROMOTE 1 read + 1 write, CLEANUP 2 reads + deletes; no polling", async () => {
    // Old revisions that the cleanup deletes (they serve nothing once the quick sync moved traffic).
    for (let i = 1; i <= OLD_REVISIONS; i++) {
      await world.cloudRun.createOrUpdateService(
        { name: SERVICE, template: { containers: [{ image: `gcr.io/example/helloworld:old${i}` }] } },
        { signal },
      );
    }
    const v1 = commitOf("canary", C1);
    const quick = await world.plugin.plan({ target: v1, deployTargets: [world.deployTarget] });
    world.emulator.control.clearJournal();
    expect((await world.plugin.run(quick, { target: v1 })).status).toBe(DeploymentStatus.DEPLOYMENT_SUCCESS);
    // A quick sync to 100% keeps its second write: the candidate gets traffic only once it is Ready.
    expect(countsOf(world.emulator.control.journal().map((e) => e.method))).toEqual({
      GetService: 1,
      UpdateService: 2,
    });

    const v2 = commitOf("canary", C2, withImage("v2.0.0"));
    const planned = await world.plugin.plan({ target: v2, running: v1, deployTargets: [world.deployTarget] });
    world.emulator.control.clearJournal();
    const perStage: { stage: string; methods: string[] }[] = [];
    const run = await world.plugin.run(planned, { target: v2, running: v1 }, (stageRun) => {
      perStage.push({ stage: stageRun.stage.name, methods: world.emulator.control.journal().map((e) => e.method) });
      world.emulator.control.clearJournal();
    });
    expect(run.status).toBe(DeploymentStatus.DEPLOYMENT_SUCCESS);
    const left = await world.cloudRun.listRevisions(SERVICE, { signal });
    const deleted = OLD_REVISIONS + 2 - left.length;
    expect(deleted).toBeGreaterThan(0);

    expect(perStage.map((s) => [s.stage, countsOf(s.methods)])).toEqual([
      ["CLOUDRUN_SYNC", { GetService: 1, UpdateService: 1 }],
      ["CLOUDRUN_PROMOTE", { GetService: 1, UpdateService: 1 }],
      ["CLOUDRUN_PROMOTE", { GetService: 1, UpdateService: 1 }],
      ["CLOUDRUN_PROMOTE", { GetService: 1, UpdateService: 1 }],
      ["CLOUDRUN_CANARY_CLEANUP", { GetService: 1, ListRevisions: 1, DeleteRevision: deleted }],
    ]);
    // SYNC waits for the new revision with WaitOperation, answered when it is Ready: no GetOperation.
    expect(perStage[0]?.methods.filter((m) => m === "WaitOperation").length).toBeGreaterThanOrEqual(1);
  });
});
