/**
 * `@cr/cloudrun/pure`: the side-effect-free parts of the package (model, traffic math, pruning,
 * naming, image parsing, manifest loading and normalisation). Nothing reachable from here imports
 * `@google-cloud/*`, `@grpc/*`, `node:fs` or `node:net` (checked by pure.test.ts).
 */

export { BoundedCache } from "./bounded-cache.js";
export type { CloudRunErrorCode } from "./errors.js";
// ---- image ----
export type { ImageParseResult, ImageRef, ImageVersion, ImageVersionResult } from "./image.js";
export { imageVersion, parseImageRef } from "./image.js";
// ---- manifest ----
export type { ManifestFormat, ManifestIssue, ParseManifestOptions, ParseManifestResult } from "./manifest.js";
export { ingressContainerIndex, KNATIVE_API_VERSION, parseServiceManifest, V2_API_VERSION } from "./manifest.js";
export type { AnnotationLevel, AnnotationRule } from "./manifest-annotations.js";
export { ANNOTATION_RULES } from "./manifest-annotations.js";
export { canonicalCpu, canonicalMemory, normalizeService } from "./manifest-normalize.js";
// ---- model ----
export type {
  BinaryAuthorization,
  BuildConfig,
  BuildInfo,
  CloudSqlInstance,
  CloudStorageSource,
  CommonReason,
  Condition,
  ConditionSeverity,
  ConditionState,
  Container,
  ContainerPort,
  EmptyDirMedium,
  EmptyDirVolumeSource,
  EncryptionKeyRevocationAction,
  EnvVar,
  EnvVarSource,
  ExecutionEnvironment,
  ExecutionReason,
  GcsVolumeSource,
  GrpcAction,
  HttpGetAction,
  HttpHeader,
  IngressTraffic,
  LaunchStage,
  MultiRegionSettings,
  NetworkInterface,
  NfsVolumeSource,
  NodeSelector,
  Probe,
  ResourceRequirements,
  Revision,
  RevisionReason,
  RevisionScaling,
  RevisionScalingStatus,
  RevisionTemplate,
  ScalingMode,
  SecretKeySelector,
  SecretVolumeSource,
  Service,
  ServiceMesh,
  ServiceScaling,
  SourceCode,
  TcpSocketAction,
  TrafficTarget,
  TrafficTargetAllocationType,
  TrafficTargetStatus,
  VersionToPath,
  Volume,
  VolumeMount,
  VpcAccess,
  VpcEgress,
} from "./model.js";
export {
  COMMON_REASON_VALUES,
  CONDITION_SEVERITY_VALUES,
  CONDITION_STATE_VALUES,
  EMPTY_DIR_MEDIUM_VALUES,
  ENCRYPTION_KEY_REVOCATION_ACTION_VALUES,
  EXECUTION_ENVIRONMENT_VALUES,
  EXECUTION_REASON_VALUES,
  INGRESS_TRAFFIC_VALUES,
  LAUNCH_STAGE_VALUES,
  RESERVED_METADATA_NAMESPACES,
  REVISION_REASON_VALUES,
  reservedNamespaceOf,
  SCALING_MODE_VALUES,
  SERVICE_OUTPUT_ONLY_FIELDS,
  shortName,
  TRAFFIC_TARGET_ALLOCATION_TYPE_VALUES,
  VPC_EGRESS_VALUES,
} from "./model.js";
// ---- naming ----
export type { RevisionNameInput, RevisionNameResult } from "./naming.js";
export {
  isValidRevisionName,
  isValidTag,
  MAX_REVISION_NAME_LENGTH,
  MAX_SERVICE_ID_LENGTH,
  MAX_TAG_PLUS_SERVICE_LENGTH,
  revisionName,
  revisionNameProblems,
  serviceIdProblems,
  tagProblems,
} from "./naming.js";
// ---- pruning ----
export type { KeepReason, PruneOptions, PrunePlan, PruneRevision, PruneServiceView } from "./pruning.js";
export { PruneOptionsError, planPrune } from "./pruning.js";
export { assessRevisionReadiness } from "./readiness.js";
// ---- traffic ----
export type {
  FormatSplitOptions,
  PromoteOptions,
  SnapshotParseResult,
  SnapshotTarget,
  SplitChange,
  SplitProblem,
  SplitTarget,
  SplitTargetType,
  TrafficErrorCode,
  TrafficSnapshot,
  TrafficSplit,
  ValidateSplitOptions,
} from "./traffic.js";
export {
  diffSplits,
  effectiveSplit,
  formatSplit,
  fromTrafficTargets,
  parseTrafficSnapshot,
  promote,
  resolveLatest,
  restoreSplit,
  snapshotSplit,
  TrafficError,
  toTrafficTargets,
  validateSplit,
} from "./traffic.js";
