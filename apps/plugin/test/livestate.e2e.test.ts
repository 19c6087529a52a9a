/**
 * GetLivestate and GetPlanPreview through the built plugin, launched and called as piped does,
 * against the Cloud Run emulator (both example deploy targets: two projects, two regions).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { type CloudRunClient, revisionName } from "@cr/cloudrun";
import { createEmulatorClient } from "@cr/cloudrun/testing";
import {
  ApplicationLiveState_Status,
  ApplicationSyncStatus,
  type AppSource,
  DeploymentStatus,
  deploymentSource,
  GrpcStatus,
  type PipelineStage,
  ResourceState_HealthStatus,
  StageStatus,
} from "@cr/sdk-host/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { commitOf, examplePluginEntry, startWorld, type World, withImage } from "./harness.js";

const signal = new AbortController().signal;
const C1 = "1111111a2b3c4d5e6f";
const C2 = "2222222a2b3c4d5e6f";
const C3 = "3333333a2b3c4d5e6f";
const SERVICE = "helloworld";
const V1 = "gcr.io/example/helloworld:v1.0.0";
// What buildDeployment (the planner's deployment) uses; live state must be asked with the same ids.
const APP = { pipedId: "piped-1", applicationId: "app-1", applicationName: "helloworld" };

function revisionFor(image: string, commit: string, service = SERVICE): string {
  const name = revisionName({ service, image, commit });
  if (!name.ok) throw new Error(name.error);
  return name.name;
}

/** The quick-sync example with env values YAML reads as a boolean and a number (PipeCD #4790). */
const typedEnv = (yaml: string) =>
  yaml.replace('value: "false"', "value: false\n            - name: WORKERS\n              value: 4");

describe("live state and plan preview of the built plugin, over the real protocol", () => {
  let world: World;
  let staging: string;
  let production: string;
  let productionClient: CloudRunClient;

  beforeAll(async () => {
    world = await startWorld();
    const [first, second] = examplePluginEntry().deployTargets;
    staging = first!.name;
    production = second!.name;
    productionClient = createEmulatorClient(world.emulator.host, second!.config);
  });
  afterAll(async () => {
    await productionClient?.close();
    await world?.stop();
  });
  beforeEach(() => {
    world.emulator.control.reset();
    // Application objects outlive deployments; every test starts with a new application.
    world.piped.clearSharedObjects();
  });

  async function deploy(target: AppSource, running?: AppSource, deployTarget = staging) {
    const planned = await world.plugin.plan({ target, running, deployTargets: [deployTarget] });
    const run = await world.plugin.run(planned, { target, running });
    expect(run.status).toBe(DeploymentStatus.DEPLOYMENT_SUCCESS);
    return planned;
  }

  const livestate = (source: AppSource, deployTargets = [staging]) =>
    world.plugin.getLivestate({ ...APP, deploySource: deploymentSource(source), deployTargets });

  const planPreview = (target: AppSource, deployTargets = [staging], running?: AppSource) =>
    world.plugin.getPlanPreview({
      ...APP,
      deployTargets,
      targetDeploymentSource: deploymentSource(target),
      runningDeploymentSource: running ? deploymentSource(running) : undefined,
    });

  const calls = () => world.emulator.control.journal().map((e) => e.method);

  /** Rewrites the live service as someone with the console would (a new revision, traffic untouched). */
  async function editBehindOurBack(
    edit: (container: { image: string; env?: { name: string; value?: string }[] }) => void,
  ) {
    const live = await world.cloudRun.getService(SERVICE, { signal });
    if (!live) throw new Error("no live service");
    const changed = structuredClone(live);
    delete changed.template.revision;
    edit(changed.template.containers[0]!);
    await world.cloudRun.createOrUpdateService(changed, { signal });
  }

  describe("GetLivestate", () => {
    it("after a normal deployment: SYNCED (typed env values, defaulted fields), the service and its revision, two reads", async () => {
      const v1 = commitOf("quick-sync", C1, typedEnv);
      await deploy(v1);
      world.emulator.control.clearJournal();

      const res = await livestate(v1);
      expect(res.syncState).toMatchObject({ status: ApplicationSyncStatus.SYNCED });
      expect(res.syncState?.timestamp).toBeGreaterThan(0);
      // One GetService and one GetRevision (the serving, latest revision); nothing written.
      expect(calls().sort()).toEqual(["GetRevision", "GetService"]);

      const rev1 = revisionFor(V1, C1);
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

      const rev1 = revisionFor(V1, C1, "helloworld-canary");
      const rev2 = revisionFor("gcr.io/example/helloworld:v2.0.0", C2, "helloworld-canary");
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

      const missing = commitOf("quick-sync", C1);
      writeFileSync(
        join(missing.directory, "app.pipecd.yaml"),
        "apiVersion: pipecd.dev/v1beta1\nkind: Application\nspec:\n  plugins:\n    cloudrun:\n      input:\n        serviceManifestFile: missing.yaml\n",
      );
      expect((await livestate(missing)).syncState).toMatchObject({
        status: ApplicationSyncStatus.INVALID_CONFIG,
        shortReason: "The service manifest cannot be read",
        reason: expect.stringContaining('"missing.yaml" was not found'),
      });

      const badConfig = commitOf("quick-sync", C1);
      writeFileSync(
        join(badConfig.directory, "app.pipecd.yaml"),
        "apiVersion: pipecd.dev/v1beta1\nkind: Application\nspec:\n  plugins:\n    cloudrun:\n      input:\n        serviceManifestFile: 7\n",
      );
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
      expect(new Set(onlyStaging.applicationLiveState?.resources.map((r) => r.deployTarget))).toEqual(
        new Set([staging]),
      );

      await deploy(v1, undefined, production);
      world.emulator.control.clearJournal();
      const both = await livestate(v1, [staging, production]);
      expect(both.syncState?.status, both.syncState?.reason).toBe(ApplicationSyncStatus.SYNCED);
      const services = (both.applicationLiveState?.resources ?? []).filter((r) => r.resourceType === "Service");
      expect(services.map((r) => [r.deployTarget, r.id])).toEqual([
        [staging, world.cloudRun.servicePath(SERVICE)],
        [production, productionClient.servicePath(SERVICE)],
      ]);
      expect(calls().sort()).toEqual(["GetRevision", "GetRevision", "GetService", "GetService"]);

      // Production gets a second revision (same configuration, a later commit); then its traffic is
      // split behind our back. Only production drifts, and only in traffic.
      const v1b = commitOf("quick-sync", C2);
      await deploy(v1b, v1, production);
      const rev1 = revisionFor(V1, C1);
      const rev1b = revisionFor(V1, C2);
      world.emulator.control.setTraffic(productionClient.servicePath(SERVICE), [
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

  describe("GetPlanPreview", () => {
    it("a new service previews as a creation, and nothing is sent to Cloud Run but a read", async () => {
      const v1 = commitOf("quick-sync", C1);
      const res = await planPreview(v1);
      expect(res.results).toHaveLength(1);
      const [result] = res.results;
      expect(result).toMatchObject({
        deployTarget: staging,
        summary: `Service ${SERVICE} will be created with revision ${revisionFor(V1, C1)}`,
        noChange: false,
        diffLanguage: "diff",
      });
      const details = Buffer.from(result!.details).toString("utf8");
      expect(details.split("\n").slice(0, 3)).toEqual([
        "--- live (cloud run)",
        "+++ desired (1111111)",
        expect.stringMatching(/^@@ -0,0 \+1,\d+ @@$/),
      ]);
      expect(details).toContain(`+    image: ${V1}`);
      expect(details).not.toMatch(/\bhello\b/);
      expect(calls()).toEqual(["GetService"]);
    });

    it("no change, an image change and a config-only change; the change is checked with validate_only", async () => {
      const v1 = commitOf("quick-sync", C1);
      await deploy(v1);
      const revisions = (await world.cloudRun.listRevisions(SERVICE, { signal })).length;

      world.emulator.control.clearJournal();
      const same = (await planPreview(commitOf("quick-sync", C2), [staging], v1)).results[0];
      expect(same).toMatchObject({ summary: `No changes: ${SERVICE} already runs this configuration`, noChange: true });
      expect(Buffer.from(same!.details).toString("utf8")).toBe("");
      expect(calls()).toEqual(["GetService"]);

      world.emulator.control.clearJournal();
      const image = (await planPreview(commitOf("quick-sync", C2, withImage("v2.0.0")), [staging], v1)).results[0];
      const rev2 = revisionFor("gcr.io/example/helloworld:v2.0.0", C2);
      expect(image?.noChange).toBe(false);
      expect(image?.summary).toBe(
        `A new revision ${rev2} of ${SERVICE} will be created (image helloworld from v1.0.0 to v2.0.0) and get 100% of the traffic. Cloud Run accepts the change (validate_only)`,
      );
      const details = Buffer.from(image!.details).toString("utf8");
      expect(details).toContain(`-    image: ${V1}\n+    image: gcr.io/example/helloworld:v2.0.0`);
      expect(details).toContain(`+  revision: ${rev2}`);
      const writes = world.emulator.control.journal({ method: "UpdateService" });
      expect(writes).toHaveLength(1);
      expect(writes[0]).toMatchObject({ mutating: false, applied: false, code: "OK" });
      expect(writes[0]?.request).toMatchObject({ validateOnly: true });
      expect(world.emulator.control.journal({ mutating: true })).toEqual([]);
      expect((await world.cloudRun.listRevisions(SERVICE, { signal })).length).toBe(revisions);

      const config = (await planPreview(commitOf("quick-sync", C3, (y) => y.replace("team: web", "team: payments"))))
        .results[0];
      expect(config?.summary).toBe(
        `No new revision: only the configuration of ${SERVICE} changes (labels). Cloud Run accepts the change (validate_only)`,
      );
      expect(Buffer.from(config!.details).toString("utf8")).toContain("-  team: web\n+  team: payments");
    });

    it("an env value Cloud Run echoes in its error is hidden in the summary", async () => {
      const v1 = commitOf("quick-sync", C1);
      await deploy(v1);
      const secret = "s3cr3t-from-the-manifest";
      world.emulator.control.failNext("UpdateService", "INVALID_ARGUMENT", 1, {
        message: `env GREETING: value '${secret}' is not allowed`,
      });
      const target = commitOf("quick-sync", C2, (y) =>
        withImage("v2.0.0")(y).replace("value: hello", `value: ${secret}`),
      );
      const res = await planPreview(target);
      expect(res.results[0]?.summary).toContain("env GREETING: value '(hidden)' is not allowed");
      expect(JSON.stringify(res)).not.toContain(secret);
    });

    it("Cloud Run's validation error shows in the summary; nothing changes", async () => {
      const v1 = commitOf("quick-sync", C1);
      await deploy(v1);
      const before = await world.cloudRun.getService(SERVICE, { signal });
      world.emulator.control.clearJournal();
      world.emulator.control.failNext("UpdateService", "INVALID_ARGUMENT", 1, {
        message: "spec.template.spec.containers[0].resources.limits.memory: must be at least 128Mi",
      });
      const res = await planPreview(commitOf("quick-sync", C2, withImage("v2.0.0")));
      expect(res.results[0]?.summary).toMatch(
        /\. Cloud Run rejects the change: InvalidArgument: .*must be at least 128Mi$/,
      );
      expect(res.results[0]?.noChange).toBe(false);
      const writes = world.emulator.control.journal({ method: "UpdateService" });
      expect(writes.map((w) => [w.request.validateOnly, w.mutating, w.applied, w.code])).toEqual([
        [true, false, false, "INVALID_ARGUMENT"],
      ]);
      expect((await world.cloudRun.getService(SERVICE, { signal }))?.etag).toBe(before?.etag);
    });

    it("a change the manifest loader accepts but Cloud Run refuses: a reused explicit revision name", async () => {
      const named = (yaml: string) =>
        yaml.replace(
          "    metadata:\n      annotations:",
          "    metadata:\n      name: helloworld-blue\n      annotations:",
        );
      const v1 = commitOf("quick-sync", C1, named);
      await deploy(v1);
      world.emulator.control.clearJournal();
      const res = await planPreview(commitOf("quick-sync", C2, (y) => withImage("v2.0.0")(named(y))));
      expect(res.results[0]?.summary).toContain("Cloud Run rejects the change: AlreadyExists: UpdateService");
      expect(res.results[0]?.summary).toContain(
        "Revision named 'helloworld-blue' with different configuration already exists.",
      );
      expect(world.emulator.control.journal({ mutating: true })).toEqual([]);
    });

    it("one result per deploy target", async () => {
      const v1 = commitOf("quick-sync", C1);
      await deploy(v1, undefined, staging);
      const res = await planPreview(commitOf("quick-sync", C2), [staging, production], v1);
      expect(res.results.map((r) => [r.deployTarget, r.noChange, r.summary.split(" ").slice(0, 2).join(" ")])).toEqual([
        [staging, true, "No changes:"],
        [production, false, "Service helloworld"],
      ]);
    });

    it("a broken manifest gives a result naming the problem", async () => {
      const res = await planPreview(commitOf("quick-sync", C1, (y) => y.replace("containers:", "containers: [")));
      expect(res.results[0]).toMatchObject({
        deployTarget: staging,
        summary: "Cannot preview: the service manifest is invalid",
        noChange: false,
      });
      expect(Buffer.from(res.results[0]!.details).toString("utf8")).toMatch(/^service\.yaml:\d+:\d+: /);
    });
  });
});
