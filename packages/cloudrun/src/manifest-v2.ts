/**
 * The v2 manifest form → model Service.
 *
 * A v2 manifest is a Cloud Run Admin API v2 `Service` written as YAML (or JSON, which is YAML):
 * the proto JSON shape that `GET /v2/projects/…/services/…` returns and `gcloud`/Terraform users
 * know, e.g.
 *
 *     apiVersion: run.googleapis.com/v2   # optional marker
 *     kind: Service                       # optional marker
 *     name: hello                         # short id or projects/P/locations/L/services/hello
 *     ingress: INGRESS_TRAFFIC_ALL
 *     template:
 *       containers: [{image: us-docker.pkg.dev/cloudrun/container/hello}]
 *
 * Rules: field names are the proto JSON camelCase names (snake_case proto names are accepted too
 * and mean the same field); enums use the v2 value names; durations are `"300s"`, a number of
 * seconds, or `{seconds, nanos}`; int64 may be a number or a string. Output-only fields (`uid`,
 * `generation`, `conditions`, `trafficStatuses`, `etag`, …) are dropped with a warning so a
 * pasted GET response still loads. Anything else unknown is an error that names it. Labels and
 * annotations in reserved namespaces are errors (the v2 API rejects them).
 */
import {
  type Converted,
  type ConvertOptions,
  checkContainers,
  checkRevisionName,
  checkServiceId,
  checkTraffic,
  finishImages,
} from "./manifest-common.js";
import type { Cur, Reader } from "./manifest-yaml.js";
import {
  EMPTY_DIR_MEDIUM_VALUES,
  ENCRYPTION_KEY_REVOCATION_ACTION_VALUES,
  EXECUTION_ENVIRONMENT_VALUES,
  INGRESS_TRAFFIC_VALUES,
  LAUNCH_STAGE_VALUES,
  reservedNamespaceOf,
  SCALING_MODE_VALUES,
  type Service,
  TRAFFIC_TARGET_ALLOCATION_TYPE_VALUES,
  VPC_EGRESS_VALUES,
} from "./model.js";

type FieldType =
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

interface Schema {
  fields: Record<string, FieldType>;
  required?: readonly string[];
  /** Groups of fields of which at most one may be set (proto oneofs). */
  oneofs?: readonly (readonly string[])[];
  /** At least one field of each group must be set. */
  exactlyOne?: readonly (readonly string[])[];
}

const str = { t: "string" } as const;
const bool = { t: "bool" } as const;
const map = { t: "map" } as const;
const strings = { t: "strings" } as const;
const duration = { t: "duration" } as const;
const output = { t: "output" } as const;
const int = (min?: number, max?: number): FieldType => ({
  t: "int",
  ...(min !== undefined ? { min } : {}),
  ...(max !== undefined ? { max } : {}),
});
const enumOf = (values: readonly string[]): FieldType => ({ t: "enum", values });
const msg = (s: Schema): FieldType => ({ t: "msg", s });
const list = (s: Schema): FieldType => ({ t: "list", s });

const PORT = int(1, 65535);

const PROBE: Schema = {
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

const CONTAINER: Schema = {
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

const VOLUME: Schema = {
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

const TEMPLATE: Schema = {
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

const SERVICE: Schema = {
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

function camel(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_, ch: string) => ch.toUpperCase());
}

interface Located {
  value: Record<string, unknown>;
  /** Cursor of each field that was read, by camelCase name. */
  curs: Map<string, Cur>;
}

function readValue(r: Reader, c: Cur, type: FieldType): unknown {
  switch (type.t) {
    case "string":
      return r.isNull(c) ? undefined : r.string(c);
    case "int": {
      const range: { min?: number; max?: number } = {};
      if (type.min !== undefined) range.min = type.min;
      if (type.max !== undefined) range.max = type.max;
      return r.integer(c, range);
    }
    case "bool":
      return r.boolean(c);
    case "duration":
      return r.duration(c);
    case "enum":
      return r.enumValue(c, type.values);
    case "strings":
      return r.strings(c);
    case "map": {
      const entries = r.stringMap(c);
      if (!entries) return undefined;
      return Object.fromEntries(entries.map((e) => [e.key, e.value]));
    }
    case "msg":
      return r.isNull(c) ? undefined : readMessage(r, c, type.s).value;
    case "list": {
      const items = r.items(c);
      if (!items) return undefined;
      return items.map((item) => readMessage(r, item, type.s).value);
    }
    case "output":
      return undefined;
  }
}

function readMessage(r: Reader, c: Cur, schema: Schema, extra: readonly string[] = []): Located {
  const value: Record<string, unknown> = {};
  const curs = new Map<string, Cur>();
  const entries = r.entries(c);
  if (!entries) return { value, curs };
  for (const entry of entries) {
    if (extra.includes(entry.key)) continue;
    const name = camel(entry.key);
    const type = Object.hasOwn(schema.fields, name) ? schema.fields[name] : undefined;
    if (!type) {
      r.error(entry.keyCur, `unsupported field "${entry.key}" at ${entry.keyCur.path}: not a Cloud Run v2 field here`);
      continue;
    }
    if (curs.has(name)) {
      r.error(entry.keyCur, `field ${name} is given twice (camelCase and snake_case spellings)`);
      continue;
    }
    curs.set(name, entry.value);
    if (type.t === "output") {
      r.warn(entry.keyCur, `ignored output-only field ${entry.keyCur.path}`);
      continue;
    }
    const v = readValue(r, entry.value, type);
    if (v !== undefined) value[name] = v;
  }
  for (const field of schema.required ?? []) {
    if (value[field] === undefined || value[field] === "")
      r.error(c, `${c.path === "" ? "the service" : c.path} needs ${field}`);
  }
  for (const group of schema.oneofs ?? []) {
    const set = group.filter((f) => value[f] !== undefined);
    if (set.length > 1) r.error(c, `${c.path === "" ? "the service" : c.path}: set only one of ${group.join(", ")}`);
  }
  for (const group of schema.exactlyOne ?? []) {
    const set = group.filter((f) => value[f] !== undefined);
    if (set.length !== 1)
      r.error(
        c,
        `${c.path === "" ? "the service" : c.path}: set exactly one of ${group.join(", ")} (found ${set.length})`,
      );
  }
  return { value, curs };
}

/** Cursor of a child by camelCase or snake_case key (silent: shape errors are reported while reading values). */
function child(r: Reader, c: Cur | undefined, key: string): Cur | undefined {
  if (!c) return undefined;
  return r.peekEntries(c).find((e) => camel(e.key) === key)?.value;
}

function childItems(r: Reader, c: Cur | undefined): Cur[] {
  return c ? r.peekItems(c) : [];
}

const FULL_NAME = /^projects\/([^/]+)\/locations\/([^/]+)\/services\/([^/]+)$/;

function checkReserved(r: Reader, c: Cur | undefined, what: "label" | "annotation"): void {
  if (!c) return;
  for (const e of r.peekEntries(c)) {
    const ns = reservedNamespaceOf(e.key);
    if (ns)
      r.error(
        e.keyCur,
        `${what} ${e.key} is in the ${ns} namespace, which the v2 API rejects; use the typed v2 field instead`,
      );
  }
}

export function convertV2(r: Reader, root: Cur, options: ConvertOptions): Converted | undefined {
  const errorsBefore = r.errors.length;
  const { value } = readMessage(r, root, SERVICE, ["apiVersion", "kind"]);
  const kindCur = child(r, root, "kind");
  if (kindCur) {
    const kind = r.string(kindCur);
    if (kind !== "Service") r.error(kindCur, "kind must be Service");
  }
  const service = value as unknown as Service;
  if (!service.template) service.template = { containers: [] };
  if (!service.template.containers) service.template.containers = [];
  const out: Converted = { service };

  const nameCur = child(r, root, "name");
  if (service.name && nameCur) {
    const full = FULL_NAME.exec(service.name);
    if (full) {
      out.project = full[1] as string;
      out.location = full[2] as string;
      service.name = full[3] as string;
    } else if (service.name.includes("/")) {
      r.error(nameCur, "name must be a service id or projects/PROJECT/locations/LOCATION/services/SERVICE");
    }
    checkServiceId(r, nameCur, service.name);
  }

  const templateCur = child(r, root, "template");
  const revisionCur = child(r, templateCur, "revision");
  if (revisionCur && service.template.revision)
    checkRevisionName(r, revisionCur, service.template.revision, service.name);

  checkReserved(r, child(r, root, "labels"), "label");
  checkReserved(r, child(r, root, "annotations"), "annotation");
  checkReserved(r, child(r, templateCur, "labels"), "label");
  checkReserved(r, child(r, templateCur, "annotations"), "annotation");

  const containersCur = child(r, templateCur, "containers");
  const containerCurs = childItems(r, containersCur);
  const imageCurs = containerCurs.map((c) => child(r, c, "image"));
  if (templateCur && containerCurs.length === service.template.containers.length) {
    checkContainers(r, service.template.containers, containerCurs, containersCur ?? templateCur);
    for (const c of service.template.containers) if (c.image === undefined) c.image = "";
    finishImages(r, service.template.containers, containerCurs, imageCurs, options);
  }

  const trafficCur = child(r, root, "traffic");
  if (service.traffic && trafficCur && r.errors.length === errorsBefore)
    checkTraffic(r, service.traffic, childItems(r, trafficCur), trafficCur, service.name);

  return out;
}
