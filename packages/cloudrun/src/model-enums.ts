/**
 * The closed enum value sets of the Cloud Run v2 model: each as a runtime list and the matching
 * string-literal union (conventions in model.ts).
 */

/** Declares a closed set of enum names and the matching union type in one place. */
function enumValues<const T extends readonly string[]>(...values: T): T {
  return values;
}

export const INGRESS_TRAFFIC_VALUES = enumValues(
  "INGRESS_TRAFFIC_UNSPECIFIED",
  "INGRESS_TRAFFIC_ALL",
  "INGRESS_TRAFFIC_INTERNAL_ONLY",
  "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER",
  "INGRESS_TRAFFIC_NONE",
);
export type IngressTraffic = (typeof INGRESS_TRAFFIC_VALUES)[number];

/** `google.api.LaunchStage`. */
export const LAUNCH_STAGE_VALUES = enumValues(
  "LAUNCH_STAGE_UNSPECIFIED",
  "UNIMPLEMENTED",
  "PRELAUNCH",
  "EARLY_ACCESS",
  "ALPHA",
  "BETA",
  "GA",
  "DEPRECATED",
);
export type LaunchStage = (typeof LAUNCH_STAGE_VALUES)[number];

export const EXECUTION_ENVIRONMENT_VALUES = enumValues(
  "EXECUTION_ENVIRONMENT_UNSPECIFIED",
  "EXECUTION_ENVIRONMENT_GEN1",
  "EXECUTION_ENVIRONMENT_GEN2",
);
export type ExecutionEnvironment = (typeof EXECUTION_ENVIRONMENT_VALUES)[number];

export const ENCRYPTION_KEY_REVOCATION_ACTION_VALUES = enumValues(
  "ENCRYPTION_KEY_REVOCATION_ACTION_UNSPECIFIED",
  "PREVENT_NEW",
  "SHUTDOWN",
);
export type EncryptionKeyRevocationAction = (typeof ENCRYPTION_KEY_REVOCATION_ACTION_VALUES)[number];

/** `VpcAccess.VpcEgress`. */
export const VPC_EGRESS_VALUES = enumValues("VPC_EGRESS_UNSPECIFIED", "ALL_TRAFFIC", "PRIVATE_RANGES_ONLY");
export type VpcEgress = (typeof VPC_EGRESS_VALUES)[number];

/** `ServiceScaling.ScalingMode`. */
export const SCALING_MODE_VALUES = enumValues("SCALING_MODE_UNSPECIFIED", "AUTOMATIC", "MANUAL");
export type ScalingMode = (typeof SCALING_MODE_VALUES)[number];

export const TRAFFIC_TARGET_ALLOCATION_TYPE_VALUES = enumValues(
  "TRAFFIC_TARGET_ALLOCATION_TYPE_UNSPECIFIED",
  "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST",
  "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION",
);
export type TrafficTargetAllocationType = (typeof TRAFFIC_TARGET_ALLOCATION_TYPE_VALUES)[number];

/** `EmptyDirVolumeSource.Medium`. */
export const EMPTY_DIR_MEDIUM_VALUES = enumValues("MEDIUM_UNSPECIFIED", "MEMORY");
export type EmptyDirMedium = (typeof EMPTY_DIR_MEDIUM_VALUES)[number];

/** `Condition.State`. */
export const CONDITION_STATE_VALUES = enumValues(
  "STATE_UNSPECIFIED",
  "CONDITION_PENDING",
  "CONDITION_RECONCILING",
  "CONDITION_FAILED",
  "CONDITION_SUCCEEDED",
);
export type ConditionState = (typeof CONDITION_STATE_VALUES)[number];

/** `Condition.Severity`. */
export const CONDITION_SEVERITY_VALUES = enumValues("SEVERITY_UNSPECIFIED", "ERROR", "WARNING", "INFO");
export type ConditionSeverity = (typeof CONDITION_SEVERITY_VALUES)[number];

/** `Condition.CommonReason`. */
export const COMMON_REASON_VALUES = enumValues(
  "COMMON_REASON_UNDEFINED",
  "UNKNOWN",
  "REVISION_FAILED",
  "PROGRESS_DEADLINE_EXCEEDED",
  "CONTAINER_MISSING",
  "CONTAINER_PERMISSION_DENIED",
  "CONTAINER_IMAGE_UNAUTHORIZED",
  "CONTAINER_IMAGE_AUTHORIZATION_CHECK_FAILED",
  "ENCRYPTION_KEY_PERMISSION_DENIED",
  "ENCRYPTION_KEY_CHECK_FAILED",
  "SECRETS_ACCESS_CHECK_FAILED",
  "WAITING_FOR_OPERATION",
  "IMMEDIATE_RETRY",
  "POSTPONED_RETRY",
  "INTERNAL",
  "VPC_NETWORK_NOT_FOUND",
);
export type CommonReason = (typeof COMMON_REASON_VALUES)[number];

/** `Condition.RevisionReason`. */
export const REVISION_REASON_VALUES = enumValues(
  "REVISION_REASON_UNDEFINED",
  "PENDING",
  "RESERVE",
  "RETIRED",
  "RETIRING",
  "RECREATING",
  "HEALTH_CHECK_CONTAINER_ERROR",
  "CUSTOMIZED_PATH_RESPONSE_PENDING",
  "MIN_INSTANCES_NOT_PROVISIONED",
  "ACTIVE_REVISION_LIMIT_REACHED",
  "NO_DEPLOYMENT",
  "HEALTH_CHECK_SKIPPED",
  "MIN_INSTANCES_WARMING",
);
export type RevisionReason = (typeof REVISION_REASON_VALUES)[number];

/** `Condition.ExecutionReason` (jobs; kept for completeness of `Condition`). */
export const EXECUTION_REASON_VALUES = enumValues(
  "EXECUTION_REASON_UNDEFINED",
  "JOB_STATUS_SERVICE_POLLING_ERROR",
  "NON_ZERO_EXIT_CODE",
  "CANCELLED",
  "CANCELLING",
  "DELETED",
  "DELAYED_START_PENDING",
);
export type ExecutionReason = (typeof EXECUTION_REASON_VALUES)[number];
