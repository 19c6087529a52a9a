// PluginProcess: launches a plugin as piped does and drives it through plan, stages, live state and plan preview.
import type { ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ChannelCredentials } from "@grpc/grpc-js";
import { HealthCheckResponse_ServingStatus, HealthClient } from "../src/gen/health/v1/health.js";
import { SyncStrategy } from "../src/gen/model/common.js";
import { type Deployment, DeploymentStatus, type PipelineStage, StageStatus } from "../src/gen/model/deployment.js";
import type { DeploymentSource } from "../src/gen/plugin/common/v1alpha1/common.js";
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
} from "../src/gen/plugin/deployment/v1alpha1/api.js";
import {
  type GetLivestateRequest,
  type GetLivestateResponse,
  LivestateServiceClient,
} from "../src/gen/plugin/livestate/v1alpha1/api.js";
import {
  type GetPlanPreviewRequest,
  type GetPlanPreviewResponse,
  PlanPreviewServiceClient,
} from "../src/gen/plugin/planpreview/v1alpha1/api.js";
import { callUnary, type UnaryOptions } from "../src/unary.js";
import { buildDeployment } from "./deployments.js";
import { FakePiped } from "./fake-piped.js";
import { canConnect, freePort, type PluginLaunchOptions, spawnAsPiped } from "./launch.js";
import { type AppSource, type Plan, planLikePiped, readAppSpec } from "./planner.js";

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

  /**
   * Plans a deployment as piped's planner does: versions, strategy, then the stages, with piped's
   * refusals (a stage name no plugin defines, stage indexes it would not accept); rejects with
   * {@link PlanningFailed} when no strategy could be planned.
   */
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
    let plan: Plan;
    try {
      plan = await planLikePiped(
        {
          definedStages: this.definedStages,
          determineVersions: (i) => this.determineVersions(i),
          determineStrategy: (i) => this.determineStrategy(i),
          buildQuickSyncStages: (rollback) => this.buildQuickSyncStages(rollback),
          buildPipelineSyncStages: (request) => this.buildPipelineSyncStages(request),
        },
        spec,
        input,
        o.running !== undefined,
      );
    } finally {
      this.piped.unregisterDeployment(deployment.id);
    }
    const planned: Deployment = {
      ...deployment,
      status: DeploymentStatus.DEPLOYMENT_PLANNED,
      runningCommitHash: o.running?.commitHash ?? "",
      summary: plan.summary,
      versions: plan.versions,
      stages: plan.stages,
      trigger: deployment.trigger
        ? { ...deployment.trigger, syncStrategy: plan.strategy, strategySummary: plan.summary }
        : undefined,
    };
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
