import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  buildDeployment,
  buildStage,
  DeploymentStatus,
  GrpcStatus,
  planningFailure,
  StageStatus,
  SyncStrategy,
} from "@cr/sdk-host/testing";
import { describe, expect, it } from "vitest";
import { commitOf, withImage, worldForSuite } from "./harness.js";
import { percentages, revisionFor, signal, trafficOf } from "./live.js";

const SERVICE = "helloworld-canary";
const C = ["1111111aaaa", "2222222bbbb", "3333333cccc", "4444444dddd"];

/** A commit of the canary example whose app.pipecd.yaml is edited by `edit`. */
function canaryWithConfig(commit: string, edit: (appYaml: string) => string, image = "v2.0.0") {
  const app = commitOf("canary", commit, withImage(image));
  const path = join(app.directory, "app.pipecd.yaml");
  const before = readFileSync(path, "utf8");
  const after = edit(before);
  if (after === before) throw new Error("the edit changed nothing");
  writeFileSync(path, after);
  return app;
}

const world = worldForSuite();

describe("the built plugin rejects configuration mistakes at planning, before any Cloud Run call", () => {
  // The running commit was never deployed: planning reads files only, so the journal must stay empty.
  const planBad = (target: ReturnType<typeof commitOf>) =>
    world.plugin.plan({ target, running: commitOf("canary", C[0]!), deployTargets: [world.deployTarget] });

  it.each([
    {
      mistake: 'percent: "50 %" in the third stage',
      edit: (y: string) => y.replace("percent: 50", 'percent: "50 %"'),
      pointer: "/spec/pipeline/stages/2/with/percent",
      says: /spec\.pipeline\.stages\[2\] \(CLOUDRUN_PROMOTE\): CLOUDRUN_PROMOTE option percent must be .*but got the string "50 %"\. Set percent/,
    },
    {
      mistake: "keepCount: -1 in the last stage",
      edit: (y: string) => y.replace("keepCount: 2", "keepCount: -1"),
      pointer: "/spec/pipeline/stages/4/with/keepCount",
      says: /spec\.pipeline\.stages\[4\] \(CLOUDRUN_CANARY_CLEANUP\): .*keepCount must be .*but got the number -1\. Set keepCount/,
    },
    {
      mistake: "percnt: 50",
      edit: (y: string) => y.replace("percent: 50", "percnt: 50"),
      pointer: "/spec/pipeline/stages/2/with/percnt",
      says: /"percnt" is not a known key of the CLOUDRUN_PROMOTE options\. Did you mean "percent"\?/,
    },
  ])("$mistake: planning fails naming the field", async ({ edit, pointer, says }) => {
    const failed = await planningFailure(planBad(canaryWithConfig(C[1]!, edit)));
    const build = failed.rpcErrors.find((e) => e.method === "BuildPipelineSyncStages");
    expect(build?.code).toBe(GrpcStatus.INVALID_ARGUMENT);
    expect(build?.details).toContain(`${pointer}: `);
    expect(build?.details).toMatch(says);
    expect(build?.details).toMatch(/no Cloud Run change was made/);
    // piped shows only its own text for a failed plan: the reason is in the plugin's log, at error level
    // (stderr arrives through a pipe, possibly after the reply).
    await expect
      .poll(() => world.plugin.stderr)
      .toMatch(new RegExp(`\tERROR\tplanning rejected: BuildPipelineSyncStages\t.*${pointer}`));
    expect(world.emulator.control.journal()).toEqual([]);
  });

  it("lists every invalid stage at once", async () => {
    const target = canaryWithConfig(C[1]!, (y) =>
      y.replace("percent: 50", 'percent: "50 %"').replace("keepCount: 2", "keepCount: -1"),
    );
    const failed = await planningFailure(planBad(target));
    const details = failed.rpcErrors.find((e) => e.method === "BuildPipelineSyncStages")?.details ?? "";
    expect(details).toMatch(/\(2 problems\)/);
    expect(details).toContain("/spec/pipeline/stages/2/with/percent");
    expect(details).toContain("/spec/pipeline/stages/4/with/keepCount");
  });

  it("execution keeps its own check, with the same text, before any Cloud Run call", async () => {
    const app = canaryWithConfig(C[1]!, (y) => y.replace("percent: 50", 'percent: "50 %"'));
    const failed = await planningFailure(planBad(app));
    const planningText = failed.rpcErrors.find((e) => e.method === "BuildPipelineSyncStages")?.details ?? "";
    const deployment = buildDeployment({
      pluginName: "cloudrun",
      deployTargets: [world.deployTarget],
      commitHash: app.commitHash,
      syncStrategy: SyncStrategy.PIPELINE,
    });
    const stage = buildStage({ id: "promote-50", name: "CLOUDRUN_PROMOTE", index: 2 });
    const res = await world.plugin.executeStage({ ...deployment, stages: [stage] }, stage, { target: app });
    expect(res.status).toBe(StageStatus.STAGE_FAILURE);
    expect(world.piped.stageLogText(deployment.id, stage.id).join("\n")).toContain(planningText);
    expect(world.emulator.control.journal()).toEqual([]);
  });

  it("a stage name no plugin defines fails planning as piped does", async () => {
    const target = canaryWithConfig(C[1]!, (y) => y.replace("- name: CLOUDRUN_PROMOTE", "- name: CLOUDRUN_PROMOT"));
    const failed = await planningFailure(planBad(target));
    expect(failed.message).toMatch(/^Unable to plan the deployment/);
    expect(failed.causes).toContain('unable to find plugin for stage "CLOUDRUN_PROMOT"');
    expect(world.emulator.control.journal()).toEqual([]);
  });

  it("an unknown key of spec.plugins.cloudrun: INVALID_ARGUMENT with a did-you-mean from DetermineVersions and DetermineStrategy", async () => {
    const target = canaryWithConfig(C[1]!, (y) =>
      y.replace(
        "        serviceManifestFile: service.yaml",
        "        serviceManifestFile: service.yaml\n      quickSnyc: {}",
      ),
    );
    const failed = await planningFailure(planBad(target));
    expect(failed.rpcErrors.map((e) => [e.method, e.code])).toEqual([
      ["DetermineVersions", GrpcStatus.INVALID_ARGUMENT],
      ["DetermineStrategy", GrpcStatus.INVALID_ARGUMENT],
    ]);
    for (const e of failed.rpcErrors) {
      expect(e.details).toContain("/spec/plugins/cloudrun/quickSnyc");
      expect(e.details).toContain('Did you mean "quickSync"?');
    }
    await expect.poll(() => world.plugin.stderr).toMatch(/ERROR\tplanning rejected: DetermineStrategy/);
    expect(world.plugin.stderr).toMatch(/ERROR\tplanning rejected: DetermineVersions/);
    expect(world.emulator.control.journal()).toEqual([]);
  });
});

describe("quick sync options", () => {
  it("runs quick sync with the app's quickSync options (readinessTimeout included)", async () => {
    const app = commitOf("quick-sync", C[0]!);
    const path = join(app.directory, "app.pipecd.yaml");
    writeFileSync(path, `${readFileSync(path, "utf8")}      quickSync:\n        readinessTimeout: 5m\n`);
    const planned = await world.plugin.plan({ target: app, deployTargets: [world.deployTarget] });
    expect(planned.trigger?.syncStrategy).toBe(SyncStrategy.QUICK_SYNC);
    const run = await world.plugin.run(planned, { target: app });
    expect(run.status).toBe(DeploymentStatus.DEPLOYMENT_SUCCESS);
    expect(world.piped.stageLogText(planned.id, planned.stages[0]!.id).join("\n")).toContain("Waiting up to 5m");
  });
});

describe("CLOUDRUN_CANARY_CLEANUP through the built plugin", () => {
  const images = ["v1.0.0", "v1.1.0", "v1.2.0", "v2.0.0"].map((tag) => `gcr.io/example/helloworld:${tag}`);
  const revs = images.map((image, i) => revisionFor(SERVICE, image, C[i]!));

  /** Three old revisions (first deployments are quick syncs), the newest serving 100% with the tag "stable". */
  async function seedThreeRevisions() {
    const commits = [0, 1, 2].map((i) => commitOf("canary", C[i]!, withImage(images[i]!.split(":")[1]!)));
    for (const target of commits) {
      const planned = await world.plugin.plan({ target, deployTargets: [world.deployTarget] });
      expect((await world.plugin.run(planned, { target })).status).toBe(DeploymentStatus.DEPLOYMENT_SUCCESS);
    }
    world.emulator.control.setTraffic(world.cloudRun.servicePath(SERVICE), [
      { type: "REVISION", revision: revs[2]!, percent: 100, tag: "stable" },
    ]);
    return commits[2]!;
  }

  it("keepCount 2 deletes the two oldest, keeps the rest and says why; two reads plus the deletes", async () => {
    const running = await seedThreeRevisions();
    const target = commitOf("canary", C[3]!, withImage("v2.0.0"));
    const planned = await world.plugin.plan({ target, running, deployTargets: [world.deployTarget] });
    let cleanupCalls: string[] = [];
    const run = await world.plugin.run(planned, { target, running }, (stageRun) => {
      if (stageRun.stage.name === "CLOUDRUN_PROMOTE" && stageRun.stage.index === 3) {
        world.emulator.control.clearJournal();
      }
      if (stageRun.stage.name === "CLOUDRUN_CANARY_CLEANUP") {
        cleanupCalls = world.emulator.control.journal().map((e) => e.method);
      }
    });
    expect(run.status).toBe(DeploymentStatus.DEPLOYMENT_SUCCESS);
    const revisions = (await world.cloudRun.listRevisions(SERVICE, { signal })).map((r) => r.name.split("/").pop());
    expect(revisions.sort()).toEqual([revs[2], revs[3]].sort());

    const cleanup = planned.stages.find((s) => s.name === "CLOUDRUN_CANARY_CLEANUP")!;
    const log = world.piped.stageLogText(planned.id, cleanup.id).join("\n");
    expect(log).toMatch(
      new RegExp(`keep {4}${revs[3]} \\(serves traffic, carries a tag, .*this deployment's revision`),
    );
    expect(log).toMatch(new RegExp(`keep {4}${revs[2]} \\(carries a tag, served before this deployment\\)`));
    expect(log).toContain(`Deleted revision ${revs[0]}`);
    expect(log).toContain(`Deleted revision ${revs[1]}`);
    expect(log).toContain(`deleted 2 of 2 planned (${revs[0]}, ${revs[1]}); kept 2`);
    // One service read, one revision list, then only the deletes (and their operations).
    expect(cleanupCalls.filter((m) => m !== "DeleteRevision" && m !== "GetOperation")).toEqual([
      "GetService",
      "ListRevisions",
    ]);
    expect(cleanupCalls.filter((m) => m === "DeleteRevision")).toHaveLength(2);
  });

  it("every delete failing: the cleanup stage succeeds with warnings and the traffic is unchanged", async () => {
    const running = await seedThreeRevisions();
    const target = commitOf("canary", C[3]!, withImage("v2.0.0"));
    const planned = await world.plugin.plan({ target, running, deployTargets: [world.deployTarget] });
    let trafficBeforeCleanup: ReturnType<typeof trafficOf> = [];
    const run = await world.plugin.run(planned, { target, running }, async (stageRun) => {
      if (stageRun.stage.name === "CLOUDRUN_PROMOTE" && stageRun.stage.index === 3) {
        trafficBeforeCleanup = trafficOf(await world.cloudRun.getService(SERVICE, { signal }));
        world.emulator.control.failNext("DeleteRevision", "PERMISSION_DENIED", "always", {
          message: "Permission 'run.revisions.delete' denied",
        });
      }
    });
    expect(run.status).toBe(DeploymentStatus.DEPLOYMENT_SUCCESS);
    expect(run.stages.map((s) => s.status)).toEqual(run.stages.map(() => StageStatus.STAGE_SUCCESS));
    const service = await world.cloudRun.getService(SERVICE, { signal });
    expect(trafficOf(service)).toEqual(trafficBeforeCleanup);
    expect(percentages(service)).toEqual({ [revs[3]!]: 100 });
    expect(await world.cloudRun.listRevisions(SERVICE, { signal })).toHaveLength(4);
    const cleanup = planned.stages.find((s) => s.name === "CLOUDRUN_CANARY_CLEANUP")!;
    const log = world.piped.stageLogText(planned.id, cleanup.id).join("\n");
    expect(log.match(/Warning: could not delete revision/g)).toHaveLength(2);
    expect(log).toContain(`not deleted: ${revs[0]}, ${revs[1]}`);
  });
});
