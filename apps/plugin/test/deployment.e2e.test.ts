// End to end: the built plugin deploys through the Cloud Run emulator, driven as piped drives it.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  buildDeployment,
  buildStage,
  type DeploymentRun,
  DeploymentStatus,
  deploymentSource,
  GrpcStatus,
  StageStatus,
  SyncStrategy,
} from "@cr/sdk-host/testing";
import { describe, expect, it } from "vitest";
import { C1, C2, C3, CANARY, canaryV1DeployedV2Planned, commitOf, withImage, worldForSuite } from "./harness.js";
import { percentages, revisionFor, signal, trafficOf } from "./live.js";

/** The stages as piped ran them: `<stage> <index> <status>` (CLOUDRUN_ and STAGE_ left out), joined by arrows. */
const outcomes = (run: DeploymentRun) =>
  run.stages
    .map((s) =>
      `${s.stage.name} ${s.stage.index} ${StageStatus[s.status] ?? s.status}`.replace(/CLOUDRUN_|STAGE_/g, ""),
    )
    .join(" → ");

describe("the built plugin deploys Cloud Run services through the emulator, driven as piped drives it", () => {
  const world = worldForSuite();

  it("quick-syncs a new service: 100% to a deterministic revision, PipeCD labels, outputs, logs", async () => {
    const v1 = commitOf("quick-sync", C1);
    const planned = await world.plugin.plan({ target: v1, deployTargets: [world.deployTarget] });
    expect(planned.trigger?.syncStrategy).toBe(SyncStrategy.QUICK_SYNC);
    expect(planned.versions.map((v) => [v.name, v.version])).toEqual([["helloworld", "v1.0.0"]]);
    expect(planned.stages.map((s) => [s.name, s.rollback])).toEqual([
      ["CLOUDRUN_SYNC", false],
      ["CLOUDRUN_ROLLBACK", true],
    ]);

    const run = await world.plugin.run(planned, { target: v1 });
    expect(run.status).toBe(DeploymentStatus.DEPLOYMENT_SUCCESS);
    expect(run.stages.map((s) => s.status)).toEqual([StageStatus.STAGE_SUCCESS]);

    const rev1 = revisionFor("helloworld", "gcr.io/example/helloworld:v1.0.0", C1);
    const service = await world.cloudRun.getService("helloworld", { signal });
    expect(percentages(service)).toEqual({ [rev1]: 100 });
    expect(service?.labels).toMatchObject({
      "pipecd-dev-managed-by": "piped",
      "pipecd-dev-application": planned.applicationId,
      "pipecd-dev-commit-hash": C1,
      team: "web",
    });
    const sync = planned.stages[0]!;
    const outputs = world.piped.stageMetadata(planned.id, sync.id);
    expect(outputs).toMatchObject({ revision: rev1, service_name: "helloworld" });
    expect(outputs.service_url).toMatch(/^https:\/\//);
    const log = world.piped.stageLog(planned.id, sync.id);
    expect(log.completed).toBe(true);
    expect(log.blocks.map((b) => b.log).join("\n")).toContain(rev1);
    // Env values never reach the stage log.
    expect(JSON.stringify(log.blocks)).not.toContain('hello"');
  });

  it("runs the canary example: SYNC without traffic → PROMOTE 10 → 50 → 100 → CLEANUP, checking Cloud Run after each stage", async () => {
    const { v1, v2, planned } = await canaryV1DeployedV2Planned(world);
    const { rev1, rev2 } = CANARY;
    expect(planned.trigger?.syncStrategy).toBe(SyncStrategy.PIPELINE);
    expect(planned.summary).toContain("v2.0.0");
    expect(planned.stages.map((s) => [s.name, s.index, s.rollback])).toEqual([
      ["CLOUDRUN_SYNC", 0, false],
      ["CLOUDRUN_PROMOTE", 1, false],
      ["CLOUDRUN_PROMOTE", 2, false],
      ["CLOUDRUN_PROMOTE", 3, false],
      ["CLOUDRUN_CANARY_CLEANUP", 4, false],
      ["CLOUDRUN_ROLLBACK", 0, true],
    ]);

    const expectedAfter: Record<string, number>[] = [
      { [rev1]: 100 },
      { [rev2]: 10, [rev1]: 90 },
      { [rev2]: 50, [rev1]: 50 },
      { [rev2]: 100 },
      { [rev2]: 100 },
    ];
    const seen: Record<string, number>[] = [];
    let trafficWritesPerPromote: number[] = [];
    const run = await world.plugin.run(planned, { target: v2, running: v1 }, async (stageRun) => {
      const service = await world.cloudRun.getService("helloworld-canary", { signal });
      seen.push(percentages(service));
      if (stageRun.stage.name === "CLOUDRUN_SYNC") {
        expect(trafficOf(service)).toContainEqual({ revision: rev2, percent: 0, tag: "canary" });
        expect(world.piped.stageMetadata(planned.id, stageRun.stage.id).tag_url).toMatch(/canary---/);
      }
      if (stageRun.stage.name === "CLOUDRUN_PROMOTE") {
        trafficWritesPerPromote.push(world.mutations().length);
        world.emulator.control.clearJournal();
      }
      if (stageRun.stage.name === "CLOUDRUN_SYNC") world.emulator.control.clearJournal();
    });
    expect(run.status).toBe(DeploymentStatus.DEPLOYMENT_SUCCESS);
    expect(seen).toEqual(expectedAfter);
    // Exactly one mutating call per PROMOTE.
    expect(trafficWritesPerPromote).toEqual([1, 1, 1]);
    trafficWritesPerPromote = [];
    // The canary tag stays; both revisions are kept (keepCount 2).
    const revisions = await world.cloudRun.listRevisions("helloworld-canary", { signal });
    expect(revisions.length).toBe(2);
  });

  it("refuses the next PROMOTE after a manual traffic edit between steps, then auto-rolls back to the pre-deployment split", async () => {
    const { v1, v2, planned } = await canaryV1DeployedV2Planned(world);
    const { rev1, rev2 } = CANARY;
    const drift = "traffic of helloworld-canary was changed outside this deployment since its last step";

    let mutationsOfRefusedPromote: unknown[] | undefined;
    const run = await world.plugin.run(planned, { target: v2, running: v1 }, async (stageRun) => {
      const { name, index, rollback } = stageRun.stage;
      if (name === "CLOUDRUN_PROMOTE" && index === 1) {
        expect(percentages(await world.cloudRun.getService("helloworld-canary", { signal }))).toEqual({
          [rev2]: 10,
          [rev1]: 90,
        });
        // Someone sends everything back to v1 in the console, keeping the canary tag.
        world.emulator.control.setTraffic(world.cloudRun.servicePath("helloworld-canary"), [
          { type: "REVISION", revision: rev1, percent: 100 },
          { type: "REVISION", revision: rev2, percent: 0, tag: "canary" },
        ]);
        world.emulator.control.clearJournal();
      }
      if (name === "CLOUDRUN_PROMOTE" && index === 2 && !rollback) mutationsOfRefusedPromote = world.mutations();
    });

    expect(run.status).toBe(DeploymentStatus.DEPLOYMENT_FAILURE);
    expect(outcomes(run)).toBe("SYNC 0 SUCCESS → PROMOTE 1 SUCCESS → PROMOTE 2 FAILURE → ROLLBACK 0 SUCCESS");
    // The refused step made no Cloud Run change at all, and said why.
    expect(mutationsOfRefusedPromote).toEqual([]);
    const refused = world.piped.stageLogText(planned.id, run.stages[2]!.stage.id).join("\n");
    expect(refused).toContain(`${drift} (${rev1}: 90% → 100%, ${rev2}: 10% → 0%)`);
    // The rollback restored the split from before the deployment (the tag added by it goes) and said it
    // overrode the manual change.
    const service = await world.cloudRun.getService("helloworld-canary", { signal });
    expect(trafficOf(service)).toEqual([{ revision: rev1, percent: 100 }]);
    const rolledBack = world.piped.stageLogText(planned.id, run.stages[3]!.stage.id).join("\n");
    expect(rolledBack).toContain(drift);
    expect(rolledBack).toContain("the rollback overrides that change");
  });

  it("auto-rolls back after PROMOTE 50 fails the next step, restoring the exact split and tags (LATEST pinned)", async () => {
    const v1 = commitOf("canary", C1);
    await world.plugin.run(await world.plugin.plan({ target: v1, deployTargets: [world.deployTarget] }), {
      target: v1,
    });
    const rev1 = revisionFor("helloworld-canary", "gcr.io/example/helloworld:v1.0.0", C1);
    // A config-only change: same image, quick sync, a second revision.
    const v1b = commitOf("canary", C3, (y) => y.replace("value: hello", "value: bonjour"));
    const planned1b = await world.plugin.plan({ target: v1b, running: v1, deployTargets: [world.deployTarget] });
    expect(planned1b.trigger?.syncStrategy).toBe(SyncStrategy.QUICK_SYNC);
    await world.plugin.run(planned1b, { target: v1b, running: v1 });
    const rev1b = revisionFor("helloworld-canary", "gcr.io/example/helloworld:v1.0.0", C3);
    // The user's own split: a tagged pinned revision and LATEST.
    world.emulator.control.setTraffic(world.cloudRun.servicePath("helloworld-canary"), [
      { type: "REVISION", revision: rev1, percent: 30, tag: "blue" },
      { type: "LATEST", percent: 70 },
    ]);

    const v2 = commitOf("canary", C2, withImage("v2.0.0"));
    const planned = await world.plugin.plan({ target: v2, running: v1b, deployTargets: [world.deployTarget] });
    const run = await world.plugin.run(planned, { target: v2, running: v1b }, (stageRun) => {
      if (stageRun.stage.index === 2 && !stageRun.stage.rollback) {
        // The next traffic write (PROMOTE 100) is refused.
        world.emulator.control.failNext("UpdateService", "PERMISSION_DENIED", 1);
      }
    });
    expect(run.status).toBe(DeploymentStatus.DEPLOYMENT_FAILURE);
    expect(outcomes(run)).toBe(
      "SYNC 0 SUCCESS → PROMOTE 1 SUCCESS → PROMOTE 2 SUCCESS → PROMOTE 3 FAILURE → ROLLBACK 0 SUCCESS",
    );
    const service = await world.cloudRun.getService("helloworld-canary", { signal });
    const restored = trafficOf(service).sort((a, b) => a.revision.localeCompare(b.revision));
    expect(restored).toEqual(
      [
        { revision: rev1, percent: 30, tag: "blue" },
        { revision: rev1b, percent: 70 },
      ].sort((a, b) => a.revision.localeCompare(b.revision)),
    );
    const failed = run.stages[3]!;
    expect(world.piped.stageLogText(planned.id, failed.stage.id).join("\n")).toMatch(/PERMISSION_DENIED|permission/i);
  });

  it("fails a revision that never becomes Ready and leaves traffic untouched", async () => {
    const v1 = commitOf("quick-sync", C1);
    await world.plugin.run(await world.plugin.plan({ target: v1, deployTargets: [world.deployTarget] }), {
      target: v1,
    });
    const rev1 = revisionFor("helloworld", "gcr.io/example/helloworld:v1.0.0", C1);
    world.emulator.control.setImageReadiness("gcr.io/example/helloworld:v9.9.9", {
      mode: "fail",
      reason: "HEALTH_CHECK_CONTAINER_ERROR",
      message: "The user-provided container failed to start and listen on port 8080",
    });
    const bad = commitOf("quick-sync", C2, withImage("v9.9.9"));
    // The quick-sync example has no pipeline, so piped quick-syncs it.
    const planned = await world.plugin.plan({ target: bad, running: v1, deployTargets: [world.deployTarget] });
    const run = await world.plugin.run(planned, { target: bad, running: v1 });
    expect(run.status).toBe(DeploymentStatus.DEPLOYMENT_FAILURE);
    expect(run.stages[0]?.status).toBe(StageStatus.STAGE_FAILURE);
    const sync = planned.stages[0]!;
    expect(world.piped.stageLogText(planned.id, sync.id).join("\n")).toContain(
      "failed to start and listen on port 8080",
    );
    const service = await world.cloudRun.getService("helloworld", { signal });
    expect(percentages(service)).toEqual({ [rev1]: 100 });
  });

  it("runs CLOUDRUN_SYNC twice and ends with one new revision and one snapshot", async () => {
    const v1 = commitOf("quick-sync", C1);
    const planned = await world.plugin.plan({ target: v1, deployTargets: [world.deployTarget] });
    const sync = planned.stages[0]!;
    expect((await world.plugin.executeStage(planned, sync, { target: v1 })).status).toBe(StageStatus.STAGE_SUCCESS);
    const metadataAfterFirst = world.piped.pluginMetadata(planned.id, "cloudrun");
    // piped re-runs a stage whose result it did not record (e.g. it restarted); the log is closed by then.
    expect((await world.plugin.executeStage(planned, sync, { target: v1 })).status).toBe(StageStatus.STAGE_SUCCESS);
    expect(world.piped.pluginMetadata(planned.id, "cloudrun")).toEqual(metadataAfterFirst);
    const revisions = await world.cloudRun.listRevisions("helloworld", { signal });
    expect(revisions.length).toBe(1);
  });

  it("answers DetermineStrategy for piped's plan preview, which sends a minimal Deployment", async () => {
    const v1 = commitOf("canary", C1);
    const v2 = commitOf("canary", C2, withImage("v2.0.0"));
    const full = buildDeployment({ pluginName: "cloudrun", deployTargets: [], commitHash: C2 });
    const minimal = {
      ...full,
      id: "",
      projectId: "",
      gitPath: undefined,
      trigger: undefined,
      deployTargetsByPlugin: {},
      createdAt: 0,
      updatedAt: 0,
    };
    const res = await world.plugin.determineStrategy({
      deployment: minimal,
      targetDeploymentSource: deploymentSource(v2),
      runningDeploymentSource: deploymentSource(v1),
    });
    expect(res.syncStrategy).toBe(SyncStrategy.PIPELINE);
    expect(res.summary).toContain("v1.0.0 to v2.0.0");
  });

  it("never writes env values to stage logs, metadata or its own stderr", async () => {
    const secret = "CANARY-7f3a9c1e-do-not-log";
    const withSecret = (y: string) => y.replace("value: hello", `value: ${secret}`);
    const v1 = commitOf("canary", C1, withSecret);
    const first = await world.plugin.plan({ target: v1, deployTargets: [world.deployTarget] });
    await world.plugin.run(first, { target: v1 });
    // A failing pipeline too: the revision never becomes ready, rollback runs.
    world.emulator.control.setImageReadiness("gcr.io/example/helloworld:v6.6.6", {
      mode: "fail",
      reason: "CONTAINER_MISSING",
    });
    const v2 = commitOf("canary", C2, (y) => withImage("v6.6.6")(withSecret(y)).replace(secret, `${secret}-2`));
    const second = await world.plugin.plan({ target: v2, running: v1, deployTargets: [world.deployTarget] });
    const run = await world.plugin.run(second, { target: v2, running: v1 });
    expect(run.status).toBe(DeploymentStatus.DEPLOYMENT_FAILURE);
    // The secret did reach Cloud Run (it is the service's config)...
    const service = await world.cloudRun.getService("helloworld-canary", { signal });
    expect(JSON.stringify(service)).toContain(secret);
    // ...but nothing we print or store for people to read.
    for (const deployment of [first, second]) {
      for (const stage of deployment.stages) {
        expect(JSON.stringify(world.piped.stageLog(deployment.id, stage.id))).not.toContain("CANARY-7f3a9c1e");
        expect(JSON.stringify(world.piped.stageMetadata(deployment.id, stage.id))).not.toContain("CANARY-7f3a9c1e");
      }
    }
    expect(world.plugin.stderr).not.toContain("CANARY-7f3a9c1e");
  });

  describe("bad inputs fail the stage with a clear message and no change in Cloud Run", () => {
    async function executeOnce(
      app: ReturnType<typeof commitOf>,
      stageName: string,
      index: number,
      options: { deployTargets?: string[]; quickSync?: boolean } = {},
    ) {
      const deployment = buildDeployment({
        pluginName: "cloudrun",
        deployTargets: options.deployTargets ?? [world.deployTarget],
        commitHash: app.commitHash,
        syncStrategy: options.quickSync ? SyncStrategy.QUICK_SYNC : SyncStrategy.PIPELINE,
      });
      const stage = buildStage({ id: `stage-${stageName}-${index}`, name: stageName, index });
      const planned = { ...deployment, stages: [stage] };
      world.emulator.control.clearJournal();
      const outcome = await world.plugin
        .executeStage(planned, stage, { target: app })
        .then((r) => ({ status: r.status, error: undefined }))
        .catch((e: { code: number; details: string }) => ({ status: StageStatus.STAGE_FAILURE, error: e }));
      return {
        ...outcome,
        log: world.piped.stageLogText(planned.id, stage.id).join("\n"),
        mutations: world.mutations(),
      };
    }

    it("rejects percent 150", async () => {
      const app = commitOf("canary", C1);
      const config = join(app.directory, "app.pipecd.yaml");
      writeFileSync(config, readFileSync(config, "utf8").replace("percent: 10", "percent: 150"));
      const result = await executeOnce(app, "CLOUDRUN_PROMOTE", 1);
      expect(result.status).toBe(StageStatus.STAGE_FAILURE);
      expect(result.log).toMatch(/\/percent/);
      expect(result.log).toMatch(/100/);
      expect(result.mutations).toEqual([]);
    });

    it("names a missing manifest", async () => {
      const app = commitOf("quick-sync", C1);
      const config = join(app.directory, "app.pipecd.yaml");
      writeFileSync(
        config,
        readFileSync(config, "utf8").replace("serviceManifestFile: service.yaml", "serviceManifestFile: missing.yaml"),
      );
      const result = await executeOnce(app, "CLOUDRUN_SYNC", 0, { quickSync: true });
      expect(result.status).toBe(StageStatus.STAGE_FAILURE);
      expect(result.log).toContain('"missing.yaml" was not found');
      expect(result.mutations).toEqual([]);
    });

    it("points at the line of malformed YAML", async () => {
      const app = commitOf("quick-sync", C1, (y) => y.replace("  template:", "  template: [unclosed"));
      const result = await executeOnce(app, "CLOUDRUN_SYNC", 0, { quickSync: true });
      expect(result.status).toBe(StageStatus.STAGE_FAILURE);
      expect(result.log).toMatch(/service\.yaml:\d+:\d+: YAML syntax error/);
      expect(result.mutations).toEqual([]);
    });

    it("names an unknown deploy target", async () => {
      const app = commitOf("quick-sync", C1);
      const result = await executeOnce(app, "CLOUDRUN_SYNC", 0, { quickSync: true, deployTargets: ["nope"] });
      expect(result.error?.code).toBe(GrpcStatus.INVALID_ARGUMENT);
      expect(result.error?.details).toContain('"nope" is not found');
      expect(result.mutations).toEqual([]);
    });

    it("fails an unknown stage name and keeps serving", async () => {
      const app = commitOf("quick-sync", C1);
      const result = await executeOnce(app, "K8S_SYNC", 0);
      expect(result.status).toBe(StageStatus.STAGE_FAILURE);
      expect(result.log).toContain('Unknown stage "K8S_SYNC"');
      expect((await world.plugin.fetchDefinedStages()).stages).toHaveLength(4);
    });
  });
});
