// Consumer API: the stage functions, their inputs and outcome, the ports they need, the planning
// helpers behind DetermineVersions / DetermineStrategy / Build*Stages, live state and plan preview,
// and the metadata keys.

export {
  type Drift,
  type DriftInput,
  deploymentTraffic,
  describeDifferences,
  detectDrift,
  liveSplit,
} from "./livestate/drift.js";
export { liveRevisionIds, newestFirst } from "./livestate/live-revisions.js";
export {
  type LiveResource,
  type LiveResourcesInput,
  liveResources,
  type ResourceHealth,
  readyHealth,
} from "./livestate/resources.js";
export {
  driftSyncState,
  invalidConfigSyncState,
  MAX_REASON_LINES,
  type SyncState,
  type SyncStatus,
  type TargetDrift,
} from "./livestate/sync-state.js";
export {
  APP_OBJECT_APPLIED_TRAFFIC,
  DEPLOYMENT_METADATA_KEYS,
  METADATA_CANDIDATE_REVISION,
  METADATA_LAST_TRAFFIC,
  METADATA_SERVICE_ID,
  METADATA_TRAFFIC_SNAPSHOT,
  STAGE_OUTPUT_DELETED_REVISIONS,
  STAGE_OUTPUT_PERCENT,
  STAGE_OUTPUT_REVISION,
  STAGE_OUTPUT_SERVICE_NAME,
  STAGE_OUTPUT_SERVICE_URL,
  STAGE_OUTPUT_TAG_URL,
} from "./metadata-keys.js";
export {
  buildPipelineSyncStages,
  buildQuickSyncStages,
  type PipelineStage,
  type PipelineStagesResult,
  type QuickSyncStage,
  type RequestedStage,
} from "./planning/stages.js";
export {
  type ArtifactVersion,
  type DetermineStrategyResult,
  type DetermineVersionsResult,
  determineStrategy,
  determineVersions,
  type ManifestInput,
  NO_RUNNING_SUMMARY,
  QUICK_SYNC_SUMMARY,
  type SyncStrategy,
} from "./planning/versions.js";
export {
  envValuesOf,
  failedPlanPreview,
  HIDDEN_CHANGED_VALUE,
  HIDDEN_VALUE,
  hideEnvValues,
  type PlanPreviewResult,
  type PreviewKind,
  type PreviewPlan,
  planPreview,
  redactEnvValues,
  renderPlanPreview,
  type ValidationResult,
} from "./planpreview/preview.js";
export type {
  ApplyOptions,
  Clock,
  CloudRunPort,
  MetadataStore,
  PortError,
  PortErrorCode,
  StageDeps,
  StageLog,
  WaitOptions,
  WriteOptions,
} from "./ports.js";
export { runCanaryCleanupStage } from "./stages/canary-cleanup.js";
export { runPromoteStage } from "./stages/promote.js";
export { NO_PREVIOUS_DEPLOYMENT, runRollbackStage } from "./stages/rollback.js";
export { CANCELLED_SUMMARY } from "./stages/runtime.js";
export { runSyncStage, SYNC_PRUNE_KEEP_COUNT } from "./stages/sync.js";
export type { DeploymentInfo, ManifestSource, StageInput, StageOutcome, StageStatus } from "./types.js";

// For sibling @cr/* packages and tooling: the pure planners the stages are built from, the
// comparison behind live state and plan preview, and the generic diff helpers.

export {
  type Difference,
  deepEqual,
  formatPath,
  type PathSegment,
  type StructuralDiffOptions,
  structuralDiff,
} from "./diff/structural.js";
export { diffLines, type UnifiedDiffOptions, unifiedDiff } from "./diff/unified.js";
export { toYaml } from "./diff/yaml.js";
export {
  type ComparableOptions,
  type ComparablePair,
  categories,
  comparablePair,
  comparableService,
  fieldCategory,
  secretPrefix,
  serviceDifferences,
} from "./livestate/comparable.js";
export {
  type AppliedTrafficRecord,
  type AppliedTrafficResult,
  appliedTrafficRecord,
  parseAppliedTraffic,
  recordedSplit,
  serializeAppliedTraffic,
} from "./plan/applied-traffic.js";

export { type CleanupOptions, planCleanup } from "./plan/cleanup.js";
export {
  buildDesiredService,
  type DesiredService,
  type DesiredServiceInput,
  type DesiredServiceResult,
  formatManifestIssue,
} from "./plan/desired.js";
export {
  LABEL_APPLICATION,
  LABEL_COMMIT_HASH,
  LABEL_MANAGED_BY,
  LABEL_PIPED,
  PIPECD_LABEL_KEYS,
  pipecdLabels,
  sanitizeLabelValue,
} from "./plan/labels.js";
export { type PromotePlan, planPromote } from "./plan/promote.js";
export {
  type PreDeploymentRecord,
  parseRecord,
  type RecordParseResult,
  recordFromLive,
  serializeRecord,
} from "./plan/record.js";
export { planRollback, type RollbackPlan, type RollbackTarget } from "./plan/rollback.js";
export {
  type ApplyStep,
  planSync,
  planSyncTraffic,
  runsCandidate,
  type SyncPlan,
  type SyncTrafficOptions,
  type SyncTrafficPlan,
  shiftTraffic,
} from "./plan/sync.js";
export { formatSplitInline, type PlanResult, sameSplit } from "./plan/traffic.js";
export {
  checkTrafficDrift,
  type PromoteStep,
  type TrafficDriftCheck,
  type TrafficDriftInput,
  trafficDriftMessage,
} from "./plan/traffic-drift.js";
