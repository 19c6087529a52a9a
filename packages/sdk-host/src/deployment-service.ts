// DeploymentService handlers: turn piped's requests into calls on the plugin's DeploymentPlugin.
import { HostError, isHostError } from "./errors.js";
import { ArtifactVersion_Kind, SyncStrategy } from "./gen/model/common.js";
import { ManualOperation, type PipelineStage, StageStatus } from "./gen/model/deployment.js";
import type {
  BuildPipelineSyncStagesRequest,
  BuildPipelineSyncStagesResponse,
  BuildQuickSyncStagesRequest,
  BuildQuickSyncStagesResponse,
  DetermineStrategyRequest,
  DetermineStrategyResponse,
  DetermineVersionsRequest,
  DetermineVersionsResponse,
  ExecuteStageRequest,
  ExecuteStageResponse,
  FetchDefinedStagesResponse,
  PlanPluginInput,
} from "./gen/plugin/deployment/v1alpha1/api.js";
import type {
  CallContext,
  DeploymentPlugin,
  PlanInput,
  ManualOperation as PluginManualOperation,
  StageResult,
} from "./plugin.js";
import { requireNonEmpty, requireNonNegative, requirePresent } from "./request-checks.js";
import { callContext, type HostRuntime } from "./runtime.js";
import { bindStageClient } from "./stage-client.js";
import { decodeSource, resolveDeployTargets, toDeploymentView } from "./wire-convert.js";

/** How long ExecuteStage waits for piped to accept the final log checkpoint (PipeCD: 1 min). */
const LOG_COMPLETE_TIMEOUT_MS = 60_000;

const STAGE_STATUS: Record<StageResult, StageStatus> = {
  SUCCESS: StageStatus.STAGE_SUCCESS,
  FAILURE: StageStatus.STAGE_FAILURE,
  SKIPPED: StageStatus.STAGE_SKIPPED,
  EXITED: StageStatus.STAGE_EXITED,
};

const MANUAL_OPERATION: Record<PluginManualOperation, ManualOperation> = {
  NONE: ManualOperation.MANUAL_OPERATION_NONE,
  SKIP: ManualOperation.MANUAL_OPERATION_SKIP,
  APPROVE: ManualOperation.MANUAL_OPERATION_APPROVE,
};

export interface CallEnv {
  signal: AbortSignal;
}

/** DeploymentService: the wire on one side, the typed DeploymentPlugin on the other. */
export function deploymentHandlers<C, T, S>(runtime: HostRuntime<C, T, S>, plugin: DeploymentPlugin<C, T, S>) {
  const { config, definition } = runtime;
  const validateSpec = definition.validators.applicationSpec;
  const context = (env: CallEnv): CallContext<C> => callContext(runtime, env.signal);
  const nowSeconds = () => Math.floor(Date.now() / 1000);

  const planInput = (input: PlanPluginInput | undefined): PlanInput<S> => {
    const checked = requirePresent(input, "input");
    const deployment = requirePresent(checked.deployment, "input.deployment");
    requireNonEmpty(deployment.applicationId, "input.deployment.application_id");
    const target = requirePresent(checked.targetDeploymentSource, "input.target_deployment_source");
    return {
      deployment: toDeploymentView(deployment),
      targetSource: decodeSource(target, config.name, validateSpec, "target"),
      runningSource: checked.runningDeploymentSource
        ? decodeSource(checked.runningDeploymentSource, config.name, validateSpec, "running")
        : undefined,
    };
  };

  /**
   * piped shows its own text for a failed plan (and only logs DetermineVersions failures), so every
   * planning rejection is also written in full to the plugin's log at error level.
   */
  const planning = async <R>(method: string, prefix: string, body: () => Promise<R>): Promise<R> => {
    try {
      return await body();
    } catch (error) {
      const failure = HostError.from(error, prefix);
      runtime.logger.error(`planning rejected: ${method}`, { code: failure.code, reason: failure.message });
      throw failure;
    }
  };

  return {
    async fetchDefinedStages(): Promise<FetchDefinedStagesResponse> {
      return { stages: [...plugin.fetchDefinedStages()] };
    },

    async determineVersions(req: DetermineVersionsRequest, env: CallEnv): Promise<DetermineVersionsResponse> {
      const versions = await planning("DetermineVersions", "failed to determine versions", () =>
        plugin.determineVersions(planInput(req.input), context(env)),
      );
      return { versions: versions.map((v) => ({ kind: ArtifactVersion_Kind.UNKNOWN, ...v })) };
    },

    async determineStrategy(req: DetermineStrategyRequest, env: CallEnv): Promise<DetermineStrategyResponse> {
      const decision = await planning("DetermineStrategy", "failed to determine strategy", () =>
        plugin.determineStrategy(planInput(req.input), context(env)),
      );
      if (!decision) {
        return {
          syncStrategy: SyncStrategy.PIPELINE,
          summary: "Use PipelineSync because no other logic was matched",
          unsupported: false,
        };
      }
      const syncStrategy = decision.strategy === "QUICK_SYNC" ? SyncStrategy.QUICK_SYNC : SyncStrategy.PIPELINE;
      return { syncStrategy, summary: decision.summary, unsupported: false };
    },

    async buildPipelineSyncStages(
      req: BuildPipelineSyncStagesRequest,
      env: CallEnv,
    ): Promise<BuildPipelineSyncStagesResponse> {
      const requested = new Map<number, { name: string; desc: string }>();
      const stages = req.stages.map((s, i) => {
        requireNonEmpty(s.name, `stages[${i}].name`);
        requireNonNegative(s.index, `stages[${i}].index`);
        requested.set(s.index, { name: s.name, desc: s.desc });
        return { index: s.index, name: s.name, config: s.config };
      });
      const planned = await planning("BuildPipelineSyncStages", "failed to build pipeline sync stages", () =>
        plugin.buildPipelineSyncStages({ rollback: req.rollback, stages }, context(env)),
      );
      const used = { rollback: new Set<number>(), forward: new Set<number>() };
      const now = nowSeconds();
      return {
        stages: planned.map((stage): PipelineStage => {
          const source = requested.get(stage.index);
          if (!source) throw new HostError("Internal", `missing stage with index ${stage.index} in the request`);
          const seen = stage.rollback ? used.rollback : used.forward;
          if (seen.has(stage.index)) {
            throw new HostError(
              "Internal",
              `stage index ${stage.index} is used twice among ${stage.rollback ? "rollback" : "non-rollback"} stages`,
            );
          }
          seen.add(stage.index);
          return wireStage({
            name: stage.name,
            desc: source.desc,
            index: stage.index,
            rollback: stage.rollback,
            metadata: stage.metadata,
            availableOperation: stage.availableOperation,
            authorizedOperators: stage.authorizedOperators,
            now,
          });
        }),
      };
    },

    async buildQuickSyncStages(req: BuildQuickSyncStagesRequest, env: CallEnv): Promise<BuildQuickSyncStagesResponse> {
      const planned = await planning("BuildQuickSyncStages", "failed to build quick sync stages", () =>
        plugin.buildQuickSyncStages({ rollback: req.rollback }, context(env)),
      );
      const now = nowSeconds();
      return {
        stages: planned.map((stage) =>
          wireStage({
            name: stage.name,
            desc: stage.description,
            index: 0,
            rollback: stage.rollback,
            metadata: stage.metadata,
            availableOperation: stage.availableOperation,
            now,
          }),
        ),
      };
    },

    async executeStage(req: ExecuteStageRequest, env: CallEnv): Promise<ExecuteStageResponse> {
      const input = requirePresent(req.input, "input");
      const deployment = requirePresent(input.deployment, "input.deployment");
      const stage = requirePresent(input.stage, "input.stage");
      requireNonEmpty(deployment.id, "input.deployment.id");
      requireNonEmpty(deployment.applicationId, "input.deployment.application_id");
      requireNonEmpty(stage.id, "input.stage.id");
      requireNonEmpty(stage.name, "input.stage.name");
      const target = requirePresent(input.targetDeploymentSource, "input.target_deployment_source");

      const log = runtime.logs.stage(deployment.id, stage.id);
      let result: StageResult;
      try {
        const deployTargets = resolveDeployTargets(
          deployment.deployTargetsByPlugin[config.name]?.deployTargets ?? [],
          config.deployTargets,
        );
        const targetSource = decodeSource(target, config.name, validateSpec, "target");
        const runningSource = input.runningDeploymentSource
          ? decodeSource(input.runningDeploymentSource, config.name, validateSpec, "running")
          : undefined;
        const client = bindStageClient(runtime.piped, {
          deploymentId: deployment.id,
          stageId: stage.id,
          applicationId: deployment.applicationId,
          pluginName: config.name,
          signal: env.signal,
          redact: (text) => runtime.redactor.redact(text),
        });
        result = await plugin.executeStage(
          {
            deployment: toDeploymentView(deployment),
            stage: { id: stage.id, name: stage.name, index: stage.index, rollback: stage.rollback },
            stageConfig: input.stageConfig,
            targetSource,
            runningSource,
            deployTargets,
            log,
            client,
          },
          context(env),
        );
      } catch (error) {
        const failure = isHostError(error) ? error : HostError.from(error, "failed to execute stage");
        log.error(failure.message);
        await finishLog(runtime, log);
        throw failure;
      }
      await finishLog(runtime, log);
      if (runtime.isTerminating()) {
        throw new HostError("Unavailable", "the plugin is shutting down; piped resumes this stage after the restart");
      }
      return { status: STAGE_STATUS[result] ?? StageStatus.STAGE_FAILURE, message: "" };
    },
  };
}

/** A stage cut off by shutdown keeps its log open so the resumed run appends to it. */
async function finishLog<C, T, S>(
  runtime: HostRuntime<C, T, S>,
  log: { complete(ms: number): Promise<boolean>; flush(force?: boolean): Promise<void> },
) {
  if (runtime.isTerminating()) {
    await log.flush(true);
    return;
  }
  const accepted = await log.complete(LOG_COMPLETE_TIMEOUT_MS);
  if (!accepted) runtime.logger.warn("piped did not accept the final stage log checkpoint in time");
}

function wireStage(s: {
  name: string;
  desc: string;
  index: number;
  rollback: boolean;
  metadata: Record<string, string> | undefined;
  availableOperation: PluginManualOperation | undefined;
  authorizedOperators?: string[] | undefined;
  now: number;
}): PipelineStage {
  return {
    id: "",
    name: s.name,
    desc: s.desc,
    index: s.index,
    predefined: false,
    requires: [],
    visible: false,
    status: StageStatus.STAGE_NOT_STARTED_YET,
    statusReason: "",
    metadata: { ...s.metadata },
    retriedCount: 0,
    rollback: s.rollback,
    completedAt: 0,
    createdAt: s.now,
    updatedAt: s.now,
    availableOperation: MANUAL_OPERATION[s.availableOperation ?? "NONE"] ?? ManualOperation.MANUAL_OPERATION_UNKNOWN,
    authorizedOperators: [...(s.authorizedOperators ?? [])],
  };
}
