/**
 * Containers and volumes of the Cloud Run v2 model (`k8s.min.proto`); conventions in model.ts.
 */
import type { EmptyDirMedium } from "./model-enums.js";

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

/** A container of a revision: image, command, env, resources, ports, probes and mounts. */
export interface Container {
  /** DNS label; the server assigns `<service>-<n>` when empty. */
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
