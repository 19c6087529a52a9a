/**
 * The v2 manifest's schema: every field the v2 form accepts, with its type, bounds and enum values,
 * as the reader in manifest-v2.ts walks it.
 */
import {
  EMPTY_DIR_MEDIUM_VALUES,
  ENCRYPTION_KEY_REVOCATION_ACTION_VALUES,
  EXECUTION_ENVIRONMENT_VALUES,
  INGRESS_TRAFFIC_VALUES,
  LAUNCH_STAGE_VALUES,
  SCALING_MODE_VALUES,
  TRAFFIC_TARGET_ALLOCATION_TYPE_VALUES,
  VPC_EGRESS_VALUES,
} from "./model.js";

export type FieldType =
  | { t: "string" }
  | { t: "int"; min?: number; max?: number }
  | { t: "bool" }
  | { t: "duration" }
  | { t: "enum"; values: readonly string[] }
  | { t: "strings" }
  | { t: "map" }
  | { t: "msg"; s: Schema }
  | { t: "list"; s: Schema }
  | { t: "output" };

export interface Schema {
  fields: Record<string, FieldType>;
  required?: readonly string[];
  /** Groups of fields of which at most one may be set (proto oneofs). */
  oneofs?: readonly (readonly string[])[];
  /** At least one field of each group must be set. */
  exactlyOne?: readonly (readonly string[])[];
}

export const str = { t: "string" } as const;
export const bool = { t: "bool" } as const;
export const map = { t: "map" } as const;
export const strings = { t: "strings" } as const;
export const duration = { t: "duration" } as const;
export const output = { t: "output" } as const;
export const int = (min?: number, max?: number): FieldType => ({
  t: "int",
  ...(min !== undefined ? { min } : {}),
  ...(max !== undefined ? { max } : {}),
});
export const enumOf = (values: readonly string[]): FieldType => ({ t: "enum", values });
export const msg = (s: Schema): FieldType => ({ t: "msg", s });
export const list = (s: Schema): FieldType => ({ t: "list", s });

export const PORT = int(1, 65535);

export const PROBE: Schema = {
  fields: {
    initialDelaySeconds: int(0, 3600),
    timeoutSeconds: int(1, 3600),
    periodSeconds: int(1, 3600),
    failureThreshold: int(1),
    httpGet: msg({
      fields: {
        path: str,
        httpHeaders: list({ fields: { name: str, value: str }, required: ["name"] }),
        port: PORT,
      },
    }),
    tcpSocket: msg({ fields: { port: PORT } }),
    grpc: msg({ fields: { port: PORT, service: str } }),
  },
  oneofs: [["httpGet", "tcpSocket", "grpc"]],
};

export const CONTAINER: Schema = {
  fields: {
    name: str,
    image: str,
    sourceCode: msg({
      fields: {
        cloudStorageSource: msg({
          fields: { bucket: str, object: str, generation: int(0) },
          required: ["bucket", "object"],
        }),
      },
    }),
    command: strings,
    args: strings,
    env: list({
      fields: {
        name: str,
        value: str,
        valueSource: msg({
          fields: { secretKeyRef: msg({ fields: { secret: str, version: str }, required: ["secret"] }) },
        }),
      },
      required: ["name"],
      oneofs: [["value", "valueSource"]],
    }),
    resources: msg({ fields: { limits: map, cpuIdle: bool, startupCpuBoost: bool } }),
    ports: list({ fields: { name: enumOf(["http1", "h2c"]), containerPort: PORT } }),
    volumeMounts: list({ fields: { name: str, mountPath: str, subPath: str }, required: ["name", "mountPath"] }),
    workingDir: str,
    livenessProbe: msg(PROBE),
    startupProbe: msg(PROBE),
    readinessProbe: msg(PROBE),
    dependsOn: strings,
    baseImageUri: str,
    buildInfo: output,
  },
};

export const VOLUME: Schema = {
  fields: {
    name: str,
    secret: msg({
      fields: {
        secret: str,
        items: list({ fields: { path: str, version: str, mode: int(0, 0o777) }, required: ["path"] }),
        defaultMode: int(0, 0o777),
      },
      required: ["secret"],
    }),
    cloudSqlInstance: msg({ fields: { instances: strings } }),
    emptyDir: msg({ fields: { medium: enumOf(EMPTY_DIR_MEDIUM_VALUES), sizeLimit: str } }),
    nfs: msg({ fields: { server: str, path: str, readOnly: bool } }),
    gcs: msg({ fields: { bucket: str, readOnly: bool, mountOptions: strings } }),
  },
  required: ["name"],
  exactlyOne: [["secret", "cloudSqlInstance", "emptyDir", "nfs", "gcs"]],
};

export const TEMPLATE: Schema = {
  fields: {
    revision: str,
    labels: map,
    annotations: map,
    scaling: msg({ fields: { minInstanceCount: int(0), maxInstanceCount: int(0) } }),
    vpcAccess: msg({
      fields: {
        connector: str,
        egress: enumOf(VPC_EGRESS_VALUES),
        networkInterfaces: list({ fields: { network: str, subnetwork: str, tags: strings } }),
      },
    }),
    timeout: duration,
    serviceAccount: str,
    containers: list(CONTAINER),
    volumes: list(VOLUME),
    executionEnvironment: enumOf(EXECUTION_ENVIRONMENT_VALUES),
    encryptionKey: str,
    maxInstanceRequestConcurrency: int(0, 1000),
    serviceMesh: msg({ fields: { mesh: str } }),
    encryptionKeyRevocationAction: enumOf(ENCRYPTION_KEY_REVOCATION_ACTION_VALUES),
    encryptionKeyShutdownDuration: duration,
    sessionAffinity: bool,
    healthCheckDisabled: bool,
    nodeSelector: msg({ fields: { accelerator: str }, required: ["accelerator"] }),
    gpuZonalRedundancyDisabled: bool,
  },
};

export const SERVICE: Schema = {
  fields: {
    name: str,
    description: str,
    labels: map,
    annotations: map,
    client: str,
    clientVersion: str,
    ingress: enumOf(INGRESS_TRAFFIC_VALUES),
    launchStage: enumOf(LAUNCH_STAGE_VALUES),
    binaryAuthorization: msg({
      fields: { useDefault: bool, policy: str, breakglassJustification: str },
      oneofs: [["useDefault", "policy"]],
    }),
    template: msg(TEMPLATE),
    traffic: list({
      fields: {
        type: enumOf(TRAFFIC_TARGET_ALLOCATION_TYPE_VALUES),
        revision: str,
        percent: int(0, 100),
        tag: str,
      },
    }),
    scaling: msg({
      fields: {
        minInstanceCount: int(0),
        scalingMode: enumOf(SCALING_MODE_VALUES),
        maxInstanceCount: int(0),
        manualInstanceCount: int(0),
      },
    }),
    invokerIamDisabled: bool,
    defaultUriDisabled: bool,
    iapEnabled: bool,
    multiRegionSettings: msg({ fields: { regions: strings, multiRegionId: str }, required: ["regions"] }),
    customAudiences: strings,
    buildConfig: msg({
      fields: {
        name: output,
        sourceLocation: str,
        functionTarget: str,
        imageUri: str,
        baseImage: str,
        enableAutomaticUpdates: bool,
        workerPool: str,
        environmentVariables: map,
        serviceAccount: str,
      },
    }),
    etag: output,
    uid: output,
    generation: output,
    createTime: output,
    updateTime: output,
    deleteTime: output,
    expireTime: output,
    creator: output,
    lastModifier: output,
    urls: output,
    observedGeneration: output,
    terminalCondition: output,
    conditions: output,
    latestReadyRevision: output,
    latestCreatedRevision: output,
    trafficStatuses: output,
    uri: output,
    satisfiesPzs: output,
    threatDetectionEnabled: output,
    reconciling: output,
  },
  required: ["name", "template"],
};
