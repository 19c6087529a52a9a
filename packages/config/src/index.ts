// The user API of @cr/config: validate each kind of config, the stage list, the result types.
// Schema objects, unit parsers and limits for sibling @cr/* packages and tooling are in ./internal.ts.

export {
  type ApplicationInput,
  type ApplicationSpec,
  type ApplicationSpecInput,
  DEFAULT_SERVICE_MANIFEST_FILE,
  parseApplicationSpec,
} from "./application-spec.js";
export { type DeployTargetConfig, validateDeployTargetConfig } from "./deploy-target.js";
export { type DurationInput, formatDurationMs } from "./duration.js";
export type { PercentageInput } from "./percentage.js";
export { type PluginConfig, validatePluginConfig } from "./plugin-config.js";
export { type ConfigIssue, formatIssues, type ValidationResult } from "./result.js";
export {
  type CanaryCleanupStageOptions,
  type CanaryCleanupStageOptionsInput,
  validateCanaryCleanupStageOptions,
} from "./stage-options/canary-cleanup.js";
export {
  describeInvalidStageOptions,
  type PipelineStageInput,
  validatePipelineStages,
  validateStageOptions,
} from "./stage-options/dispatch.js";
export {
  DEFAULT_TRAFFIC_DRIFT_POLICY,
  type PromoteStageOptions,
  type PromoteStageOptionsInput,
  type TrafficDriftPolicy,
  validatePromoteStageOptions,
} from "./stage-options/promote.js";
export {
  CLOUDRUN_STAGES,
  isStageName,
  STAGE_NAMES,
  type StageDefinition,
  type StageName,
  type StageOptions,
  type StageOptionsByName,
} from "./stage-options/registry.js";
export { type RollbackStageOptions, validateRollbackStageOptions } from "./stage-options/rollback.js";
export {
  DEFAULT_READINESS_TIMEOUT_MS,
  MAX_TAG_LENGTH,
  type SyncStageOptions,
  type SyncStageOptionsInput,
  validateSyncStageOptions,
} from "./stage-options/sync.js";
