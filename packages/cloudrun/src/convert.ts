/**
 * Cloud Run API objects ⇄ the plain internal model (`model.ts`).
 *
 * **From the API** ({@link serviceFromApi}, {@link revisionFromApi}): the input is what the Node
 * client gives back for a unary call — a plain object with enums as names, int64 as decimal
 * strings, Timestamps/Durations as `{seconds, nanos}`, every proto3 default filled in and unset
 * messages as `null` — or an LRO result normalised with `normalizeLroMessage` (convert-values.ts). Numbers and
 * `Long`s are accepted as well. The output follows the model's conventions: proto3 zero values
 * (`""`, `0`, `false`, the `*_UNSPECIFIED` enum value, empty lists and maps) are left out except for
 * proto3 `optional` fields (`manualInstanceCount`, `gpuZonalRedundancyDisabled`); a sub-message that
 * is present is kept even when empty (presence matters, e.g. `emptyDir: {}`, `tcpSocket: {}`,
 * `resources: {}`); Timestamps become RFC 3339 strings and Durations a number of seconds; unknown
 * enum names (a newer server) are dropped.
 *
 * **To the API** ({@link serviceToApi}): the model already uses the proto's JSON names, enum names
 * and plain numbers, which the client accepts as they are, so only the Durations are converted and
 * the output-only fields are dropped.
 */

import {
  clean,
  duration,
  durationToApi,
  enumName,
  flag,
  list,
  message,
  num,
  type Obj,
  obj,
  optFlag,
  optNum,
  str,
  stringMap,
  strings,
  timestamp,
} from "./convert-values.js";
import {
  type BinaryAuthorization,
  type BuildConfig,
  type BuildInfo,
  COMMON_REASON_VALUES,
  CONDITION_SEVERITY_VALUES,
  CONDITION_STATE_VALUES,
  type Condition,
  type Container,
  type ContainerPort,
  EMPTY_DIR_MEDIUM_VALUES,
  ENCRYPTION_KEY_REVOCATION_ACTION_VALUES,
  type EnvVar,
  EXECUTION_ENVIRONMENT_VALUES,
  EXECUTION_REASON_VALUES,
  type HttpGetAction,
  type HttpHeader,
  INGRESS_TRAFFIC_VALUES,
  LAUNCH_STAGE_VALUES,
  type MultiRegionSettings,
  type NetworkInterface,
  type Probe,
  REVISION_REASON_VALUES,
  type ResourceRequirements,
  type Revision,
  type RevisionScaling,
  type RevisionTemplate,
  SCALING_MODE_VALUES,
  SERVICE_OUTPUT_ONLY_FIELDS,
  type SecretKeySelector,
  type Service,
  type ServiceScaling,
  type SourceCode,
  TRAFFIC_TARGET_ALLOCATION_TYPE_VALUES,
  type TrafficTarget,
  type TrafficTargetStatus,
  type Volume,
  type VolumeMount,
  VPC_EGRESS_VALUES,
  type VpcAccess,
} from "./model.js";

// ---------------------------------------------------------------------------------------------
// k8s.min.proto
// ---------------------------------------------------------------------------------------------

const secretKeySelector = (o: Obj): SecretKeySelector =>
  clean({ secret: str(o.secret) ?? "", version: str(o.version) });

function envVar(o: Obj): EnvVar {
  const valueSource = message(o.valueSource, (s) =>
    clean({ secretKeyRef: message(s.secretKeyRef, secretKeySelector) }),
  );
  // `value` and `valueSource` are a oneof; an empty value is a valid value.
  const value = valueSource === undefined && typeof o.value === "string" ? o.value : undefined;
  return clean({ name: str(o.name) ?? "", value, valueSource });
}

const resources = (o: Obj): ResourceRequirements =>
  clean({ limits: stringMap(o.limits), cpuIdle: flag(o.cpuIdle), startupCpuBoost: flag(o.startupCpuBoost) });

const containerPort = (o: Obj): ContainerPort => clean({ name: str(o.name), containerPort: num(o.containerPort) });

const volumeMount = (o: Obj): VolumeMount =>
  clean({ name: str(o.name) ?? "", mountPath: str(o.mountPath) ?? "", subPath: str(o.subPath) });

const httpHeader = (o: Obj): HttpHeader => clean({ name: str(o.name) ?? "", value: str(o.value) });

const httpGet = (o: Obj): HttpGetAction =>
  clean({ path: str(o.path), httpHeaders: list(o.httpHeaders, httpHeader), port: num(o.port) });

const probe = (o: Obj): Probe =>
  clean({
    initialDelaySeconds: num(o.initialDelaySeconds),
    timeoutSeconds: num(o.timeoutSeconds),
    periodSeconds: num(o.periodSeconds),
    failureThreshold: num(o.failureThreshold),
    httpGet: message(o.httpGet, httpGet),
    tcpSocket: message(o.tcpSocket, (t) => clean({ port: num(t.port) })),
    grpc: message(o.grpc, (g) => clean({ port: num(g.port), service: str(g.service) })),
  });

const sourceCode = (o: Obj): SourceCode =>
  clean({
    cloudStorageSource: message(o.cloudStorageSource, (c) =>
      clean({ bucket: str(c.bucket) ?? "", object: str(c.object) ?? "", generation: num(c.generation) }),
    ),
  });

const buildInfo = (o: Obj): BuildInfo =>
  clean({ functionTarget: str(o.functionTarget), sourceLocation: str(o.sourceLocation) });

function container(o: Obj): Container {
  return clean({
    name: str(o.name),
    image: str(o.image) ?? "",
    sourceCode: message(o.sourceCode, sourceCode),
    command: strings(o.command),
    args: strings(o.args),
    env: list(o.env, envVar),
    resources: message(o.resources, resources),
    ports: list(o.ports, containerPort),
    volumeMounts: list(o.volumeMounts, volumeMount),
    workingDir: str(o.workingDir),
    livenessProbe: message(o.livenessProbe, probe),
    startupProbe: message(o.startupProbe, probe),
    readinessProbe: message(o.readinessProbe, probe),
    dependsOn: strings(o.dependsOn),
    baseImageUri: str(o.baseImageUri),
    buildInfo: message(o.buildInfo, buildInfo),
  });
}

function volume(o: Obj): Volume {
  return clean({
    name: str(o.name) ?? "",
    secret: message(o.secret, (s) =>
      clean({
        secret: str(s.secret) ?? "",
        items: list(s.items, (i) => clean({ path: str(i.path) ?? "", version: str(i.version), mode: num(i.mode) })),
        defaultMode: num(s.defaultMode),
      }),
    ),
    cloudSqlInstance: message(o.cloudSqlInstance, (c) => clean({ instances: strings(c.instances) })),
    emptyDir: message(o.emptyDir, (e) =>
      clean({ medium: enumName(e.medium, EMPTY_DIR_MEDIUM_VALUES), sizeLimit: str(e.sizeLimit) }),
    ),
    nfs: message(o.nfs, (n) => clean({ server: str(n.server), path: str(n.path), readOnly: flag(n.readOnly) })),
    gcs: message(o.gcs, (g) =>
      clean({ bucket: str(g.bucket), readOnly: flag(g.readOnly), mountOptions: strings(g.mountOptions) }),
    ),
  });
}

// ---------------------------------------------------------------------------------------------
// vendor_settings.proto
// ---------------------------------------------------------------------------------------------

const networkInterface = (o: Obj): NetworkInterface =>
  clean({ network: str(o.network), subnetwork: str(o.subnetwork), tags: strings(o.tags) });

const vpcAccess = (o: Obj): VpcAccess =>
  clean({
    connector: str(o.connector),
    egress: enumName(o.egress, VPC_EGRESS_VALUES),
    networkInterfaces: list(o.networkInterfaces, networkInterface),
  });

const binaryAuthorization = (o: Obj): BinaryAuthorization =>
  clean({
    useDefault: flag(o.useDefault),
    policy: str(o.policy),
    breakglassJustification: str(o.breakglassJustification),
  });

const revisionScaling = (o: Obj): RevisionScaling =>
  clean({ minInstanceCount: num(o.minInstanceCount), maxInstanceCount: num(o.maxInstanceCount) });

const serviceScaling = (o: Obj): ServiceScaling =>
  clean({
    minInstanceCount: num(o.minInstanceCount),
    scalingMode: enumName(o.scalingMode, SCALING_MODE_VALUES),
    maxInstanceCount: num(o.maxInstanceCount),
    manualInstanceCount: optNum(o.manualInstanceCount),
  });

const buildConfig = (o: Obj): BuildConfig =>
  clean({
    name: str(o.name),
    sourceLocation: str(o.sourceLocation),
    functionTarget: str(o.functionTarget),
    imageUri: str(o.imageUri),
    baseImage: str(o.baseImage),
    enableAutomaticUpdates: flag(o.enableAutomaticUpdates),
    workerPool: str(o.workerPool),
    environmentVariables: stringMap(o.environmentVariables),
    serviceAccount: str(o.serviceAccount),
  });

const multiRegionSettings = (o: Obj): MultiRegionSettings =>
  clean({ regions: strings(o.regions) ?? [], multiRegionId: str(o.multiRegionId) });

// ---------------------------------------------------------------------------------------------
// condition.proto, traffic_target.proto
// ---------------------------------------------------------------------------------------------

export function conditionFromApi(o: Obj): Condition {
  return clean({
    type: str(o.type),
    state: enumName(o.state, CONDITION_STATE_VALUES),
    message: str(o.message),
    lastTransitionTime: timestamp(o.lastTransitionTime),
    severity: enumName(o.severity, CONDITION_SEVERITY_VALUES),
    reason: enumName(o.reason, COMMON_REASON_VALUES),
    revisionReason: enumName(o.revisionReason, REVISION_REASON_VALUES),
    executionReason: enumName(o.executionReason, EXECUTION_REASON_VALUES),
  });
}

const trafficTarget = (o: Obj): TrafficTarget =>
  clean({
    type: enumName(o.type, TRAFFIC_TARGET_ALLOCATION_TYPE_VALUES),
    revision: str(o.revision),
    percent: num(o.percent),
    tag: str(o.tag),
  });

const trafficTargetStatus = (o: Obj): TrafficTargetStatus => clean({ ...trafficTarget(o), uri: str(o.uri) });

// ---------------------------------------------------------------------------------------------
// revision_template.proto, service.proto, revision.proto
// ---------------------------------------------------------------------------------------------

function revisionTemplate(o: Obj): RevisionTemplate {
  return clean({
    revision: str(o.revision),
    labels: stringMap(o.labels),
    annotations: stringMap(o.annotations),
    scaling: message(o.scaling, revisionScaling),
    vpcAccess: message(o.vpcAccess, vpcAccess),
    timeout: duration(o.timeout),
    serviceAccount: str(o.serviceAccount),
    containers: list(o.containers, container) ?? [],
    volumes: list(o.volumes, volume),
    executionEnvironment: enumName(o.executionEnvironment, EXECUTION_ENVIRONMENT_VALUES),
    encryptionKey: str(o.encryptionKey),
    maxInstanceRequestConcurrency: num(o.maxInstanceRequestConcurrency),
    serviceMesh: message(o.serviceMesh, (m) => clean({ mesh: str(m.mesh) })),
    encryptionKeyRevocationAction: enumName(o.encryptionKeyRevocationAction, ENCRYPTION_KEY_REVOCATION_ACTION_VALUES),
    encryptionKeyShutdownDuration: duration(o.encryptionKeyShutdownDuration),
    sessionAffinity: flag(o.sessionAffinity),
    healthCheckDisabled: flag(o.healthCheckDisabled),
    nodeSelector: message(o.nodeSelector, (n) => ({ accelerator: str(n.accelerator) ?? "" })),
    gpuZonalRedundancyDisabled: optFlag(o.gpuZonalRedundancyDisabled),
  });
}

/** A `google.cloud.run.v2.Service` (unary plain object or normalised LRO result) → model. */
export function serviceFromApi(input: unknown): Service {
  const o = obj(input) ?? {};
  return clean({
    name: str(o.name),
    description: str(o.description),
    labels: stringMap(o.labels),
    annotations: stringMap(o.annotations),
    client: str(o.client),
    clientVersion: str(o.clientVersion),
    ingress: enumName(o.ingress, INGRESS_TRAFFIC_VALUES),
    launchStage: enumName(o.launchStage, LAUNCH_STAGE_VALUES),
    binaryAuthorization: message(o.binaryAuthorization, binaryAuthorization),
    template: message(o.template, revisionTemplate) ?? { containers: [] },
    traffic: list(o.traffic, trafficTarget),
    scaling: message(o.scaling, serviceScaling),
    invokerIamDisabled: flag(o.invokerIamDisabled),
    defaultUriDisabled: flag(o.defaultUriDisabled),
    iapEnabled: flag(o.iapEnabled),
    multiRegionSettings: message(o.multiRegionSettings, multiRegionSettings),
    customAudiences: strings(o.customAudiences),
    buildConfig: message(o.buildConfig, buildConfig),
    etag: str(o.etag),
    uid: str(o.uid),
    generation: num(o.generation),
    createTime: timestamp(o.createTime),
    updateTime: timestamp(o.updateTime),
    deleteTime: timestamp(o.deleteTime),
    expireTime: timestamp(o.expireTime),
    creator: str(o.creator),
    lastModifier: str(o.lastModifier),
    urls: strings(o.urls),
    observedGeneration: num(o.observedGeneration),
    terminalCondition: message(o.terminalCondition, conditionFromApi),
    conditions: list(o.conditions, conditionFromApi),
    latestReadyRevision: str(o.latestReadyRevision),
    latestCreatedRevision: str(o.latestCreatedRevision),
    trafficStatuses: list(o.trafficStatuses, trafficTargetStatus),
    uri: str(o.uri),
    satisfiesPzs: flag(o.satisfiesPzs),
    threatDetectionEnabled: flag(o.threatDetectionEnabled),
    reconciling: flag(o.reconciling),
  });
}

/** A `google.cloud.run.v2.Revision` (unary plain object or normalised LRO result) → model. */
export function revisionFromApi(input: unknown): Revision {
  const o = obj(input) ?? {};
  return clean({
    name: str(o.name) ?? "",
    uid: str(o.uid),
    generation: num(o.generation),
    labels: stringMap(o.labels),
    annotations: stringMap(o.annotations),
    createTime: timestamp(o.createTime),
    updateTime: timestamp(o.updateTime),
    deleteTime: timestamp(o.deleteTime),
    expireTime: timestamp(o.expireTime),
    launchStage: enumName(o.launchStage, LAUNCH_STAGE_VALUES),
    service: str(o.service),
    scaling: message(o.scaling, revisionScaling),
    vpcAccess: message(o.vpcAccess, vpcAccess),
    maxInstanceRequestConcurrency: num(o.maxInstanceRequestConcurrency),
    timeout: duration(o.timeout),
    serviceAccount: str(o.serviceAccount),
    containers: list(o.containers, container),
    volumes: list(o.volumes, volume),
    executionEnvironment: enumName(o.executionEnvironment, EXECUTION_ENVIRONMENT_VALUES),
    encryptionKey: str(o.encryptionKey),
    serviceMesh: message(o.serviceMesh, (m) => clean({ mesh: str(m.mesh) })),
    encryptionKeyRevocationAction: enumName(o.encryptionKeyRevocationAction, ENCRYPTION_KEY_REVOCATION_ACTION_VALUES),
    encryptionKeyShutdownDuration: duration(o.encryptionKeyShutdownDuration),
    reconciling: flag(o.reconciling),
    conditions: list(o.conditions, conditionFromApi),
    observedGeneration: num(o.observedGeneration),
    logUri: str(o.logUri),
    satisfiesPzs: flag(o.satisfiesPzs),
    sessionAffinity: flag(o.sessionAffinity),
    scalingStatus: message(o.scalingStatus, (s) => clean({ desiredMinInstanceCount: num(s.desiredMinInstanceCount) })),
    nodeSelector: message(o.nodeSelector, (n) => ({ accelerator: str(n.accelerator) ?? "" })),
    gpuZonalRedundancyDisabled: optFlag(o.gpuZonalRedundancyDisabled),
    creator: str(o.creator),
    etag: str(o.etag),
  });
}

// ---------------------------------------------------------------------------------------------
// Model → API
// ---------------------------------------------------------------------------------------------

/** The request form of a traffic list (the model's shape is the API's). */
export function trafficToApi(traffic: readonly TrafficTarget[]): Obj[] {
  return traffic.map((t) => clean({ type: t.type, revision: t.revision, percent: t.percent, tag: t.tag }));
}

function templateToApi(template: RevisionTemplate): Obj {
  const { timeout, encryptionKeyShutdownDuration, ...rest } = template;
  return clean({
    ...structuredClone(rest),
    timeout: timeout === undefined ? undefined : durationToApi(timeout),
    encryptionKeyShutdownDuration:
      encryptionKeyShutdownDuration === undefined ? undefined : durationToApi(encryptionKeyShutdownDuration),
  });
}

/**
 * A model Service → the `service` of a Create/UpdateService request: output-only fields dropped,
 * Durations converted, `name` as given (the client replaces it with the full resource name).
 */
export function serviceToApi(service: Service): Obj {
  const out: Obj = structuredClone(service) as unknown as Obj;
  for (const field of SERVICE_OUTPUT_ONLY_FIELDS) delete out[field];
  out.template = templateToApi(service.template);
  return clean(out);
}
