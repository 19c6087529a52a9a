// Public API of @cr/sdk-host: a host for PipeCD piped plugins written in TypeScript.

export type { ApplicationConfig, PipelineStageConfig } from "./app-config.js";
// Building blocks, for sibling packages and custom hosts
export { APP_CONFIG_API_VERSION, decodeApplicationConfig } from "./app-config.js";
// Running a plugin
export { type CliIo, runPluginCli } from "./cli.js";
export { HostError, type HostErrorCode, isHostError } from "./errors.js";
export { parseGoDuration } from "./go-duration.js";
export { type HostOptions, type RunningHost, startPluginHost } from "./host.js";
export { createLogger, type LogEncoding, type Logger, type LogLevel, silentLogger } from "./logger.js";
export { PipedClient } from "./piped-client.js";
// What a plugin implements
export type {
  ApplicationSharedObjects,
  ArtifactVersion,
  CallContext,
  DeploymentPlugin,
  DeploymentSource,
  DeploymentView,
  ExecuteStageInput,
  HealthStatus,
  LivestateInput,
  LivestatePlugin,
  ManualOperation,
  PipelineStageRequest,
  PlanInput,
  PlannedPipelineStage,
  PlannedQuickSyncStage,
  PlanPreviewInput,
  PlanPreviewPlugin,
  PlanPreviewResult,
  PluginDefinition,
  ResourceState,
  StageResult,
  StrategyDecision,
  SyncState,
  SyncStatus,
  SyncStrategy,
} from "./plugin.js";
export type { DeployTarget, PluginConfig } from "./plugin-config.js";
export { parsePluginConfig } from "./plugin-config.js";
export type { StageClient, StageCommand, StageCommandType } from "./stage-client.js";
export type { StageLog } from "./stage-log.js";
export { LogPersister, type LogPersisterOptions, StageLogBuffer, type StageLogSink } from "./stage-log.js";
export { boundText, MAX_ECHOED_CHARS, REDACTED, Redactor } from "./text-safety.js";
export { acceptAny, formatIssues, type ValidationIssue, type ValidationResult, type Validator } from "./validation.js";
export { MAX_YAML_NESTING, yamlTooDeep } from "./yaml-depth.js";
