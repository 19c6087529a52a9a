/**
 * GetLivestate through the built plugin, launched and called as piped does, against the Cloud Run emulator
 * (both example deploy targets: two projects, two regions).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  ApplicationLiveState_Status,
  ApplicationSyncStatus,
  GrpcStatus,
  type PipelineStage,
  ResourceState_HealthStatus,
  StageStatus,
} from "@cr/sdk-host/testing";
import { describe, expect, it } from "vitest";
import { appWorldForSuite, production, SERVICE, staging, V1 } from "./app-world.js";
import { C1, C2, commitOf, withImage } from "./harness.js";
import { revisionFor } from "./live.js";

/** The quick-sync example with env values YAML reads as a boolean and a number (PipeCD #4790). */
const typedEnv = (yaml: string) =>
  yaml.replace('value: "false"', "value: false\n            - name: WORKERS\n              value: 4");

/** The quick-sync example whose app.pipecd.yaml sets `serviceManifestFile` to `value` (YAML text). */
function quickSyncNaming(value: string) {
  const source = commitOf("quick-sync", C1);
  writeFileSync(
    join(source.directory, "app.pipecd.yaml"),
    `apiVersion: pipecd.dev/v1beta1\nkind: Application\nspec:\n  plugins:\n    cloudrun:\n      input:\n        serviceManifestFile: ${value}\n`,
  );
  return source;
}

describe("GetLivestate of the built plugin, over the real protocol", () => {
  const { world, productionServicePath, deploy, livestate, calls, editBehindOurBack } = appWorldForSuite();

  it("after a normal deployment: SYNCED (typed env values, defaulted fields), the service and its revision, two reads", async () => {
    const v1 = commitOf("quick-sync", C1, typedEnv);
    await deploy(v1);
    world.emulator.control.clearJournal();

    const res = await livestate(v1);
    expect(res.syncState).toMatchObject({ status: ApplicationSyncStatus.SYNCED });
    expect(res.syncState?.timestamp).toBeGreaterThan(0);
    // One GetService and one GetRevision (the serving, latest revision); nothing written.
    expect(calls().sort()).toEqual(["GetRevision", "GetService"]);

    const rev1 = revisionFor(SERVICE, V1, C1);
    const serviceId = world.cloudRun.servicePath(SERVICE);
    const resources = res.applicationLiveState?.resources ?? [];
    expect(resources.map((r) => [r.id, r.name, r.resourceType, r.parentIds, r.deployTarget, r.pluginName])).toEqual([
      [serviceId, SERVICE, "Service", [], staging, "cloudrun"],
      [`${serviceId}/revisions/${rev1}`, rev1, "Revision", [serviceId], staging, "cloudrun"],
    ]);
    for (const r of resources) {
      expect(r.healthStatus).toBe(ResourceState_HealthStatus.HEALTHY);
      expect(r.healthDescription).toBe("Ready");
      expect(r.createdAt).toBeGreaterThan(1_600_000_000);
      expect(r.updatedAt).toBeGreaterThan(0);
    }
    expect(resources[1]?.resourceMetadata).toMatchObject({ traffic: "100%", images: V1 });
    expect(res.applicationLiveState?.healthStatus).toBe(ApplicationLiveState_Status.HEALTHY);
  });

  it("stays SYNCED for a later commit that changes nothing in the service (new revision name, new commit label)", async () => {
    const v1 = commitOf("quick-sync", C1);
    await deploy(v1);
    expect((await livestate(commitOf("quick-sync", C2))).syncState?.status).toBe(ApplicationSyncStatus.SYNCED);
  });

  it("an image changed behind our back: OUT_OF_SYNC naming the image as live → desired", async () => {
    const v1 = commitOf("quick-sync", C1);
    await deploy(v1);
    await editBehindOurBack((c) => {
      c.image = "gcr.io/example/helloworld:v9.9.9";
    });
    const res = await livestate(v1);
    expect(res.syncState).toMatchObject({
      status: ApplicationSyncStatus.OUT_OF_SYNC,
      shortReason: `${SERVICE} on ${staging} differs from Git in image`,
    });
    expect(res.syncState?.reason).toContain(`template.containers[0].image: gcr.io/example/helloworld:v9.9.9 → ${V1}`);
    // The new revision is listed too.
    expect(res.applicationLiveState?.resources.filter((r) => r.resourceType === "Revision")).toHaveLength(2);
  });

  it("an env value changed behind our back: OUT_OF_SYNC naming the variable, never a value", async () => {
    const v1 = commitOf("quick-sync", C1);
    await deploy(v1);
    await editBehindOurBack((c) => {
      for (const e of c.env ?? []) if (e.name === "GREETING") e.value = "bonjour-7f3a";
    });
    const res = await livestate(v1);
    expect(res.syncState?.status).toBe(ApplicationSyncStatus.OUT_OF_SYNC);
    expect(res.syncState?.shortReason).toBe(`${SERVICE} on ${staging} differs from Git in env`);
    expect(res.syncState?.reason).toContain("template.containers[0].env[GREETING]: (value differs)");
    const text = JSON.stringify(res);
    expect(text).not.toContain("bonjour-7f3a");
    expect(text).not.toMatch(/\bhello\b/);
  });

  it("traffic: a canary held by the deployment is in sync; traffic moved behind our back is drift", async () => {
    const v1 = commitOf("canary", C1);
    await deploy(v1);
    const v2 = commitOf("canary", C2, withImage("v2.0.0"));
    const planned = await world.plugin.plan({ target: v2, running: v1, deployTargets: [staging] });
    // SYNC (no traffic, tag canary) and PROMOTE 10%, then the pipeline waits (e.g. for an approval).
    for (const stage of planned.stages.slice(0, 2) as PipelineStage[]) {
      const res = await world.plugin.executeStage(planned, stage, { target: v2, running: v1 });
      expect(res.status).toBe(StageStatus.STAGE_SUCCESS);
    }
    const res = await livestate(v2);
    expect(res.syncState?.status, res.syncState?.reason).toBe(ApplicationSyncStatus.SYNCED);

    const rev1 = revisionFor("helloworld-canary", V1, C1);
    const rev2 = revisionFor("helloworld-canary", "gcr.io/example/helloworld:v2.0.0", C2);
    world.emulator.control.setTraffic(world.cloudRun.servicePath("helloworld-canary"), [
      { type: "REVISION", revision: rev1, percent: 50 },
      { type: "REVISION", revision: rev2, percent: 50, tag: "canary" },
    ]);
    const moved = await livestate(v2);
    expect(moved.syncState?.status).toBe(ApplicationSyncStatus.OUT_OF_SYNC);
    expect(moved.syncState?.shortReason).toBe(`helloworld-canary on ${staging} differs from Git in traffic`);
    expect(moved.syncState?.reason).toContain(
      `traffic: ${rev1} 50%, ${rev2} 50% (tag canary) → ${rev1} 90%, ${rev2} 10% (tag canary) (as the last deployment left it)`,
    );
  });

  it("a broken manifest or app config: INVALID_CONFIG naming the problem, no Cloud Run call", async () => {
    const broken = commitOf("quick-sync", C1, (y) => y.replace("containers:", "containers: ["));
    world.emulator.control.clearJournal();
    const res = await livestate(broken);
    expect(res.syncState).toMatchObject({
      status: ApplicationSyncStatus.INVALID_CONFIG,
      shortReason: "The service manifest is invalid",
      reason: expect.stringMatching(/^service\.yaml:\d+:\d+: /),
    });
    expect(res.applicationLiveState?.resources).toEqual([]);

    const missing = quickSyncNaming("missing.yaml");
    expect((await livestate(missing)).syncState).toMatchObject({
      status: ApplicationSyncStatus.INVALID_CONFIG,
      shortReason: "The service manifest cannot be read",
      reason: expect.stringContaining('"missing.yaml" was not found'),
    });

    const badConfig = quickSyncNaming("7");
    expect((await livestate(badConfig)).syncState).toMatchObject({
      status: ApplicationSyncStatus.INVALID_CONFIG,
      shortReason: "The application config cannot be loaded",
      reason: expect.stringContaining("serviceManifestFile"),
    });
    expect(calls()).toEqual([]);
  });

  it("a Cloud Run failure fails the call, naming the deploy target (piped keeps the last report)", async () => {
    const v1 = commitOf("quick-sync", C1);
    await deploy(v1);
    world.emulator.control.failNext("GetService", "PERMISSION_DENIED", 1, { message: "run.services.get denied" });
    await expect(livestate(v1)).rejects.toMatchObject({
      code: GrpcStatus.INTERNAL,
      details: expect.stringContaining(`reading the service of ${SERVICE} on deploy target ${staging} failed`),
    });
  });

  it("two deploy targets: resources of both, a service missing on one is drift, two reads per target", async () => {
    const v1 = commitOf("quick-sync", C1);
    await deploy(v1, undefined, staging);
    const onlyStaging = await livestate(v1, [staging, production]);
    expect(onlyStaging.syncState).toMatchObject({
      status: ApplicationSyncStatus.OUT_OF_SYNC,
      shortReason: `${SERVICE} does not exist on ${production}`,
    });
    expect(new Set(onlyStaging.applicationLiveState?.resources.map((r) => r.deployTarget))).toEqual(new Set([staging]));

    await deploy(v1, undefined, production);
    world.emulator.control.clearJournal();
    const both = await livestate(v1, [staging, production]);
    expect(both.syncState?.status, both.syncState?.reason).toBe(ApplicationSyncStatus.SYNCED);
    const services = (both.applicationLiveState?.resources ?? []).filter((r) => r.resourceType === "Service");
    expect(services.map((r) => [r.deployTarget, r.id])).toEqual([
      [staging, world.cloudRun.servicePath(SERVICE)],
      [production, productionServicePath(SERVICE)],
    ]);
    expect(calls().sort()).toEqual(["GetRevision", "GetRevision", "GetService", "GetService"]);

    // Production gets a second revision (same configuration, a later commit); then its traffic is
    // split behind our back. Only production drifts, and only in traffic.
    const v1b = commitOf("quick-sync", C2);
    await deploy(v1b, v1, production);
    const rev1 = revisionFor(SERVICE, V1, C1);
    const rev1b = revisionFor(SERVICE, V1, C2);
    world.emulator.control.setTraffic(productionServicePath(SERVICE), [
      { type: "REVISION", revision: rev1, percent: 50 },
      { type: "REVISION", revision: rev1b, percent: 50 },
    ]);
    const drifted = await livestate(v1b, [staging, production]);
    expect(drifted.syncState?.shortReason).toBe(`${SERVICE} on ${production} differs from Git in traffic`);
    expect(drifted.syncState?.reason).toBe(
      [
        `Diff between Git at commit 2222222 and the live service ${SERVICE} on ${production} (path: live → desired):`,
        `  traffic: ${rev1} 50%, ${rev1b} 50% → ${rev1b} 100% (as the last deployment left it)`,
      ].join("\n"),
    );
  });
});
