/**
 * Plain internal model of a Cloud Run Admin API v2 `Service` and `Revision`
 * (`google.cloud.run.v2`, @google-cloud/run 4.2.0 protos).
 *
 * Conventions (chosen so that a client maps model ⇄ `@google-cloud/run` request/response
 * objects field by field):
 *
 * - **Field names** are the proto's camelCase JSON names (`minInstanceCount`,
 *   `latestReadyRevision`, `maxInstanceRequestConcurrency`, …). Every field is optional unless the
 *   proto marks it REQUIRED and the model needs it to be meaningful (`Service.template`,
 *   `RevisionTemplate.containers`, `Container.image`, …). An absent field means "not set", i.e.
 *   the proto3 zero value.
 * - **Enums** are string literal unions holding the v2 **enum value names** exactly as the proto
 *   spells them (`"INGRESS_TRAFFIC_ALL"`, `"TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST"`,
 *   `"CONDITION_SUCCEEDED"`, `"EXECUTION_ENVIRONMENT_GEN2"`, …). This is what the Node client
 *   produces with `toObject(msg, {enums: String})` and accepts in requests, so no mapping table is
 *   needed at the edge. (`traffic.ts` additionally offers a short `"LATEST" | "REVISION"` form for
 *   traffic math, with converters.)
 * - **Numbers**: int32 and int64 fields are plain `number`s (the API delivers int64 such as
 *   `generation` as strings or `Long`s; the client converts them).
 * - **Durations** (`google.protobuf.Duration`: `timeout`, `encryptionKeyShutdownDuration`) are a
 *   `number` of **seconds** (fractions allowed for nanos). The client converts to/from
 *   `{seconds, nanos}`.
 * - **Timestamps** are RFC 3339 strings (`"2026-01-02T03:04:05.123Z"`).
 * - **Names**: `Service.name`, `Revision.name` and the revision fields of the service
 *   (`latestReadyRevision`, …) hold whatever the source held: the full resource name
 *   (`projects/p/locations/l/services/s[/revisions/r]`) when read from the API, the short id when
 *   parsed from a manifest. Use {@link shortName} before comparing.
 * - No protobuf classes, no `Long`, no `null`: plain JSON-serialisable data.
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

// ---------------------------------------------------------------------------------------------
// k8s.min.proto
// ---------------------------------------------------------------------------------------------

/** `SecretKeySelector`: `secret` is a Secret Manager secret (short id or `projects/p/secrets/s`). */
export interface SecretKeySelector {
  secret: string;
  /** Secret version: a number, `"latest"`, or a full version path. */
  version?: string;
}

export interface EnvVarSource {
  secretKeyRef?: SecretKeySelector;
}

/** `EnvVar`: `value` and `valueSource` are a proto oneof; set at most one. */
export interface EnvVar {
  name: string;
  value?: string;
  valueSource?: EnvVarSource;
}

export interface ResourceRequirements {
  /** Keys `cpu`, `memory`, `nvidia.com/gpu`; Kubernetes quantity strings (`"1000m"`, `"512Mi"`). */
  limits?: Record<string, string>;
  /** true = CPU only allocated during requests ("CPU throttling"). Proto3 bool: absent = false. */
  cpuIdle?: boolean;
  startupCpuBoost?: boolean;
}

export interface ContainerPort {
  /** `"http1"` or `"h2c"`. */
  name?: string;
  containerPort?: number;
}

export interface VolumeMount {
  name: string;
  mountPath: string;
  subPath?: string;
}

export interface HttpHeader {
  name: string;
  value?: string;
}

export interface HttpGetAction {
  path?: string;
  httpHeaders?: HttpHeader[];
  port?: number;
}

export interface TcpSocketAction {
  port?: number;
}

export interface GrpcAction {
  port?: number;
  service?: string;
}

/** `Probe`: `httpGet`, `tcpSocket` and `grpc` are a oneof. */
export interface Probe {
  initialDelaySeconds?: number;
  timeoutSeconds?: number;
  periodSeconds?: number;
  failureThreshold?: number;
  httpGet?: HttpGetAction;
  tcpSocket?: TcpSocketAction;
  grpc?: GrpcAction;
}

export interface CloudStorageSource {
  bucket: string;
  object: string;
  generation?: number;
}

export interface SourceCode {
  cloudStorageSource?: CloudStorageSource;
}

/** `BuildInfo` (output only). */
export interface BuildInfo {
  functionTarget?: string;
  sourceLocation?: string;
}

export interface Container {
  /** DNS label; the server assigns `<service>-<n>` when empty [I, terraform-provider-google#21035]. */
  name?: string;
  image: string;
  sourceCode?: SourceCode;
  command?: string[];
  args?: string[];
  env?: EnvVar[];
  resources?: ResourceRequirements;
  /** At most one entry; only the ingress container declares a port. */
  ports?: ContainerPort[];
  volumeMounts?: VolumeMount[];
  workingDir?: string;
  livenessProbe?: Probe;
  startupProbe?: Probe;
  readinessProbe?: Probe;
  dependsOn?: string[];
  baseImageUri?: string;
  /** Output only. */
  buildInfo?: BuildInfo;
}

export interface VersionToPath {
  path: string;
  version?: string;
  mode?: number;
}

export interface SecretVolumeSource {
  secret: string;
  items?: VersionToPath[];
  defaultMode?: number;
}

export interface CloudSqlInstance {
  /** `project:region:instance` connection names. */
  instances?: string[];
}

export interface EmptyDirVolumeSource {
  medium?: EmptyDirMedium;
  sizeLimit?: string;
}

export interface NfsVolumeSource {
  server?: string;
  path?: string;
  readOnly?: boolean;
}

export interface GcsVolumeSource {
  bucket?: string;
  readOnly?: boolean;
  mountOptions?: string[];
}

/** `Volume`: exactly one of the source fields (a proto oneof). */
export interface Volume {
  name: string;
  secret?: SecretVolumeSource;
  cloudSqlInstance?: CloudSqlInstance;
  emptyDir?: EmptyDirVolumeSource;
  nfs?: NfsVolumeSource;
  gcs?: GcsVolumeSource;
}

// ---------------------------------------------------------------------------------------------
// vendor_settings.proto
// ---------------------------------------------------------------------------------------------

export interface NetworkInterface {
  network?: string;
  subnetwork?: string;
  tags?: string[];
}

export interface VpcAccess {
  connector?: string;
  egress?: VpcEgress;
  networkInterfaces?: NetworkInterface[];
}

/** `useDefault` and `policy` are a oneof. */
export interface BinaryAuthorization {
  useDefault?: boolean;
  policy?: string;
  breakglassJustification?: string;
}

export interface RevisionScaling {
  minInstanceCount?: number;
  maxInstanceCount?: number;
}

export interface ServiceScaling {
  minInstanceCount?: number;
  scalingMode?: ScalingMode;
  maxInstanceCount?: number;
  /** proto3 `optional`: 0 and absent differ. */
  manualInstanceCount?: number;
}

export interface ServiceMesh {
  mesh?: string;
}

export interface NodeSelector {
  accelerator: string;
}

export interface BuildConfig {
  /** Output only. */
  name?: string;
  sourceLocation?: string;
  functionTarget?: string;
  imageUri?: string;
  baseImage?: string;
  enableAutomaticUpdates?: boolean;
  workerPool?: string;
  environmentVariables?: Record<string, string>;
  serviceAccount?: string;
}

export interface MultiRegionSettings {
  regions: string[];
  multiRegionId?: string;
}

// ---------------------------------------------------------------------------------------------
// condition.proto, traffic_target.proto, status.proto
// ---------------------------------------------------------------------------------------------

/** `Condition`: `reason`, `revisionReason` and `executionReason` are a oneof. */
export interface Condition {
  type?: string;
  state?: ConditionState;
  message?: string;
  lastTransitionTime?: string;
  severity?: ConditionSeverity;
  reason?: CommonReason;
  revisionReason?: RevisionReason;
  executionReason?: ExecutionReason;
}

/** `TrafficTarget`. `revision` is a short revision id in requests. */
export interface TrafficTarget {
  type?: TrafficTargetAllocationType;
  revision?: string;
  percent?: number;
  tag?: string;
}

/** `TrafficTargetStatus` (output only). */
export interface TrafficTargetStatus extends TrafficTarget {
  uri?: string;
}

/** `RevisionScalingStatus` (output only). */
export interface RevisionScalingStatus {
  desiredMinInstanceCount?: number;
}

// ---------------------------------------------------------------------------------------------
// revision_template.proto, service.proto, revision.proto
// ---------------------------------------------------------------------------------------------

export interface RevisionTemplate {
  /** Revision name; must start with `<service>-`. Generated by the server when empty. */
  revision?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  scaling?: RevisionScaling;
  vpcAccess?: VpcAccess;
  /** Request timeout in **seconds** (proto Duration). */
  timeout?: number;
  serviceAccount?: string;
  containers: Container[];
  volumes?: Volume[];
  executionEnvironment?: ExecutionEnvironment;
  encryptionKey?: string;
  /** 0 / absent = server default (80 when CPU ≥ 1, else 1). */
  maxInstanceRequestConcurrency?: number;
  serviceMesh?: ServiceMesh;
  encryptionKeyRevocationAction?: EncryptionKeyRevocationAction;
  /** Seconds (proto Duration). */
  encryptionKeyShutdownDuration?: number;
  sessionAffinity?: boolean;
  healthCheckDisabled?: boolean;
  nodeSelector?: NodeSelector;
  /** proto3 `optional`. */
  gpuZonalRedundancyDisabled?: boolean;
}

export interface Service {
  /** Full resource name from the API, or the bare service id when parsed from a manifest. */
  name?: string;
  description?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  client?: string;
  clientVersion?: string;
  ingress?: IngressTraffic;
  launchStage?: LaunchStage;
  binaryAuthorization?: BinaryAuthorization;
  template: RevisionTemplate;
  /** Empty or absent means 100 % to the latest Ready revision. */
  traffic?: TrafficTarget[];
  scaling?: ServiceScaling;
  invokerIamDisabled?: boolean;
  defaultUriDisabled?: boolean;
  iapEnabled?: boolean;
  multiRegionSettings?: MultiRegionSettings;
  customAudiences?: string[];
  buildConfig?: BuildConfig;
  /** Optional on input: send back for optimistic concurrency. */
  etag?: string;

  // ---- output only ----
  uid?: string;
  generation?: number;
  createTime?: string;
  updateTime?: string;
  deleteTime?: string;
  expireTime?: string;
  creator?: string;
  lastModifier?: string;
  urls?: string[];
  observedGeneration?: number;
  terminalCondition?: Condition;
  conditions?: Condition[];
  /** Full resource name in API payloads. */
  latestReadyRevision?: string;
  /** Full resource name in API payloads. */
  latestCreatedRevision?: string;
  trafficStatuses?: TrafficTargetStatus[];
  uri?: string;
  satisfiesPzs?: boolean;
  threatDetectionEnabled?: boolean;
  reconciling?: boolean;
}

/** Names of the Service fields that are output only (proto `OUTPUT_ONLY`). */
export const SERVICE_OUTPUT_ONLY_FIELDS = [
  "uid",
  "generation",
  "createTime",
  "updateTime",
  "deleteTime",
  "expireTime",
  "creator",
  "lastModifier",
  "urls",
  "observedGeneration",
  "terminalCondition",
  "conditions",
  "latestReadyRevision",
  "latestCreatedRevision",
  "trafficStatuses",
  "uri",
  "satisfiesPzs",
  "threatDetectionEnabled",
  "reconciling",
] as const satisfies readonly (keyof Service)[];

/** A revision: immutable, created only through its parent Service. All fields are output only. */
export interface Revision {
  /** Full resource name from the API. */
  name: string;
  uid?: string;
  generation?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  createTime?: string;
  updateTime?: string;
  deleteTime?: string;
  expireTime?: string;
  launchStage?: LaunchStage;
  /** Parent service (full resource name). */
  service?: string;
  scaling?: RevisionScaling;
  vpcAccess?: VpcAccess;
  maxInstanceRequestConcurrency?: number;
  /** Seconds. */
  timeout?: number;
  serviceAccount?: string;
  containers?: Container[];
  volumes?: Volume[];
  executionEnvironment?: ExecutionEnvironment;
  encryptionKey?: string;
  serviceMesh?: ServiceMesh;
  encryptionKeyRevocationAction?: EncryptionKeyRevocationAction;
  /** Seconds. */
  encryptionKeyShutdownDuration?: number;
  reconciling?: boolean;
  conditions?: Condition[];
  observedGeneration?: number;
  logUri?: string;
  satisfiesPzs?: boolean;
  sessionAffinity?: boolean;
  scalingStatus?: RevisionScalingStatus;
  nodeSelector?: NodeSelector;
  gpuZonalRedundancyDisabled?: boolean;
  creator?: string;
  etag?: string;
}

/**
 * Last path segment of a resource name: `projects/p/locations/l/services/s/revisions/r` → `r`.
 * A name without `/` is returned unchanged.
 */
export function shortName(name: string): string {
  const i = name.lastIndexOf("/");
  return i < 0 ? name : name.slice(i + 1);
}

/** Namespaces the v2 API rejects in labels and annotations (a key's `prefix/` or a subdomain of it). */
export const RESERVED_METADATA_NAMESPACES = [
  "run.googleapis.com",
  "cloud.googleapis.com",
  "serving.knative.dev",
  "autoscaling.knative.dev",
] as const;

/** The reserved namespace a label or annotation key falls in, if any. */
export function reservedNamespaceOf(key: string): string | undefined {
  const slash = key.indexOf("/");
  if (slash < 0) return undefined;
  const prefix = key.slice(0, slash).toLowerCase();
  return RESERVED_METADATA_NAMESPACES.find((ns) => prefix === ns || prefix.endsWith(`.${ns}`));
}
