/**
 * `@cr/cloudrun`: the Cloud Run Admin API v2 client — plain-model operations with classified
 * retries, bounded and abortable waits and one error type — and the model it reads and writes.
 * Traffic math, pruning, naming and manifest loading are in `@cr/cloudrun/pure`.
 *
 * `@google-cloud/run` is loaded on the first client call, so importing this entry is cheap.
 */

export { EMULATOR_HOST_ENV } from "./auth.js";
// ---- client ----
export {
  type CallOptions,
  type ClientRetrySettings,
  CloudRunClient,
  type CloudRunClientOptions,
  type CreateOrUpdateOptions,
  createCloudRunClient,
  type DeleteRevisionOptions,
  type ListRevisionsOptions,
  type MutationOptions,
  type PollSettings,
  type ReadinessProgress,
  type RevisionOptions,
  type UpdateTrafficOptions,
  type WaitUntilReadyOptions,
} from "./client.js";
// ---- errors ----
export {
  CLOUD_RUN_ERROR_CODES,
  CloudRunError,
  type CloudRunErrorCode,
  type CloudRunErrorOptions,
  isCloudRunError,
  toCloudRunError,
} from "./errors.js";
// ---- the model the client reads and writes (its parts, and the traffic math, are in @cr/cloudrun/pure) ----
export type { Condition, Revision, Service, TrafficTarget, TrafficTargetStatus } from "./model.js";
export { shortName } from "./model.js";
export { revisionName } from "./naming.js";
// ---- readiness (what waitUntilReady waits for) ----
export { assessRevisionReadiness, assessServiceReadiness, type ReadinessAssessment } from "./readiness.js";
