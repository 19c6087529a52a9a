/**
 * One application on two deploy targets in different regions (examples/multi-region), through the
 * built plugin driven as piped drives it, against the Cloud Run emulator: every stage, live state
 * and plan preview cover both regions.
 */
import type { CloudRunClient } from "@cr/cloudrun";
import { createEmulatorClient } from "@cr/cloudrun/testing";
import {
  type AppSource,
  DeploymentStatus,
  deploymentSource,
  type PipelineStage,
  StageStatus,
} from "@cr/sdk-host/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { C1, C2, commitOf, examplePluginEntry, withImage, worldForSuite } from "./harness.js";
import { percentages, revisionFor, signal, trafficOf } from "./live.js";

const SERVICE = "helloworld-global";
const V1 = "gcr.io/example/helloworld:v1.0.0";
const V2 = "gcr.io/example/helloworld:v2.0.0";
const APP = { pipedId: "piped-1", applicationId: "app-1", applicationName: SERVICE };

describe("an application on two regions", () => {
  const world = worldForSuite();
  const regions: { name: string; region: string; parent: string; client: CloudRunClient }[] = [];

  beforeAll(() => {
    for (const name of ["cloudrun-tokyo", "cloudrun-iowa"]) {
      const target = examplePluginEntry().deployTargets.find((t) => t.name === name);
      if (!target) throw new Error(`examples/piped-config.yaml has no deploy target ${name}`);
      regions.push({
        name,
        region: target.config.region,
        parent: `projects/${target.config.project}/locations/${target.config.region}`,
        client: createEmulatorClient(world.emulator.host, target.config),
      });
    }
  });
  afterAll(async () => {
    await Promise.all(regions.map((r) => r.client.close()));
  });
  beforeEach(() => {
    world.piped.clearSharedObjects();
  });

  const targets = () => regions.map((r) => r.name);
  const live = (r: (typeof regions)[number]) => r.client.getService(SERVICE, { signal });
  const liveTraffic = async () => Promise.all(regions.map(async (r) => trafficOf(await live(r))));

  async function firstDeployment(): Promise<AppSource> {
    const v1 = commitOf("multi-region", C1);
    const planned = await world.plugin.plan({ target: v1, deployTargets: targets() });
    const run = await world.plugin.run(planned, { target: v1 });
    expect(run.status).toBe(DeploymentStatus.DEPLOYMENT_SUCCESS);
    return v1;
  }

  it("runs the canary on both regions: the same split in both after every stage, one log per region", async () => {
    const v1 = await firstDeployment();
    const rev1 = revisionFor(SERVICE, V1, C1);
    for (const r of regions) expect(percentages(await live(r))).toEqual({ [rev1]: 100 });

    const v2 = commitOf("multi-region", C2, withImage("v2.0.0"));
    const rev2 = revisionFor(SERVICE, V2, C2);
    const planned = await world.plugin.plan({ target: v2, running: v1, deployTargets: targets() });
    const seen: { stage: string; traffic: Record<string, number>[] }[] = [];
    const run = await world.plugin.run(planned, { target: v2, running: v1 }, async ({ stage, status }) => {
      expect(status).toBe(StageStatus.STAGE_SUCCESS);
      seen.push({
        stage: stage.name,
        traffic: await Promise.all(regions.map(async (r) => percentages(await live(r)))),
      });
    });
    expect(run.status).toBe(DeploymentStatus.DEPLOYMENT_SUCCESS);

    const expected = [{ [rev1]: 100 }, { [rev1]: 90, [rev2]: 10 }, { [rev2]: 100 }, { [rev2]: 100 }];
    expect(seen.map((s) => s.stage)).toEqual([
      "CLOUDRUN_SYNC",
      "CLOUDRUN_PROMOTE",
      "CLOUDRUN_PROMOTE",
      "CLOUDRUN_CANARY_CLEANUP",
    ]);
    // Both regions hold the same split after every stage, and the new revision has one name everywhere.
    expect(seen.map((s) => s.traffic)).toEqual(expected.map((split) => [split, split]));
    for (const r of regions) {
      const tags = trafficOf(await live(r)).filter((t) => t.tag === "canary");
      expect(tags.map((t) => t.revision)).toEqual([rev2]);
    }

    // Each region's lines are prefixed with its deploy target; the closing line names both.
    const promote = planned.stages.find((s) => s.name === "CLOUDRUN_PROMOTE")!;
    const log = world.piped.stageLogText(planned.id, promote.id).join("\n");
    for (const name of targets()) expect(log).toContain(`[${name}] `);
    expect(log).toContain("CLOUDRUN_PROMOTE succeeded on all 2 deploy targets");
    expect(log).not.toContain('runs on "cloudrun-tokyo"');

    // Stage outputs and records are kept per deploy target.
    const outputs = world.piped.stageMetadata(planned.id, promote.id);
    expect(outputs).toMatchObject({ "cloudrun-tokyo/revision": rev2, "cloudrun-iowa/revision": rev2 });
    const records = world.piped.pluginMetadata(planned.id, "cloudrun");
    for (const name of targets()) expect(records[`${name}/traffic-snapshot`]).toContain(rev1);
  });

  it("fails the stage naming the region whose revision failed, and rolls both regions back to their own splits", async () => {
    const v1 = await firstDeployment();
    const rev1 = revisionFor(SERVICE, V1, C1);
    // Give each region a different pre-deployment state: tokyo also tags the running revision.
    const [tokyo, iowa] = regions as [(typeof regions)[number], (typeof regions)[number]];
    await tokyo.client.updateTraffic(
      SERVICE,
      [{ type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION", revision: rev1, percent: 100, tag: "stable" }],
      { signal },
    );
    const before = await liveTraffic();
    expect(before[0]).toEqual([{ revision: rev1, percent: 100, tag: "stable" }]);

    world.emulator.control.setImageReadiness(V2, {
      mode: "fail",
      message: "Container crashed: exit 1",
      resource: iowa.parent,
    });
    const v2 = commitOf("multi-region", C2, withImage("v2.0.0"));
    const rev2 = revisionFor(SERVICE, V2, C2);
    const planned = await world.plugin.plan({ target: v2, running: v1, deployTargets: targets() });
    const run = await world.plugin.run(planned, { target: v2, running: v1 });

    expect(run.status).toBe(DeploymentStatus.DEPLOYMENT_FAILURE);
    expect(run.stages.map((s) => [s.stage.name, s.status])).toEqual([
      ["CLOUDRUN_SYNC", StageStatus.STAGE_FAILURE],
      ["CLOUDRUN_ROLLBACK", StageStatus.STAGE_SUCCESS],
    ]);
    const sync = planned.stages.find((s) => s.name === "CLOUDRUN_SYNC") as PipelineStage;
    const syncLog = world.piped.stageLogText(planned.id, sync.id).join("\n");
    expect(syncLog).toContain("CLOUDRUN_SYNC failed on cloudrun-iowa (1 of 2 deploy targets)");
    expect(syncLog).toMatch(/cloudrun-tokyo: SUCCESS: /);
    expect(syncLog).toMatch(/\[cloudrun-iowa\] .*Container crashed: exit 1/);

    // Both regions are back to their exact pre-deployment splits and tags; nothing serves the failed revision.
    expect(await liveTraffic()).toEqual(before);
    for (const r of regions) {
      expect(trafficOf(await live(r)).some((t) => t.revision === rev2 && (t.percent > 0 || t.tag))).toBe(false);
    }
  });

  it("reports live state of both regions and one plan preview per region", async () => {
    const v1 = await firstDeployment();
    const state = await world.plugin.getLivestate({
      ...APP,
      deploySource: deploymentSource(v1),
      deployTargets: targets(),
    });
    const byTarget = new Set(state.applicationLiveState?.resources.map((r) => r.deployTarget));
    expect(byTarget).toEqual(new Set(targets()));

    // A change behind PipeCD's back in one region is drift naming that region only.
    const iowa = regions[1]!;
    const service = await live(iowa);
    const changed = structuredClone(service!);
    delete (changed.template as { revision?: string }).revision;
    changed.template.containers[0]!.image = "gcr.io/example/helloworld:hotfix";
    await iowa.client.createOrUpdateService(changed, { signal });
    const drifted = await world.plugin.getLivestate({
      ...APP,
      deploySource: deploymentSource(v1),
      deployTargets: targets(),
    });
    const reason = drifted.syncState?.reason ?? "";
    expect(reason).toContain("cloudrun-iowa");
    expect(reason).not.toContain("cloudrun-tokyo");

    const preview = await world.plugin.getPlanPreview({
      ...APP,
      deployTargets: targets(),
      targetDeploymentSource: deploymentSource(commitOf("multi-region", C2, withImage("v2.0.0"))),
      runningDeploymentSource: deploymentSource(v1),
    });
    expect(preview.results.map((r) => r.deployTarget)).toEqual(targets());
  });
});
