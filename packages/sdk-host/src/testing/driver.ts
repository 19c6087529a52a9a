import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { connect, createServer } from "node:net";
import { join } from "node:path";
import { ChannelCredentials } from "@grpc/grpc-js";
import { parse as parseYaml } from "yaml";
import { HealthCheckResponse_ServingStatus, HealthClient } from "../gen/health/v1/health.js";
import { SyncStrategy } from "../gen/model/common.js";
import { type Deployment, DeploymentStatus, type PipelineStage, StageStatus } from "../gen/model/deployment.js";
import type { DeploymentSource } from "../gen/plugin/common/v1alpha1/common.js";
import {
  type BuildPipelineSyncStagesRequest,
  type BuildPipelineSyncStagesResponse,
  type BuildQuickSyncStagesResponse,
  DeploymentServiceClient,
  type DetermineStrategyResponse,
  type DetermineVersionsResponse,
  type ExecuteStageResponse,
  type FetchDefinedStagesResponse,
  type PlanPluginInput,
} from "../gen/plugin/deployment/v1alpha1/api.js";
import {
  type GetLivestateRequest,
  type GetLivestateResponse,
  LivestateServiceClient,
} from "../gen/plugin/livestate/v1alpha1/api.js";
import {
  type GetPlanPreviewRequest,
  type GetPlanPreviewResponse,
  PlanPreviewServiceClient,
} from "../gen/plugin/planpreview/v1alpha1/api.js";
import { callUnary, type UnaryOptions } from "../unary.js";
import { buildDeployment } from "./deployments.js";
import { FakePiped } from "./fake-piped.js";

export interface PluginLaunchOptions {
  /** The executable piped would run (the single plugin file), or `node` with `args`. */
  command: string;
  /** Arguments placed before piped's own (e.g. a script path when command is `node`). */
  args?: string[];
  name?: string;
  port?: number;
  url?: string;
  config?: unknown;
  deployTargets?: { name: string; labels?: Record<string, string>; config: unknown }[];
  /** Replaces the generated `--config` JSON, to test malformed input. */
  configJson?: string;
  env?: NodeJS.ProcessEnv;
  /** Working directory of the plugin process (default: this process's). */
  cwd?: string;
  piped?: FakePiped;
  startTimeoutMs?: number;
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** A free TCP port on loopback (closed again before it is returned). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** piped's `--config` JSON: key order and omissions as Go's encoding/json writes them. */
export function pipedPluginConfigJson(o: {
  name: string;
  url: string;
  port: number;
  config?: unknown;
  deployTargets?: { name: string; labels?: Record<string, string>; config: unknown }[];
}): string {
  const entry: Record<string, unknown> = { name: o.name, url: o.url, port: o.port };
  if (o.config !== undefined && o.config !== null) entry.config = o.config;
  if (o.deployTargets && o.deployTargets.length > 0) {
    entry.deployTargets = o.deployTargets.map((t) => ({
      name: t.name,
      ...(t.labels && Object.keys(t.labels).length > 0 ? { labels: t.labels } : {}),
      config: t.config ?? null,
    }));
  }
  return JSON.stringify(entry);
}

/** Spawns the plugin exactly as piped does: no shell, `start --piped-plugin-service localhost:N --config JSON`. */
function spawnAsPiped(o: PluginLaunchOptions, pipedAddress: string, port: number): ChildProcess {
  const configJson =
    o.configJson ??
    pipedPluginConfigJson({
      name: o.name ?? "cloudrun",
      url: o.url ?? "file:///opt/pipecd/plugins/cloudrun",
      port,
      config: o.config,
      deployTargets: o.deployTargets,
    });
  return spawn(
    o.command,
    [...(o.args ?? []), "start", "--piped-plugin-service", pipedAddress, "--config", configJson],
    {
      env: o.env ?? process.env,
      ...(o.cwd ? { cwd: o.cwd } : {}),
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
}

/** Runs the plugin until it exits by itself (for start-up failures); resolves with its exit code and output. */
export async function runPluginToExit(
  o: PluginLaunchOptions,
  timeoutMs = 15_000,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; stdout: string }> {
  const port = o.port ?? (await freePort());
  const child = spawnAsPiped(o, "localhost:9", port);
  let stderr = "";
  let stdout = "";
  child.stderr?.on("data", (d) => (stderr += d));
  child.stdout?.on("data", (d) => (stdout += d));
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.on("exit", (c, s) => resolve([c, s])),
  );
  clearTimeout(timer);
  return { code, signal, stderr, stdout };
}

export interface AppSource {
  /** Absolute path of the application directory (holding app.pipecd.yaml and manifests). */
  directory: string;
  commitHash: string;
  configFilename?: string;
}

export function deploymentSource(app: AppSource): DeploymentSource {
  const configFilename = app.configFilename ?? "app.pipecd.yaml";
  return {
    applicationDirectory: app.directory,
    commitHash: app.commitHash,
    applicationConfig: readFileSync(join(app.directory, configFilename)),
    applicationConfigFilename: configFilename,
    sharedConfigDirectory: join(app.directory, ".pipe"),
  };
}

interface AppSpecView {
  pipeline: { name: string; desc: string; with: unknown }[];
  autoRollback: boolean;
  alwaysUsePipeline: boolean;
}

function readAppSpec(app: AppSource): AppSpecView {
  const doc = parseYaml(readFileSync(join(app.directory, app.configFilename ?? "app.pipecd.yaml"), "utf8")) ?? {};
  const spec = doc.spec ?? {};
  return {
    pipeline: (spec.pipeline?.stages ?? []).map((s: { name: string; desc?: string; with?: unknown }) => ({
      name: s.name,
      desc: s.desc ?? "",
      with: s.with ?? {},
    })),
    autoRollback: spec.planner?.autoRollback ?? true,
    alwaysUsePipeline: spec.planner?.alwaysUsePipeline ?? false,
  };
}

export interface StageRun {
  stage: PipelineStage;
  status: StageStatus;
  /** Set when the call failed with a gRPC error (piped records FAILURE). */
  error?: { code: number; details: string };
}

export interface DeploymentRun {
  status: DeploymentStatus;
  stages: StageRun[];
}

export interface PlanOptions {
  target: AppSource;
  running?: AppSource;
  deployTargets: string[];
  deploymentId?: string;
}

/** A plugin process launched as piped launches it, with a typed client that calls it as piped does. */
export class PluginProcess {
  private stderrText = "";
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly deployment: DeploymentServiceClient;
  private readonly livestateClient: LivestateServiceClient;
  private readonly planPreviewClient: PlanPreviewServiceClient;
  private readonly healthClient: HealthClient;
  private definedStages: string[] = [];

  private constructor(
    readonly child: ChildProcess,
    readonly port: number,
    readonly piped: FakePiped,
    readonly pluginName: string,
    private readonly ownsPiped: boolean,
  ) {
    child.stderr?.on("data", (d) => {
      this.stderrText += d;
    });
    this.exited = new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
    const address = `localhost:${port}`;
    const credentials = ChannelCredentials.createInsecure();
    this.deployment = new DeploymentServiceClient(address, credentials);
    this.livestateClient = new LivestateServiceClient(address, credentials);
    this.planPreviewClient = new PlanPreviewServiceClient(address, credentials);
    this.healthClient = new HealthClient(address, credentials);
  }

  static async launch(o: PluginLaunchOptions): Promise<PluginProcess> {
    const piped = o.piped ?? (await FakePiped.start());
    const port = o.port ?? (await freePort());
    const child = spawnAsPiped(o, piped.address, port);
    const plugin = new PluginProcess(child, port, piped, o.name ?? "cloudrun", !o.piped);
    await plugin.waitUntilServing(o.startTimeoutMs ?? 20_000);
    return plugin;
  }

  get stderr(): string {
    return this.stderrText;
  }

  private async waitUntilServing(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let exited = false;
    void this.exited.then(() => {
      exited = true;
    });
    // Wait for the port first: a gRPC call to a closed port puts the channel into reconnect backoff (≈1 s).
    while (!(await canConnect(this.port))) {
      if (exited) throw new Error(`the plugin exited before serving:\n${this.stderrText}`);
      if (Date.now() > deadline)
        throw new Error(`the plugin did not listen on port ${this.port} in time:\n${this.stderrText}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    for (;;) {
      if (exited) throw new Error(`the plugin exited before serving:\n${this.stderrText}`);
      try {
        // Like piped: the first call after dialing is FetchDefinedStages.
        this.definedStages = (await this.fetchDefinedStages({ timeoutMs: 1_000 })).stages;
        return;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`the plugin did not serve in time: ${error}\n${this.stderrText}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  }

  fetchDefinedStages(options?: UnaryOptions): Promise<FetchDefinedStagesResponse> {
    return callUnary(this.deployment.fetchDefinedStages.bind(this.deployment), {}, options);
  }

  determineVersions(input: PlanPluginInput, options?: UnaryOptions): Promise<DetermineVersionsResponse> {
    return callUnary(this.deployment.determineVersions.bind(this.deployment), { input }, options);
  }

  determineStrategy(input: PlanPluginInput, options?: UnaryOptions): Promise<DetermineStrategyResponse> {
    return callUnary(this.deployment.determineStrategy.bind(this.deployment), { input }, options);
  }

  buildQuickSyncStages(rollback: boolean, options?: UnaryOptions): Promise<BuildQuickSyncStagesResponse> {
    return callUnary(this.deployment.buildQuickSyncStages.bind(this.deployment), { rollback }, options);
  }

  buildPipelineSyncStages(
    request: BuildPipelineSyncStagesRequest,
    options?: UnaryOptions,
  ): Promise<BuildPipelineSyncStagesResponse> {
    return callUnary(this.deployment.buildPipelineSyncStages.bind(this.deployment), request, options);
  }

  /** Raw ExecuteStage, for malformed-request tests. */
  executeStageRaw(request: Parameters<DeploymentServiceClient["executeStage"]>[0], options?: UnaryOptions) {
    return callUnary<typeof request, ExecuteStageResponse>(
      this.deployment.executeStage.bind(this.deployment),
      request,
      options,
    );
  }

  getLivestate(request: GetLivestateRequest, options?: UnaryOptions): Promise<GetLivestateResponse> {
    return callUnary(this.livestateClient.getLivestate.bind(this.livestateClient), request, options);
  }

  getPlanPreview(request: GetPlanPreviewRequest, options?: UnaryOptions): Promise<GetPlanPreviewResponse> {
    return callUnary(this.planPreviewClient.getPlanPreview.bind(this.planPreviewClient), request, options);
  }

  /** The grpc.health.v1 status of the plugin (or one of its services), e.g. "SERVING". */
  async health(service = "", options?: UnaryOptions): Promise<string> {
    const res = await callUnary(this.healthClient.check.bind(this.healthClient), { service }, options);
    return HealthCheckResponse_ServingStatus[res.status] ?? String(res.status);
  }

  /** Plans a deployment as piped's planner does: versions, strategy, then the stages. */
  async plan(o: PlanOptions): Promise<Deployment> {
    const spec = readAppSpec(o.target);
    const deployment = buildDeployment({
      id: o.deploymentId,
      pluginName: this.pluginName,
      deployTargets: o.deployTargets,
      commitHash: o.target.commitHash,
    });
    const input: PlanPluginInput = {
      deployment,
      targetDeploymentSource: deploymentSource(o.target),
      runningDeploymentSource: o.running ? deploymentSource(o.running) : undefined,
    };
    this.piped.registerDeployment(deployment);
    deployment.versions = (await this.determineVersions(input)).versions;

    let strategy: SyncStrategy;
    let summary: string;
    if (spec.pipeline.length === 0) [strategy, summary] = [SyncStrategy.QUICK_SYNC, "Quick sync (no pipeline)"];
    else if (spec.alwaysUsePipeline) [strategy, summary] = [SyncStrategy.PIPELINE, "Pipeline (alwaysUsePipeline)"];
    else if (!o.running) [strategy, summary] = [SyncStrategy.QUICK_SYNC, "Quick sync (first deployment)"];
    else {
      const decided = await this.determineStrategy(input);
      [strategy, summary] = [decided.syncStrategy, decided.summary];
    }

    let stages: PipelineStage[];
    if (strategy === SyncStrategy.QUICK_SYNC) {
      stages = (await this.buildQuickSyncStages(spec.autoRollback)).stages;
    } else {
      const owned = spec.pipeline
        .map((s, index) => ({ ...s, index }))
        .filter((s) => this.definedStages.includes(s.name))
        .map((s) => ({
          name: s.name,
          desc: s.desc,
          timeout: "",
          index: s.index,
          config: Buffer.from(JSON.stringify(s.with)),
        }));
      stages = (await this.buildPipelineSyncStages({ rollback: spec.autoRollback, stages: owned })).stages;
    }
    // piped: ids, non-rollback stages by index chained by `requires`, rollback stages last.
    const forward = stages.filter((s) => !s.rollback).sort((a, b) => a.index - b.index);
    const rollback = stages.filter((s) => s.rollback).sort((a, b) => a.index - b.index);
    let previous: string | undefined;
    for (const stage of forward) {
      stage.id = randomUUID();
      if (previous && strategy === SyncStrategy.PIPELINE) stage.requires = [previous];
      previous = stage.id;
    }
    for (const stage of rollback) stage.id = randomUUID();

    const planned: Deployment = {
      ...deployment,
      status: DeploymentStatus.DEPLOYMENT_PLANNED,
      runningCommitHash: o.running?.commitHash ?? "",
      summary,
      stages: [...forward, ...rollback],
      trigger: deployment.trigger
        ? { ...deployment.trigger, syncStrategy: strategy, strategySummary: summary }
        : undefined,
    };
    this.piped.unregisterDeployment(deployment.id);
    this.piped.registerDeployment(planned);
    return planned;
  }

  /** One ExecuteStage as piped's scheduler sends it. */
  async executeStage(
    deployment: Deployment,
    stage: PipelineStage,
    sources: { target: AppSource; running?: AppSource },
    options?: UnaryOptions,
  ): Promise<ExecuteStageResponse> {
    this.piped.registerDeployment(deployment);
    const quickSync = deployment.trigger?.syncStrategy === SyncStrategy.QUICK_SYNC;
    const spec = readAppSpec(sources.target);
    const stageConfig = quickSync
      ? Buffer.alloc(0)
      : Buffer.from(JSON.stringify(spec.pipeline[stage.index]?.with ?? {}));
    return this.executeStageRaw(
      {
        input: {
          deployment: { ...deployment, status: DeploymentStatus.DEPLOYMENT_RUNNING },
          stage,
          stageConfig,
          targetDeploymentSource: deploymentSource(sources.target),
          runningDeploymentSource:
            deployment.runningCommitHash && sources.running ? deploymentSource(sources.running) : undefined,
        },
      },
      options,
    );
  }

  /**
   * Runs a planned deployment as piped's scheduler does: stages in order; on FAILURE (or a gRPC
   * error) every rollback stage runs. `afterStage` sees each result (e.g. to check Cloud Run state).
   */
  async run(
    deployment: Deployment,
    sources: { target: AppSource; running?: AppSource },
    afterStage?: (run: StageRun) => Promise<void> | void,
  ): Promise<DeploymentRun> {
    const runs: StageRun[] = [];
    const runOne = async (stage: PipelineStage): Promise<StageRun> => {
      let run: StageRun;
      try {
        const res = await this.executeStage(deployment, stage, sources);
        run = { stage, status: res.status };
      } catch (error) {
        const e = error as { code: number; details: string };
        run = { stage, status: StageStatus.STAGE_FAILURE, error: { code: e.code, details: e.details } };
      }
      runs.push(run);
      await afterStage?.(run);
      return run;
    };
    let status = DeploymentStatus.DEPLOYMENT_SUCCESS;
    for (const stage of deployment.stages.filter((s) => !s.rollback)) {
      const run = await runOne(stage);
      if (run.status === StageStatus.STAGE_EXITED) break;
      if (run.status === StageStatus.STAGE_FAILURE || run.status === StageStatus.STAGE_CANCELLED) {
        status = DeploymentStatus.DEPLOYMENT_FAILURE;
        break;
      }
    }
    if (status === DeploymentStatus.DEPLOYMENT_FAILURE) {
      for (const stage of deployment.stages.filter((s) => s.rollback)) await runOne(stage);
    }
    return { status, stages: runs };
  }

  /** Sends a signal (piped sends SIGTERM on shutdown). */
  kill(signal: NodeJS.Signals = "SIGTERM"): void {
    this.child.kill(signal);
  }

  /** SIGTERM, then wait for the exit; SIGKILL after `timeoutMs` as piped does after its grace period. */
  async stop(timeoutMs = 30_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.kill("SIGTERM");
    const timer = setTimeout(() => this.kill("SIGKILL"), timeoutMs);
    const result = await this.exited;
    clearTimeout(timer);
    this.deployment.close();
    this.livestateClient.close();
    this.planPreviewClient.close();
    this.healthClient.close();
    if (this.ownsPiped) await this.piped.stop();
    return result;
  }
}
