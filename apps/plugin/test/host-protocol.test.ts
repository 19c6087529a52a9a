import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  buildDeployment,
  FakePiped,
  PluginProcess,
  runPluginToExit,
  StageStatus,
  GrpcStatus as status,
} from "@cr/sdk-host/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireBuiltPlugin } from "./built-plugin.js";

const target = {
  name: "cloudrun-staging",
  labels: { env: "staging" },
  config: { project: "example", region: "asia-northeast1" },
};

describe("the built plugin, launched as piped launches it", () => {
  let plugin: PluginProcess;
  let piped: FakePiped;
  const appDir = mkdtempSync(join(tmpdir(), "cr-app-"));
  writeFileSync(
    join(appDir, "app.pipecd.yaml"),
    "apiVersion: pipecd.dev/v1beta1\nkind: Application\nspec:\n  name: hello\n",
  );

  beforeAll(async () => {
    piped = await FakePiped.start();
    plugin = await PluginProcess.launch({ command: requireBuiltPlugin(), piped, deployTargets: [target] });
  });
  afterAll(async () => {
    await plugin?.stop();
    await piped?.stop();
  });

  it("answers FetchDefinedStages with the Cloud Run stages", async () => {
    const res = await plugin.fetchDefinedStages();
    expect(res.stages).toEqual(["CLOUDRUN_SYNC", "CLOUDRUN_PROMOTE", "CLOUDRUN_ROLLBACK", "CLOUDRUN_CANARY_CLEANUP"]);
  });

  it("plans quick-sync stages with auto-rollback", async () => {
    const res = await plugin.buildQuickSyncStages(true);
    expect(res.stages.map((s) => [s.name, s.index, s.rollback])).toEqual([
      ["CLOUDRUN_SYNC", 0, false],
      ["CLOUDRUN_ROLLBACK", 0, true],
    ]);
  });

  it("answers INVALID_ARGUMENT to a request missing required fields, and keeps serving", async () => {
    await expect(plugin.executeStageRaw({})).rejects.toMatchObject({ code: status.INVALID_ARGUMENT });
    await expect(plugin.executeStageRaw({ input: { stageConfig: Buffer.alloc(0) } })).rejects.toMatchObject({
      code: status.INVALID_ARGUMENT,
      details: expect.stringContaining("input.deployment is required"),
    });
    await expect(plugin.determineStrategy({})).rejects.toMatchObject({
      code: status.INVALID_ARGUMENT,
      details: expect.stringContaining("input.deployment is required"),
    });
    expect((await plugin.fetchDefinedStages()).stages).toHaveLength(4);
    expect(await plugin.health()).toBe("SERVING");
  });

  it("names a deploy target that is not in its config", async () => {
    const deployment = buildDeployment({ pluginName: "cloudrun", deployTargets: ["prod"], commitHash: "abc1234" });
    const stage = { ...(await plugin.buildQuickSyncStages(false)).stages[0]!, id: "s1" };
    await expect(
      plugin.executeStage({ ...deployment, stages: [stage] }, stage, {
        target: { directory: appDir, commitHash: "abc1234" },
      }),
    ).rejects.toMatchObject({ code: status.INVALID_ARGUMENT, details: expect.stringContaining('"prod" is not found') });
  });

  it("sends the stage log to piped with the completed checkpoint before replying", async () => {
    const deployment = buildDeployment({ pluginName: "cloudrun", deployTargets: [target.name], commitHash: "abc1234" });
    const stage = { ...(await plugin.buildQuickSyncStages(false)).stages[0]!, id: "s2" };
    const outcome = await plugin
      .executeStage({ ...deployment, stages: [stage] }, stage, { target: { directory: appDir, commitHash: "abc1234" } })
      .then(
        (res) => res.status,
        (error: { code: number }) => error.code,
      );
    // The app directory has no service.yaml: the stage fails and says so in its log.
    expect(outcome).toBe(StageStatus.STAGE_FAILURE);
    const log = piped.stageLog(deployment.id, "s2");
    expect(log.completed).toBe(true);
    expect(log.calls.at(-1)).toMatchObject({ kind: "checkpoint", completed: true });
    expect(log.blocks.map((b) => b.log).join("\n")).toContain('service manifest "service.yaml" was not found');
  });
});

describe("plugin lifecycle", () => {
  it("stops on SIGTERM within the grace period, exiting 0", async () => {
    const plugin = await PluginProcess.launch({ command: requireBuiltPlugin(), deployTargets: [target] });
    const started = Date.now();
    const result = await plugin.stop(10_000);
    expect(result).toEqual({ code: 0, signal: null });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(plugin.stderr).toContain("plugin stopped");
    // The heap budget's V8 flags exist on this Node.js (V8 reports an unknown one on stderr).
    expect(plugin.stderr).not.toContain("unrecognized flag");
  });

  it.each([
    { name: "not JSON", configJson: "{not json", message: "--config is not valid JSON" },
    { name: "no name", configJson: '{"url":"file:///x","port":7010}', message: '\\"name\\" is required' },
    { name: "no port", configJson: '{"name":"cloudrun","url":"file:///x"}', message: '\\"port\\" is required' },
    {
      name: "no deploy targets",
      configJson: '{"name":"cloudrun","url":"file:///x","port":7010}',
      message: "requires at least one deploy target",
    },
    {
      name: "a deploy-target config the validator rejects",
      configJson: JSON.stringify({
        name: "cloudrun",
        url: "file:///x",
        port: 7010,
        deployTargets: [{ name: "dt", config: { project: "example" } }],
      }),
      message: 'deploy target \\"dt\\" has an invalid config: /region',
    },
  ])("exits non-zero when --config has $name", async ({ configJson, message }) => {
    const result = await runPluginToExit({ command: requireBuiltPlugin(), configJson });
    expect(result.code).not.toBe(0);
    expect(result.code).not.toBeNull();
    expect(result.stderr).toContain(message);
  });

  it("prints usage and exits non-zero for bad flags", async () => {
    const { spawnSync } = await import("node:child_process");
    const result = spawnSync(requireBuiltPlugin(), ["start", "--config", "{}"], { encoding: "utf8" });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("--piped-plugin-service");
    expect(result.stderr).toContain("Usage:");
  });
});
