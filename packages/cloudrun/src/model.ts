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
 *
 * The enum value sets are in model-enums.ts, containers and volumes in model-container.ts; this module
 * re-exports both, so `./model.js` stays the one import for the model.
 */

import type { Container, Volume } from "./model-container.js";
import type {
  CommonReason,
  ConditionSeverity,
  ConditionState,
  EncryptionKeyRevocationAction,
  ExecutionEnvironment,
  ExecutionReason,
  IngressTraffic,
  LaunchStage,
  RevisionReason,
  ScalingMode,
  TrafficTargetAllocationType,
  VpcEgress,
} from "./model-enums.js";

export * from "./model-container.js";
export * from "./model-enums.js";

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

/** `RevisionTemplate`: what every new revision of the service is made from. */
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

/** A Cloud Run v2 `Service`: the desired state (`template`, `traffic`, …) and, as read, its status. */
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
