/**
 * The world of the live-state and plan-preview tests: one application on both example deploy targets (two projects,
 * two regions), asked as piped asks, with a fresh application (no shared objects) for each test.
 */
import type { CloudRunClient } from "@cr/cloudrun";
import { createEmulatorClient } from "@cr/cloudrun/testing";
import { type AppSource, DeploymentStatus, deploymentSource } from "@cr/sdk-host/testing";
import { afterAll, beforeAll, beforeEach, expect } from "vitest";
import { examplePluginEntry, worldForSuite } from "./harness.js";
import { signal } from "./live.js";

export const SERVICE = "helloworld";
export const V1 = "gcr.io/example/helloworld:v1.0.0";
// What buildDeployment (the planner's deployment) uses; live state must be asked with the same ids.
const APP = { pipedId: "piped-1", applicationId: "app-1", applicationName: "helloworld" };
const [first, second] = examplePluginEntry().deployTargets;
/** The example deploy targets: staging, the plugin's first, and production in another project and region. */
export const staging = first!.name;
export const production = second!.name;

/** Registers the suite's world and returns it with the calls the tests make on it. */
export function appWorldForSuite() {
  const world = worldForSuite();
  let productionClient: CloudRunClient;
  beforeAll(() => {
    productionClient = createEmulatorClient(world.emulator.host, second!.config);
  });
  afterAll(async () => {
    await productionClient?.close();
  });
  beforeEach(() => {
    // Application objects outlive deployments; every test starts with a new application.
    world.piped.clearSharedObjects();
  });

  return {
    world,
    /** The full name of `service` on the production deploy target. */
    productionServicePath: (service: string) => productionClient.servicePath(service),

    /** Plans and runs a deployment of `target` to one deploy target; it must succeed. */
    async deploy(target: AppSource, running?: AppSource, deployTarget = staging) {
      const planned = await world.plugin.plan({ target, running, deployTargets: [deployTarget] });
      const run = await world.plugin.run(planned, { target, running });
      expect(run.status).toBe(DeploymentStatus.DEPLOYMENT_SUCCESS);
      return planned;
    },

    livestate: (source: AppSource, deployTargets = [staging]) =>
      world.plugin.getLivestate({ ...APP, deploySource: deploymentSource(source), deployTargets }),

    planPreview: (target: AppSource, deployTargets = [staging], running?: AppSource) =>
      world.plugin.getPlanPreview({
        ...APP,
        deployTargets,
        targetDeploymentSource: deploymentSource(target),
        runningDeploymentSource: running ? deploymentSource(running) : undefined,
      }),

    /** The Cloud Run methods called since the last reset. */
    calls: () => world.emulator.control.journal().map((e) => e.method),

    /** Rewrites the live service as someone with the console would (a new revision, traffic untouched). */
    async editBehindOurBack(edit: (container: { image: string; env?: { name: string; value?: string }[] }) => void) {
      const live = await world.cloudRun.getService(SERVICE, { signal });
      if (!live) throw new Error("no live service");
      const changed = structuredClone(live);
      delete changed.template.revision;
      edit(changed.template.containers[0]!);
      await world.cloudRun.createOrUpdateService(changed, { signal });
    },
  };
}
