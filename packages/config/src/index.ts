// Consumer API: validate each kind of config, read app.pipecd.yaml, the stage list, the result types.

export {
  type ApplicationInput,
  type ApplicationSpec,
  type ApplicationSpecInput,
  DEFAULT_SERVICE_MANIFEST_FILE,
  parseApplicationSpec,
} from "./application-spec.js";
export { type DeployTargetConfig, validateDeployTargetConfig } from "./deploy-target.js";
export type { DurationInput } from "./duration.js";
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
  stageOptionsSchemas,
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
  type SyncStageOptions,
  type SyncStageOptionsInput,
  validateSyncStageOptions,
} from "./stage-options/sync.js";

// For sibling @cr/* packages and tooling: the JSON Schemas, unit parsers and limits.

export { applicationSpecSchema } from "./application-spec.js";
export { deployTargetSchema } from "./deploy-target.js";
export { durationToMs, formatDurationMs, parseGoDuration } from "./duration.js";
export { parsePercentage } from "./percentage.js";
export { pluginConfigSchema } from "./plugin-config.js";
export { type PublishedSchema, publishedSchemas, serializeSchema } from "./schemas.js";
export { canaryCleanupStageOptionsSchema, MAX_KEEP_COUNT } from "./stage-options/canary-cleanup.js";
export { promoteStageOptionsSchema, TRAFFIC_DRIFT_POLICIES } from "./stage-options/promote.js";
export { rollbackStageOptionsSchema } from "./stage-options/rollback.js";
export {
  MAX_READINESS_TIMEOUT_MS,
  MAX_TAG_LENGTH,
  MIN_READINESS_TIMEOUT_MS,
  syncStageOptionsSchema,
} from "./stage-options/sync.js";
export type { JsonSchema } from "./validator.js";
