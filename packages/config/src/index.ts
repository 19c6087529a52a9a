// Consumer API: validate each kind of config, read app.pipecd.yaml, the stage list, the result types.

export {
  APPLICATION_API_VERSION,
  type ApplicationConfig,
  DEFAULT_PLUGIN_NAME,
  loadApplicationConfig,
} from "./app-config.js";
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
export {
  describeInvalidStageOptions,
  type PipelineStageInput,
  type StageOptions,
  type StageOptionsByName,
  stageOptionsSchemas,
  validatePipelineStages,
  validateStageOptions,
} from "./pipeline-stages.js";
export { type PluginConfig, validatePluginConfig } from "./plugin-config.js";
export { type ConfigIssue, formatIssues, type ValidationResult } from "./result.js";
export { CLOUDRUN_STAGES, isStageName, STAGE_NAMES, type StageDefinition, type StageName } from "./stage-names.js";
export {
  type CanaryCleanupStageOptions,
  type CanaryCleanupStageOptionsInput,
  DEFAULT_READINESS_TIMEOUT_MS,
  DEFAULT_TRAFFIC_DRIFT_POLICY,
  type PromoteStageOptions,
  type PromoteStageOptionsInput,
  type RollbackStageOptions,
  type SyncStageOptions,
  type SyncStageOptionsInput,
  type TrafficDriftPolicy,
  validateCanaryCleanupStageOptions,
  validatePromoteStageOptions,
  validateRollbackStageOptions,
  validateSyncStageOptions,
} from "./stage-options.js";

// For sibling @cr/* packages and tooling: the JSON Schemas, unit parsers and limits.

export { applicationSpecSchema } from "./application-spec.js";
export { MAX_REVISION_NAME_LENGTH, MAX_SERVICE_ID_LENGTH, MAX_TAG_AND_SERVICE_LENGTH } from "./cloudrun-limits.js";
export { deployTargetSchema } from "./deploy-target.js";
export { durationToMs, formatDurationMs, parseGoDuration } from "./duration.js";
export { parsePercentage } from "./percentage.js";
export { pluginConfigSchema } from "./plugin-config.js";
export { type PublishedSchema, publishedSchemas, serializeSchema } from "./schemas.js";
export {
  canaryCleanupStageOptionsSchema,
  MAX_KEEP_COUNT,
  MAX_READINESS_TIMEOUT_MS,
  MAX_TAG_LENGTH,
  MIN_READINESS_TIMEOUT_MS,
  promoteStageOptionsSchema,
  rollbackStageOptionsSchema,
  syncStageOptionsSchema,
  TRAFFIC_DRIFT_POLICIES,
} from "./stage-options.js";
export type { JsonSchema } from "./validator.js";
