// What a plugin implements: the deployment, live-state and plan-preview interfaces and their inputs.
import type { ApplicationConfig } from "./app-config.js";
import type { Logger } from "./logger.js";
import type { DeployTarget } from "./plugin-config.js";
import type { StageClient } from "./stage-client.js";
import type { StageLog } from "./stage-log.js";
import type { Validator } from "./validation.js";

/** A deployment source (a checkout of the repository at one commit), with the app config decoded. */
export interface DeploymentSource<S> {
  applicationDirectory: string;
  commitHash: string;
  applicationConfigFilename: string;
  sharedConfigDirectory: string;
  applicationConfig: ApplicationConfig<S>;
}

/** The read-only view of the deployment that plugin code gets. */
export interface DeploymentView {
  id: string;
  applicationId: string;
  applicationName: string;
  pipedId: string;
  projectId: string;
  /** `trigger.commander`, or the commit author when nobody triggered it by hand. */
  triggeredBy: string;
  createdAt: number;
  repositoryUrl: string;
  summary: string;
  labels: Record<string, string>;
  runningCommitHash: string;
  targetCommitHash: string;
}

/** Everything a call gets besides its input. */
export interface CallContext<C> {
  /** Fires when piped cancels the call or the plugin is shutting down. */
  signal: AbortSignal;
  logger: Logger;
  pluginName: string;
  config: C;
  /**
   * Registers values that must never leave the plugin (e.g. env values of a manifest or a live
   * service): the host hides them in stage logs, stderr, gRPC status messages, stage metadata and
   * plan previews.
   */
  secrets: { add(values: Iterable<string | undefined | null>): void };
}

/** The input of DetermineVersions and DetermineStrategy: the deployment and its sources. */
export interface PlanInput<S> {
  deployment: DeploymentView;
  /** Absent on the first deployment of an application. */
  runningSource?: DeploymentSource<S>;
  targetSource: DeploymentSource<S>;
}

/** One artifact (e.g. a container image) the target source deploys, as piped shows it. */
export interface ArtifactVersion {
  name: string;
  version: string;
  url: string;
}

/** How piped runs the deployment: the quick-sync stages or the pipeline of the app config. */
export type SyncStrategy = "QUICK_SYNC" | "PIPELINE";

/** The strategy of a deployment and the one-line reason piped shows for it. */
export interface StrategyDecision {
  strategy: SyncStrategy;
  summary: string;
}

/** What a user may do to a stage in the PipeCD UI while it runs. */
export type ManualOperation = "NONE" | "SKIP" | "APPROVE";

/** A stage of the app config's pipeline that this plugin runs, as piped asks to plan it. */
export interface PipelineStageRequest {
  index: number;
  name: string;
  /** Raw JSON of the stage's `with` block. */
  config: Uint8Array;
}

/** A planned stage of the pipeline, as the plugin answers BuildPipelineSyncStages. */
export interface PlannedPipelineStage {
  index: number;
  name: string;
  rollback: boolean;
  metadata?: Record<string, string>;
  availableOperation?: ManualOperation;
  authorizedOperators?: string[];
}

/** A planned stage of a quick sync, as the plugin answers BuildQuickSyncStages. */
export interface PlannedQuickSyncStage {
  name: string;
  description: string;
  rollback: boolean;
  metadata?: Record<string, string>;
  availableOperation?: ManualOperation;
}

/** Everything a stage run gets: the deployment, the stage, its options, sources and deploy targets. */
export interface ExecuteStageInput<S, T> {
  deployment: DeploymentView;
  stage: { id: string; name: string; index: number; rollback: boolean };
  /** Raw JSON of the stage's `with` block; empty for quick sync. */
  stageConfig: Uint8Array;
  runningSource?: DeploymentSource<S>;
  targetSource: DeploymentSource<S>;
  /** The deploy targets of this deployment for this plugin, in piped's order. */
  deployTargets: DeployTarget<T>[];
  /** The stage log shown in the PipeCD UI. */
  log: StageLog;
  /** piped's metadata, commands and shared objects, bound to this deployment and stage. */
  client: StageClient;
}

/** How a stage ended, as piped records it. */
export type StageResult = "SUCCESS" | "FAILURE" | "SKIPPED" | "EXITED";

/** A deployment plugin: the TypeScript counterpart of the Go SDK's DeploymentPlugin. */
export interface DeploymentPlugin<C, T, S> {
  fetchDefinedStages(): readonly string[];
  determineVersions(input: PlanInput<S>, ctx: CallContext<C>): Promise<ArtifactVersion[]>;
  /** Return undefined to let the host answer PIPELINE, as the Go SDK does. */
  determineStrategy(input: PlanInput<S>, ctx: CallContext<C>): Promise<StrategyDecision | undefined>;
  buildPipelineSyncStages(
    input: { rollback: boolean; stages: PipelineStageRequest[] },
    ctx: CallContext<C>,
  ): Promise<PlannedPipelineStage[]>;
  buildQuickSyncStages(input: { rollback: boolean }, ctx: CallContext<C>): Promise<PlannedQuickSyncStage[]>;
  executeStage(input: ExecuteStageInput<S, T>, ctx: CallContext<C>): Promise<StageResult>;
}

/** The health of one live resource. */
export type HealthStatus = "HEALTHY" | "UNHEALTHY" | "UNKNOWN";

/** One live resource (e.g. a service or a revision) of an application, as the PipeCD UI shows it. */
export interface ResourceState {
  id: string;
  parentIds: string[];
  name: string;
  resourceType: string;
  resourceMetadata: Record<string, string>;
  healthStatus: HealthStatus;
  healthDescription: string;
  deployTarget: string;
  /** Must be set: piped's control plane rejects a report with a zero creation time. */
  createdAt: Date;
}

/** Whether the live state matches what Git says. */
export type SyncStatus = "SYNCED" | "OUT_OF_SYNC" | "INVALID_CONFIG" | "UNKNOWN";

/** The sync status of an application, with a short and a full reason. */
export interface SyncState {
  status: SyncStatus;
  shortReason: string;
  reason: string;
}

/**
 * Read access to piped's application shared objects (per application and plugin, kept across
 * deployments), bound to the application of the call and this plugin.
 */
export interface ApplicationSharedObjects {
  /** The stored object, or undefined when nothing was stored under `key`. */
  get(key: string): Promise<Uint8Array | undefined>;
}

/** The input of GetLivestate: the application, its source in Git and its deploy targets. */
export interface LivestateInput<S, T> {
  pipedId: string;
  applicationId: string;
  applicationName: string;
  deploySource: DeploymentSource<S>;
  deployTargets: DeployTarget<T>[];
  /** What deployments of this application stored with `StageClient.putApplicationSharedObject`. */
  sharedObjects: ApplicationSharedObjects;
}

/** A plugin that reports live state: the counterpart of the Go SDK's LivestatePlugin. */
export interface LivestatePlugin<C, T, S> {
  getLivestate(
    input: LivestateInput<S, T>,
    ctx: CallContext<C>,
  ): Promise<{ resources: ResourceState[]; syncState: SyncState }>;
}

/** The input of GetPlanPreview: the application, the target and running sources, the deploy targets. */
export interface PlanPreviewInput<S, T> {
  pipedId: string;
  applicationId: string;
  applicationName: string;
  targetSource: DeploymentSource<S>;
  runningSource?: DeploymentSource<S>;
  deployTargets: DeployTarget<T>[];
}

/** The plan preview of one deploy target, shown on a pull request. */
export interface PlanPreviewResult {
  deployTarget: string;
  summary: string;
  noChange: boolean;
  details: string;
  /** Rendering hint for `details`; empty means `diff`. */
  diffLanguage?: string;
}

/** A plugin that previews a change: the counterpart of the Go SDK's PlanPreviewPlugin. */
export interface PlanPreviewPlugin<C, T, S> {
  getPlanPreview(input: PlanPreviewInput<S, T>, ctx: CallContext<C>): Promise<PlanPreviewResult[]>;
}

/** What a plugin executable hands to the host: identity, config decoders and its implementations. */
export interface PluginDefinition<C, T, S> {
  version: string;
  validators: {
    config: Validator<C>;
    deployTargetConfig: Validator<T>;
    applicationSpec: Validator<S>;
  };
  deployment?: DeploymentPlugin<C, T, S>;
  livestate?: LivestatePlugin<C, T, S>;
  planPreview?: PlanPreviewPlugin<C, T, S>;
}
