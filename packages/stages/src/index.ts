// @cr/stages: the user API of the Cloud Run plugin's stages. Plumbing for sibling @cr/* packages is
// in ./internal.ts (`@cr/stages/internal`, no stability promise).

// The four stages: run one stage of a deployment against the ports below.
export { runCanaryCleanupStage } from "./canary-cleanup/run.js";
// The desired service built from a manifest, as a deployment builds it (input of live state and plan preview).
export { buildDesiredService, type DesiredService } from "./candidate/desired.js";
// Live state: the resources of a deploy target, drift against Git, and the sync state piped shows.
export { type Drift, type DriftInput, detectDrift } from "./livestate/drift.js";
export { type LiveResource, type LiveResourcesInput, liveResources } from "./livestate/resources.js";
export { driftSyncState, type SyncState, type TargetDrift } from "./livestate/sync-state.js";
// Planning, before any stage runs: the stages of a quick sync or a pipeline, versions and strategy.
export {
  buildPipelineSyncStages,
  buildQuickSyncStages,
  type PipelineStagesResult,
  type RequestedStage,
} from "./pipeline/stages.js";
export {
  type DetermineStrategyResult,
  type DetermineVersionsResult,
  determineStrategy,
  determineVersions,
  type ManifestInput,
} from "./pipeline/versions.js";
// Plan preview: what a deployment would change, for a pull request.
export { planPreview, renderPlanPreview } from "./planpreview/preview.js";
// The ports a stage needs, declared here and implemented by the caller.
export type {
  ApplyOptions,
  CloudRunPort,
  MetadataStore,
  PortError,
  StageDeps,
  StageLog,
  WaitOptions,
  WriteOptions,
} from "./ports.js";
export { runPromoteStage } from "./promote/run.js";
export { runRollbackStage } from "./rollback/run.js";
// Every stage by name, for a caller that dispatches on the stage name.
export { STAGE_RUNNERS } from "./stage-runners.js";
export { runSyncStage } from "./sync/run.js";
// A stage's input and outcome.
export type { DeploymentInfo, ManifestSource, StageInput, StageOutcome, StageStatus } from "./types.js";
