// Plain-object shapes of the Cloud Run v2 messages the emulator reads or writes, in the
// @grpc/proto-loader form (camelCase keys, enums as names, int64 as decimal strings).
// Only the fields the emulator interprets are typed; every other field passes through.

export interface Timestamp {
  seconds: string;
  nanos: number;
}

export type AllocationType =
  | "TRAFFIC_TARGET_ALLOCATION_TYPE_UNSPECIFIED"
  | "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST"
  | "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION";

export const LATEST: AllocationType = "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST";
export const REVISION: AllocationType = "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION";

export interface TrafficTarget {
  type?: AllocationType;
  revision?: string;
  percent?: number;
  tag?: string;
}

export interface TrafficTargetStatus extends TrafficTarget {
  uri?: string;
}

export type ConditionState =
  | "STATE_UNSPECIFIED"
  | "CONDITION_PENDING"
  | "CONDITION_RECONCILING"
  | "CONDITION_FAILED"
  | "CONDITION_SUCCEEDED";

export interface Condition {
  type: string;
  state: ConditionState;
  message?: string;
  lastTransitionTime?: Timestamp;
  severity?: "ERROR" | "WARNING" | "INFO";
  reason?: string;
  revisionReason?: string;
}

export interface Container {
  image?: string;
  ports?: { name?: string; containerPort?: number }[];
  resources?: { limits?: Record<string, string>; cpuIdle?: boolean; startupCpuBoost?: boolean };
  [field: string]: unknown;
}

export interface RevisionTemplate {
  revision?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  containers?: Container[];
  scaling?: { minInstanceCount?: number; maxInstanceCount?: number };
  timeout?: { seconds?: string; nanos?: number };
  maxInstanceRequestConcurrency?: number;
  [field: string]: unknown;
}

/** The user-settable part of a Service (output-only fields removed). */
export interface ServiceSpec {
  description?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ingress?: string;
  launchStage?: string;
  template?: RevisionTemplate;
  traffic?: TrafficTarget[];
  [field: string]: unknown;
}

/** A `google.rpc.Status` as carried by `Operation.error`. */
export interface RpcStatus {
  code: number;
  message: string;
}
