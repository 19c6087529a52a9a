// Plans a deployment as strictly as piped's planner: versions, strategy and the pipeline's stages.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { type ArtifactVersion, ArtifactVersion_Kind, SyncStrategy } from "../src/gen/model/common.js";
import type { PipelineStage } from "../src/gen/model/deployment.js";
import type {
  PlanPluginInput,
  BuildPipelineSyncStagesRequest_StageConfig as StageConfig,
} from "../src/gen/plugin/deployment/v1alpha1/api.js";

/** Where an application's files are: a checkout of its directory at one commit. */
export interface AppSource {
  /** Absolute path of the application directory (holding app.pipecd.yaml and manifests). */
  directory: string;
  commitHash: string;
  configFilename?: string;
}

/** What piped's planner reads of the generic application spec. */
export interface AppSpecView {
  pipeline: { name: string; desc: string; with: unknown }[];
  autoRollback: boolean;
  alwaysUsePipeline: boolean;
}

export function readAppSpec(app: AppSource): AppSpecView {
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

/** A failed plugin call as piped's planner saw it. */
export interface PlanningRpcError {
  method: "DetermineVersions" | "DetermineStrategy" | "BuildQuickSyncStages" | "BuildPipelineSyncStages";
  code: number;
  details: string;
}

/**
 * Planning failed, as piped reports it ("Unable to plan the deployment (…)"). piped swallows the
 * failures of the strategies it tries; `causes` keeps them, in piped's wording, and `rpcErrors`
 * the plugin calls that failed (DetermineVersions failures included, which piped only logs).
 */
export class PlanningFailed extends Error {
  override readonly name = "PlanningFailed";
  constructor(
    readonly causes: string[],
    readonly rpcErrors: PlanningRpcError[],
  ) {
    super(
      `Unable to plan the deployment (unable to plan the deployment)${causes.length > 0 ? `\n${causes.join("\n")}` : ""}`,
    );
  }
}

/** The {@link PlanningFailed} a plan rejects with; throws when the plan succeeds or fails otherwise. */
export async function planningFailure(plan: Promise<unknown>): Promise<PlanningFailed> {
  const outcome = await plan.then(
    () => new Error("the plan succeeded, but it was expected to fail"),
    (error: unknown) => error,
  );
  if (outcome instanceof PlanningFailed) return outcome;
  throw outcome;
}

/** A refusal of one planning step, in piped's words; the planner then tries the next strategy. */
class StepRefused extends Error {}

/** The BuildPipelineSyncStages request piped sends: every pipeline stage, or a refusal of an unknown name. */
export function pipelineRequest(pipeline: AppSpecView["pipeline"], definedStages: readonly string[]): StageConfig[] {
  return pipeline.map((s, index) => {
    if (!definedStages.includes(s.name)) throw new StepRefused(`unable to find plugin for stage ${goQuote(s.name)}`);
    return { name: s.name, desc: s.desc, timeout: "", index, config: Buffer.from(JSON.stringify(s.with)) };
  });
}

/**
 * The index rules piped and its SDK enforce on a BuildPipelineSyncStages answer: every index is a
 * requested one, and no index is used twice among the non-rollback or among the rollback stages.
 * Returns the problem, or undefined.
 */
export function pipelineIndexProblem(
  requested: readonly number[],
  planned: readonly Pick<PipelineStage, "index" | "rollback">[],
): string | undefined {
  const allowed = new Set(requested);
  const used = { rollback: new Set<number>(), forward: new Set<number>() };
  for (const stage of planned) {
    if (!allowed.has(stage.index)) return `missing stage with index ${stage.index}`;
    const seen = stage.rollback ? used.rollback : used.forward;
    if (seen.has(stage.index)) {
      return `stage index ${stage.index} is used twice among ${stage.rollback ? "rollback" : "non-rollback"} stages`;
    }
    seen.add(stage.index);
  }
  return undefined;
}

/** piped's ordering: ids, non-rollback stages by index (chained by `requires` in a pipeline), rollback stages last. */
export function orderStages(stages: PipelineStage[], strategy: SyncStrategy): PipelineStage[] {
  const forward = stages.filter((s) => !s.rollback).sort((a, b) => a.index - b.index);
  const rollback = stages.filter((s) => s.rollback).sort((a, b) => a.index - b.index);
  let previous: string | undefined;
  for (const stage of forward) {
    stage.id = randomUUID();
    if (previous && strategy === SyncStrategy.PIPELINE) stage.requires = [previous];
    previous = stage.id;
  }
  for (const stage of rollback) stage.id = randomUUID();
  return [...forward, ...rollback];
}

/** The plugin calls planning makes, bound to one plugin. */
export interface PlannerCalls {
  definedStages: readonly string[];
  determineVersions(input: PlanPluginInput): Promise<{ versions: ArtifactVersion[] }>;
  determineStrategy(input: PlanPluginInput): Promise<{ syncStrategy: SyncStrategy; summary: string }>;
  buildQuickSyncStages(rollback: boolean): Promise<{ stages: PipelineStage[] }>;
  buildPipelineSyncStages(request: { rollback: boolean; stages: StageConfig[] }): Promise<{ stages: PipelineStage[] }>;
}

export interface Plan {
  versions: ArtifactVersion[];
  strategy: SyncStrategy;
  summary: string;
  stages: PipelineStage[];
}

function rpcError(method: PlanningRpcError["method"], error: unknown): PlanningRpcError {
  const e = error as { code?: number; details?: string; message?: string };
  return { method, code: e.code ?? -1, details: e.details ?? e.message ?? String(error) };
}

/**
 * Plans as piped's planner does for one plugin (no web-triggered strategy, no commit matcher):
 * versions (failures only logged), then the first strategy whose stages build: no pipeline → quick
 * sync; alwaysUsePipeline → pipeline; first deployment → quick sync; else DetermineStrategy.
 */
export async function planLikePiped(
  calls: PlannerCalls,
  spec: AppSpecView,
  input: PlanPluginInput,
  hasRunning: boolean,
): Promise<Plan> {
  const causes: string[] = [];
  const rpcErrors: PlanningRpcError[] = [];
  let versions: ArtifactVersion[] = [];
  try {
    versions = (await calls.determineVersions(input)).versions;
  } catch (error) {
    rpcErrors.push(rpcError("DetermineVersions", error));
  }
  if (versions.length === 0) versions = [{ kind: ArtifactVersion_Kind.UNKNOWN, version: "unknown", name: "", url: "" }];

  const build = async (strategy: SyncStrategy, summary: string): Promise<Plan | undefined> => {
    try {
      const stages =
        strategy === SyncStrategy.QUICK_SYNC
          ? await quickSync(calls, spec, rpcErrors)
          : await pipeline(calls, spec, rpcErrors);
      return { versions, strategy, summary, stages: orderStages(stages, strategy) };
    } catch (error) {
      if (!(error instanceof StepRefused)) throw error;
      causes.push(error.message);
      return undefined;
    }
  };

  let plan: Plan | undefined;
  if (spec.pipeline.length === 0) {
    plan = await build(SyncStrategy.QUICK_SYNC, "Quick sync due to the pipeline was not configured");
  }
  if (!plan && spec.alwaysUsePipeline) {
    plan = await build(SyncStrategy.PIPELINE, "Sync with the specified pipeline (alwaysUsePipeline was set)");
  }
  if (!plan && !hasRunning) {
    plan = await build(SyncStrategy.QUICK_SYNC, "Quick sync, it seems this is the first deployment of the application");
  }
  if (!plan) {
    try {
      const decided = await calls.determineStrategy(input);
      if (decided.syncStrategy === SyncStrategy.QUICK_SYNC || decided.syncStrategy === SyncStrategy.PIPELINE) {
        plan = await build(decided.syncStrategy, decided.summary);
      }
    } catch (error) {
      rpcErrors.push(rpcError("DetermineStrategy", error));
      causes.push(`Unable to determine strategy using current plugin: ${rpcErrors.at(-1)?.details}`);
    }
  }
  if (!plan) throw new PlanningFailed(causes, rpcErrors);
  return plan;
}

async function quickSync(calls: PlannerCalls, spec: AppSpecView, rpcErrors: PlanningRpcError[]) {
  let stages: PipelineStage[];
  try {
    stages = (await calls.buildQuickSyncStages(spec.autoRollback)).stages;
  } catch (error) {
    rpcErrors.push(rpcError("BuildQuickSyncStages", error));
    throw new StepRefused(`failed to build quick sync stage deployment (${rpcErrors.at(-1)?.details})`);
  }
  if (stages.length === 0) throw new StepRefused("unable to build quick sync stages for deployment");
  return stages;
}

async function pipeline(calls: PlannerCalls, spec: AppSpecView, rpcErrors: PlanningRpcError[]) {
  const requested = pipelineRequest(spec.pipeline, calls.definedStages);
  let stages: PipelineStage[];
  try {
    stages = (await calls.buildPipelineSyncStages({ rollback: spec.autoRollback, stages: requested })).stages;
  } catch (error) {
    rpcErrors.push(rpcError("BuildPipelineSyncStages", error));
    throw new StepRefused(`failed to build pipeline sync stages for deployment (${rpcErrors.at(-1)?.details})`);
  }
  const problem = pipelineIndexProblem(
    requested.map((r) => r.index),
    stages,
  );
  if (problem) throw new StepRefused(`failed to build pipeline sync stages for deployment (${problem})`);
  if (stages.length === 0) throw new StepRefused("unable to build pipeline sync stages for deployment");
  return stages;
}

/** Go's %q for the plain strings stage names are. */
function goQuote(text: string): string {
  return JSON.stringify(text.length > 200 ? `${text.slice(0, 200)}…` : text);
}
