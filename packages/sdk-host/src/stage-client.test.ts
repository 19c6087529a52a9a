// StageClient against a fake piped's PluginService over real sockets.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildDeployment } from "../testing/deployments.js";
import { FakePiped } from "../testing/fake-piped.js";
import { PipedClient } from "./piped-client.js";
import { bindStageClient } from "./stage-client.js";

describe("StageClient against piped's PluginService", () => {
  let piped: FakePiped;
  let client: PipedClient;
  const deployment = buildDeployment({ pluginName: "cloudrun", deployTargets: ["dt"], commitHash: "c1" });

  beforeAll(async () => {
    piped = await FakePiped.start();
    client = new PipedClient(piped.address);
    piped.registerDeployment({
      ...deployment,
      stages: [],
      metadataV2: {
        shared: { keyValues: { DeploymentNotification: "alice" } },
        plugins: { cloudrun: { keyValues: { seeded: "yes" } } },
      },
    });
  });
  afterAll(async () => {
    client.close();
    await piped.stop();
  });

  const stage = () =>
    bindStageClient(client, {
      deploymentId: deployment.id,
      stageId: "st-1",
      applicationId: "app-1",
      pluginName: "cloudrun",
    });

  it("reads and writes stage metadata, one key or many", async () => {
    const s = stage();
    expect(await s.getStageMetadata("missing")).toBeUndefined();
    await s.putStageMetadata("a", "1");
    await s.putStageMetadataMulti({ b: "2", c: "3" });
    expect(await s.getStageMetadata("b")).toBe("2");
    expect(piped.stageMetadata(deployment.id, "st-1")).toEqual({ a: "1", b: "2", c: "3" });
  });

  it("reads and writes deployment plugin metadata seeded from metadata_v2", async () => {
    const s = stage();
    expect(await s.getDeploymentPluginMetadata("seeded")).toBe("yes");
    await s.putDeploymentPluginMetadataMulti({ snapshot: "{}", revision: "r1" });
    await s.putDeploymentPluginMetadata("revision", "r2");
    expect(piped.pluginMetadata(deployment.id, "cloudrun")).toEqual({ seeded: "yes", snapshot: "{}", revision: "r2" });
  });

  it("reads shared metadata written by piped", async () => {
    expect(await stage().getDeploymentSharedMetadata("DeploymentNotification")).toBe("alice");
  });

  it("lists only stage commands for this stage", async () => {
    piped.addStageCommand({
      id: "cmd-1",
      pipedId: "p",
      applicationId: "app-1",
      deploymentId: deployment.id,
      stageId: "st-1",
      commander: "bob",
      projectId: "",
      status: 0,
      metadata: {},
      handledAt: 0,
      type: 6,
      createdAt: 1,
      updatedAt: 1,
    });
    expect(await stage().listStageCommands()).toEqual([{ id: "cmd-1", type: "SKIP_STAGE", commander: "bob" }]);
  });

  it("stores application shared objects; a missing one is undefined", async () => {
    const s = stage();
    expect(await s.getApplicationSharedObject("last")).toBeUndefined();
    await s.putApplicationSharedObject("last", Buffer.from("state"));
    expect(Buffer.from((await s.getApplicationSharedObject("last"))!).toString()).toBe("state");
  });

  it("surfaces piped's error for a deployment it does not run", async () => {
    const other = bindStageClient(client, {
      deploymentId: "gone",
      stageId: "s",
      applicationId: "a",
      pluginName: "cloudrun",
    });
    await expect(other.getStageMetadata("k")).rejects.toMatchObject({
      details: "metadata store not found for deployment gone",
    });
  });
});
