// The plugin host over real sockets: services, stage index rules, admin server and TLS.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { get } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ChannelCredentials, status } from "@grpc/grpc-js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startTestHost } from "../test/test-host.js";
import { buildDeployment, buildStage } from "../testing/deployments.js";
import { deploymentSource } from "../testing/driver.js";
import type { FakePiped } from "../testing/fake-piped.js";
import { HealthCheckResponse_ServingStatus, HealthClient } from "./gen/health/v1/health.js";
import { StageStatus } from "./gen/model/deployment.js";
import { DeploymentServiceClient } from "./gen/plugin/deployment/v1alpha1/api.js";
import { LivestateServiceClient } from "./gen/plugin/livestate/v1alpha1/api.js";
import type { HostOptions, RunningHost } from "./host.js";
import type { DeploymentPlugin, PluginDefinition } from "./plugin.js";
import { callUnary } from "./unary.js";
import type { Validator } from "./validation.js";

type Spec = { greeting: string };
const specValidator: Validator<Spec> = (raw) => {
  const value = raw as Partial<Spec>;
  if (value.greeting !== undefined && typeof value.greeting !== "string") {
    return { ok: false, errors: [{ path: "/greeting", message: "must be a string" }] };
  }
  return { ok: true, value: { greeting: value.greeting ?? "hello" } };
};

const appDir = mkdtempSync(join(tmpdir(), "host-app-"));
writeFileSync(
  join(appDir, "app.pipecd.yaml"),
  "apiVersion: pipecd.dev/v1beta1\nkind: Application\nspec:\n  plugins:\n    demo:\n      greeting: hi\n",
);
const badAppDir = mkdtempSync(join(tmpdir(), "host-bad-app-"));
writeFileSync(join(badAppDir, "app.pipecd.yaml"), "apiVersion: v0\nkind: Application\nspec: {}\n");

let release: (() => void) | undefined;
let lastSignal: AbortSignal | undefined;
const plugin: DeploymentPlugin<unknown, { region: string }, Spec> = {
  fetchDefinedStages: () => ["DEMO_SYNC", "DEMO_ROLLBACK", "DEMO_BLOCK", "DEMO_THROW"],
  determineVersions: async (input) => [
    { name: "demo", version: input.targetSource.applicationConfig.spec.greeting, url: "x" },
  ],
  determineStrategy: async () => undefined,
  buildPipelineSyncStages: async ({ rollback, stages }) => {
    const planned = stages.map((s) => ({ index: s.index, name: s.name, rollback: false }));
    const first = Math.min(...stages.map((s) => s.index));
    return rollback ? [...planned, { index: first, name: "DEMO_ROLLBACK", rollback: true }] : planned;
  },
  buildQuickSyncStages: async ({ rollback }) => [
    { name: "DEMO_SYNC", description: "Sync everything", rollback: false },
    ...(rollback ? [{ name: "DEMO_ROLLBACK", description: "Roll back", rollback: true }] : []),
  ],
  executeStage: async (input, ctx) => {
    lastSignal = ctx.signal;
    if (input.stage.name === "DEMO_THROW") throw new Error("boom from the plugin");
    if (input.stage.name === "DEMO_BLOCK") {
      input.log.info("waiting");
      await new Promise<void>((resolve) => {
        release = resolve;
        ctx.signal.addEventListener("abort", () => resolve());
      });
      return ctx.signal.aborted ? "FAILURE" : "SUCCESS";
    }
    input.log.info(`greeting ${input.targetSource.applicationConfig.spec.greeting}\n\nsecond line`);
    input.log.success(`deployed to ${input.deployTargets.map((t) => `${t.name}@${t.config.region}`).join(",")}`);
    await input.client.putDeploymentPluginMetadata("snapshot", "v1");
    return "SUCCESS";
  },
};

const definition: PluginDefinition<unknown, { region: string }, Spec> = {
  version: "1.2.3-test",
  validators: {
    config: (raw) => ({ ok: true, value: raw }),
    deployTargetConfig: (raw) => {
      const region = (raw as { region?: unknown }).region;
      return typeof region === "string"
        ? { ok: true, value: { region } }
        : { ok: false, errors: [{ path: "/region", message: "is required" }] };
    },
    applicationSpec: specValidator,
  },
  deployment: plugin,
};

/** The demo plugin served on a free port, with a fresh fake piped. */
const startDemoHost = (overrides: Partial<HostOptions> = {}, plugin: typeof definition = definition) =>
  startTestHost(plugin, overrides);

describe("plugin host over real sockets", () => {
  let piped: FakePiped;
  let host: RunningHost;
  let client: DeploymentServiceClient;

  beforeAll(async () => {
    let port: number;
    ({ piped, host, port } = await startDemoHost({ gracePeriodMs: 2_000, logFlushIntervalMs: 50 }));
    client = new DeploymentServiceClient(`localhost:${port}`, ChannelCredentials.createInsecure());
  });
  afterAll(async () => {
    client.close();
    await host.stop();
    await piped.stop();
  });

  const execute = (stageName: string, overrides: { targets?: string[]; dir?: string } = {}) => {
    const deployment = buildDeployment({
      pluginName: "demo",
      deployTargets: overrides.targets ?? ["dt-1"],
      commitHash: "abc1234",
    });
    const stage = buildStage({ id: `stage-${stageName}-${Math.random()}`, name: stageName });
    piped.registerDeployment({ ...deployment, stages: [stage] });
    const request = {
      input: {
        deployment,
        stage,
        stageConfig: Buffer.alloc(0),
        targetDeploymentSource: deploymentSource({ directory: overrides.dir ?? appDir, commitHash: "abc1234" }),
      },
    };
    return { deployment, stage, call: callUnary(client.executeStage.bind(client), request) };
  };

  it("answers FetchDefinedStages", async () => {
    const res = await callUnary(client.fetchDefinedStages.bind(client), {});
    expect(res.stages).toEqual(["DEMO_SYNC", "DEMO_ROLLBACK", "DEMO_BLOCK", "DEMO_THROW"]);
  });

  it("answers UNIMPLEMENTED for a service the plugin does not provide", async () => {
    const livestate = new LivestateServiceClient(`localhost:${host.port}`, ChannelCredentials.createInsecure());
    await expect(
      callUnary(livestate.getLivestate.bind(livestate), {
        pipedId: "p",
        applicationId: "a",
        applicationName: "n",
        deployTargets: ["dt-1"],
      }),
    ).rejects.toMatchObject({ code: status.UNIMPLEMENTED });
    livestate.close();
  });

  it("executes a stage: spec decoded from app.pipecd.yaml, logs completed before the reply, metadata stored", async () => {
    const { deployment, stage, call } = execute("DEMO_SYNC");
    const res = await call;
    expect(res.status).toBe(StageStatus.STAGE_SUCCESS);
    const log = piped.stageLog(deployment.id, stage.id);
    expect(log.completed).toBe(true);
    expect(log.calls.at(-1)).toMatchObject({ kind: "checkpoint", completed: true });
    expect(log.blocks.map((b) => [b.log, b.severity])).toEqual([
      ["greeting hi", 0],
      ["second line", 0],
      ["deployed to dt-1@r1", 1],
    ]);
    expect(log.blocks.every((b) => b.index > 1_600_000_000 && b.createdAt > 0)).toBe(true);
    expect(piped.pluginMetadata(deployment.id, "demo")).toEqual({ snapshot: "v1" });
  });

  it("rejects a request missing required fields with INVALID_ARGUMENT and keeps serving", async () => {
    await expect(callUnary(client.executeStage.bind(client), {})).rejects.toMatchObject({
      code: status.INVALID_ARGUMENT,
      details: expect.stringContaining("input is required"),
    });
    const deployment = buildDeployment({ pluginName: "demo", deployTargets: ["dt-1"], commitHash: "c" });
    await expect(
      callUnary(client.executeStage.bind(client), { input: { deployment, stageConfig: Buffer.alloc(0) } }),
    ).rejects.toMatchObject({ code: status.INVALID_ARGUMENT, details: expect.stringContaining("input.stage") });
    await expect(callUnary(client.determineVersions.bind(client), { input: undefined })).rejects.toMatchObject({
      code: status.INVALID_ARGUMENT,
    });
    const res = await callUnary(client.fetchDefinedStages.bind(client), {});
    expect(res.stages.length).toBe(4);
  });

  it("maps a plugin error to INTERNAL with its message and writes it to the stage log", async () => {
    const { deployment, stage, call } = execute("DEMO_THROW");
    await expect(call).rejects.toMatchObject({
      code: status.INTERNAL,
      details: "failed to execute stage: boom from the plugin",
    });
    expect(piped.stageLogText(deployment.id, stage.id)).toEqual(["failed to execute stage: boom from the plugin"]);
    expect(piped.stageLog(deployment.id, stage.id).completed).toBe(true);
  });

  it("rejects an empty deploy target list and names an unknown deploy target", async () => {
    await expect(execute("DEMO_SYNC", { targets: [] }).call).rejects.toMatchObject({
      code: status.INVALID_ARGUMENT,
      details: expect.stringContaining("no deploy targets"),
    });
    await expect(execute("DEMO_SYNC", { targets: ["nope"] }).call).rejects.toMatchObject({
      code: status.INVALID_ARGUMENT,
      details: expect.stringContaining('"nope" is not found'),
    });
  });

  it("reports an app config with the wrong apiVersion as INVALID_ARGUMENT, naming the field", async () => {
    await expect(execute("DEMO_SYNC", { dir: badAppDir }).call).rejects.toMatchObject({
      code: status.INVALID_ARGUMENT,
      details: expect.stringContaining('apiVersion must be "pipecd.dev/v1beta1"'),
    });
  });

  it("builds quick-sync stages at index 0 with their description", async () => {
    const res = await callUnary(client.buildQuickSyncStages.bind(client), { rollback: true });
    expect(res.stages.map((s) => [s.name, s.desc, s.index, s.rollback, s.availableOperation])).toEqual([
      ["DEMO_SYNC", "Sync everything", 0, false, 3],
      ["DEMO_ROLLBACK", "Roll back", 0, true, 3],
    ]);
    expect(res.stages.every((s) => s.id === "" && s.createdAt > 0 && s.updatedAt > 0)).toBe(true);
  });

  it("builds pipeline stages keeping request indexes and descriptions, rollback at the minimum index", async () => {
    const res = await callUnary(client.buildPipelineSyncStages.bind(client), {
      rollback: true,
      stages: [
        { name: "DEMO_SYNC", desc: "first", timeout: "", index: 2, config: Buffer.from("{}") },
        { name: "DEMO_SYNC", desc: "second", timeout: "", index: 4, config: Buffer.from("{}") },
      ],
    });
    expect(res.stages.map((s) => [s.name, s.desc, s.index, s.rollback])).toEqual([
      ["DEMO_SYNC", "first", 2, false],
      ["DEMO_SYNC", "second", 4, false],
      ["DEMO_ROLLBACK", "first", 2, true],
    ]);
    await expect(
      callUnary(client.buildPipelineSyncStages.bind(client), {
        rollback: false,
        stages: [{ name: "", desc: "", timeout: "", index: 0, config: Buffer.alloc(0) }],
      }),
    ).rejects.toMatchObject({ code: status.INVALID_ARGUMENT, details: expect.stringContaining("stages[0].name") });
  });

  it("answers DetermineStrategy with PIPELINE when the plugin has no opinion", async () => {
    const deployment = buildDeployment({ pluginName: "demo", deployTargets: ["dt-1"], commitHash: "c" });
    const res = await callUnary(client.determineStrategy.bind(client), {
      input: { deployment, targetDeploymentSource: deploymentSource({ directory: appDir, commitHash: "c" }) },
    });
    expect(res.syncStrategy).toBe(2);
  });

  it("answers the standard gRPC health check for the server and the services it serves", async () => {
    const health = new HealthClient(`localhost:${host.port}`, ChannelCredentials.createInsecure());
    const check = (service: string) => callUnary(health.check.bind(health), { service });
    expect((await check("")).status).toBe(HealthCheckResponse_ServingStatus.SERVING);
    expect((await check("grpc.plugin.deploymentapi.v1alpha1.DeploymentService")).status).toBe(
      HealthCheckResponse_ServingStatus.SERVING,
    );
    await expect(check("grpc.plugin.livestateapi.v1alpha1.LivestateService")).rejects.toMatchObject({
      code: status.NOT_FOUND,
    });
    const watch = health.watch({ service: "" });
    const watchError = await new Promise<{ code?: number }>((resolve) => {
      watch.on("error", resolve);
      watch.on("data", () => {});
    });
    expect(watchError.code).toBe(status.UNIMPLEMENTED);
    health.close();
  });

  it("serves /healthz, /version and /metrics on loopback", async () => {
    const fetchText = (path: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        get({ host: "127.0.0.1", port: host.adminPort, path }, (res) => {
          let body = "";
          res.on("data", (d) => (body += d));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        }).on("error", reject);
      });
    expect(await fetchText("/healthz")).toEqual({ status: 200, body: "ok" });
    expect(await fetchText("/version")).toEqual({ status: 200, body: "1.2.3-test" });
    const metrics = await fetchText("/metrics");
    expect(metrics.body).toMatch(
      /pipecd_plugin_grpc_requests_total\{method="\/grpc.plugin.deploymentapi.v1alpha1.DeploymentService\/FetchDefinedStages",code="OK"\} \d+/,
    );
    expect(metrics.body).toContain('code="INVALID_ARGUMENT"');
    expect(metrics.body).toContain("pipecd_plugin_grpc_request_duration_seconds_bucket");
  });
});

describe("pipeline stage index rules", () => {
  it("rejects a plugin answer that uses an index the request did not have, or repeats one", async () => {
    let answer: { index: number; name: string; rollback: boolean }[] = [];
    const { piped, host, port } = await startDemoHost(
      {},
      { ...definition, deployment: { ...plugin, buildPipelineSyncStages: async () => answer } },
    );
    const client = new DeploymentServiceClient(`localhost:${port}`, ChannelCredentials.createInsecure());
    const request = {
      rollback: true,
      stages: [
        { name: "DEMO_SYNC", desc: "", timeout: "", index: 1, config: Buffer.alloc(0) },
        { name: "DEMO_SYNC", desc: "", timeout: "", index: 3, config: Buffer.alloc(0) },
      ],
    };
    answer = [{ index: 2, name: "DEMO_SYNC", rollback: false }];
    await expect(callUnary(client.buildPipelineSyncStages.bind(client), request)).rejects.toMatchObject({
      code: status.INTERNAL,
      details: "missing stage with index 2 in the request",
    });
    answer = [
      { index: 1, name: "DEMO_SYNC", rollback: false },
      { index: 1, name: "DEMO_SYNC", rollback: false },
    ];
    await expect(callUnary(client.buildPipelineSyncStages.bind(client), request)).rejects.toMatchObject({
      code: status.INTERNAL,
      details: expect.stringContaining("used twice among non-rollback stages"),
    });
    answer = [
      { index: 1, name: "DEMO_SYNC", rollback: false },
      { index: 1, name: "DEMO_ROLLBACK", rollback: true },
    ];
    const ok = await callUnary(client.buildPipelineSyncStages.bind(client), request);
    expect(ok.stages.map((s) => [s.index, s.rollback])).toEqual([
      [1, false],
      [1, true],
    ]);
    client.close();
    await host.stop();
    await piped.stop();
  });
});

describe("TLS", () => {
  it("serves over TLS when asked, and a plaintext client cannot talk to it", async () => {
    const fixtures = join(import.meta.dirname, "__fixtures__");
    const { piped, host, port } = await startDemoHost({
      tls: { certFile: join(fixtures, "localhost.crt"), keyFile: join(fixtures, "localhost.key") },
    });
    const secure = new DeploymentServiceClient(
      `localhost:${port}`,
      ChannelCredentials.createSsl(readFileSync(join(fixtures, "localhost.crt"))),
    );
    expect((await callUnary(secure.fetchDefinedStages.bind(secure), {})).stages).toHaveLength(4);
    const plain = new DeploymentServiceClient(`localhost:${port}`, ChannelCredentials.createInsecure());
    await expect(callUnary(plain.fetchDefinedStages.bind(plain), {}, { timeoutMs: 2_000 })).rejects.toBeDefined();
    secure.close();
    plain.close();
    await host.stop();
    await piped.stop();
  });
});

describe("plugin host shutdown", () => {
  let piped: FakePiped;
  afterEach(async () => piped?.stop());

  it("aborts in-flight calls, drains within the grace period and leaves a cut-off stage's log open", async () => {
    const started = await startDemoHost({ gracePeriodMs: 3_000, logFlushIntervalMs: 50 });
    piped = started.piped;
    const { host, port } = started;
    const client = new DeploymentServiceClient(`localhost:${port}`, ChannelCredentials.createInsecure());
    const deployment = buildDeployment({ pluginName: "demo", deployTargets: ["dt-1"], commitHash: "abc" });
    const stage = buildStage({ id: "blocked", name: "DEMO_BLOCK" });
    piped.registerDeployment({ ...deployment, stages: [stage] });
    const pending = callUnary(client.executeStage.bind(client), {
      input: {
        deployment,
        stage,
        stageConfig: Buffer.alloc(0),
        targetDeploymentSource: deploymentSource({ directory: appDir, commitHash: "abc" }),
      },
    });
    const outcome = pending.catch((error: unknown) => error);
    await waitFor(() => release !== undefined && lastSignal !== undefined);
    await host.stop("test");
    expect(lastSignal?.aborted).toBe(true);
    expect(await outcome).toMatchObject({ code: status.UNAVAILABLE });
    const log = piped.stageLog(deployment.id, stage.id);
    expect(log.blocks.map((b) => b.log)).toEqual(["waiting"]);
    expect(log.completed).toBe(false);
    client.close();
  });
});

async function waitFor(check: () => boolean, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 10));
  }
}
