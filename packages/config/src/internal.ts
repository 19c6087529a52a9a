// For other @cr/* packages and tooling, no stability promise: the JSON Schema objects, the unit
// parsers and the limits behind the validators. Users validate through the main entry.

export { applicationSpecSchema } from "./application-spec.js";
export { deployTargetSchema } from "./deploy-target.js";
export { durationToMs, parseGoDuration } from "./duration.js";
export { parsePercentage } from "./percentage.js";
export { pluginConfigSchema } from "./plugin-config.js";
export { type PublishedSchema, publishedSchemas, serializeSchema } from "./schemas.js";
export { canaryCleanupStageOptionsSchema, MAX_KEEP_COUNT } from "./stage-options/canary-cleanup.js";
export { stageOptionsSchemas } from "./stage-options/dispatch.js";
export { promoteStageOptionsSchema, TRAFFIC_DRIFT_POLICIES } from "./stage-options/promote.js";
export { rollbackStageOptionsSchema } from "./stage-options/rollback.js";
export { MAX_READINESS_TIMEOUT_MS, MIN_READINESS_TIMEOUT_MS, syncStageOptionsSchema } from "./stage-options/sync.js";
export type { JsonSchema } from "./validator.js";
