/**
 * `normalizeService`: the desired-state view of a Service with the server-side defaults filled in,
 * so that a desired Service (from a manifest) and a live one (from the API) can be compared with
 * plain deep equality after both went through this one function.
 *
 * Steps, in order:
 *
 * 1. **Drop what is not desired state**: every output-only field (`uid`, `generation`,
 *    `conditions`, `trafficStatuses`, `latestReadyRevision`, `uri`, …), `etag`, and `client` /
 *    `clientVersion` (the identity of the tool that wrote it, which differs between `gcloud`, the
 *    console and this plugin). `name` becomes the short service id. `template.revision` is kept: a
 *    drift detector that generates revision names should drop it itself.
 * 2. **Fill server defaults** (source in brackets; [V] proto comment, [D] Cloud Run docs,
 *    [I] observed in issues, [U] inferred):
 *    - `ingress` → `INGRESS_TRAFFIC_ALL` [D: gcloud `--ingress` default "all"];
 *    - `launchStage` → `GA` [U: what the API reports for services without preview features];
 *    - `scaling.scalingMode` → `AUTOMATIC` [V: ServiceScaling.ScalingMode comment];
 *    - `traffic` empty → `[{type: LATEST, percent: 100}]` [V: Service.traffic comment]; traffic
 *      entries get an explicit type (UNSPECIFIED → REVISION when a revision is named, else LATEST),
 *      short revision names, and an explicit `percent`;
 *    - `template.scaling.maxInstanceCount` → 100 [V: RevisionScaling comment];
 *    - `template.timeout` → 300 s [D: default request timeout 5 minutes];
 *    - `template.vpcAccess.egress` → `PRIVATE_RANGES_ONLY` when a connector or network interface is
 *      set [V: VpcAccess.egress comment];
 *    - `template.executionEnvironment`: left unspecified (absent) — the server does not pick one
 *      [V: field is optional, no default documented];
 *    - containers: unnamed container i → `<service>-<i+1>` [I: terraform-provider-google#21035,
 *      "GCP assigns it name frontend-1"]; `resources` absent → `{limits: {cpu: "1000m", memory:
 *      "512Mi"}, cpuIdle: true}` [D: 1 vCPU / 512 MiB defaults; V: cpu_idle comment], missing
 *      `cpu` / `memory` limit keys filled the same way;
 *    - the ingress container (the one declaring a port, or the single container): no port →
 *      `{name: "http1", containerPort: 8080}` [D: PORT defaults to 8080]; port name → `http1`;
 *      no startup probe → TCP probe on that port with `timeoutSeconds: 240, periodSeconds: 240,
 *      failureThreshold: 1` [D/I: the default startup probe `gcloud … describe` shows];
 *    - probes: `timeoutSeconds` 1, `periodSeconds` 10, `failureThreshold` 3, `httpGet.path` "/",
 *      probe port → the container port when it has one [V: Probe / HTTPGetAction comments];
 *    - secret volumes: `defaultMode` → 0o444 [V: SecretVolumeSource.default_mode comment];
 *    - `template.maxInstanceRequestConcurrency` 0/absent → 80 when the summed CPU limits are ≥ 1
 *      vCPU, else 1 [V: RevisionTemplate comment].
 * 3. **Canonical forms**: CPU quantities as millicores (`"1"` → `"1000m"`, `"0.5"` → `"500m"`),
 *    memory in the largest unit, binary or decimal, that divides it exactly (`"1024Mi"` → `"1Gi"`,
 *    `"1000M"` → `"1G"`), else bytes.
 * 4. **Proto3 zero values removed**: `""`, `0`, `false`, empty lists and objects and
 *    `*_UNSPECIFIED` enum values are dropped, so "unset" and "set to the zero value" compare
 *    equal — except `traffic[].percent` (always explicit) and the proto3 `optional` fields
 *    `scaling.manualInstanceCount` and `template.gpuZonalRedundancyDisabled`. String maps
 *    (labels, annotations, limits, environment variables) keep their entries as they are.
 *
 * The input is not modified. Object keys come out sorted (so `JSON.stringify` of two normalised
 * services is comparable too); list order is kept (containers, env, volumes, traffic).
 */
import { ingressContainerIndex } from "./manifest-common.js";
import { type Container, type Probe, SERVICE_OUTPUT_ONLY_FIELDS, type Service, shortName } from "./model.js";

export const DEFAULT_CPU_LIMIT = "1000m";
export const DEFAULT_MEMORY_LIMIT = "512Mi";
export const DEFAULT_CONTAINER_PORT = 8080;
export const DEFAULT_TIMEOUT_SECONDS = 300;
export const DEFAULT_MAX_INSTANCE_COUNT = 100;
export const DEFAULT_CONCURRENCY = 80;
export const DEFAULT_SECRET_MODE = 0o444;

/** Parses a CPU quantity to millicores; undefined when it is not a plain CPU quantity. */
export function cpuMillis(quantity: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?|\.\d+)(m?)$/.exec(quantity.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  const millis = m[2] === "m" ? n : n * 1000;
  return Number.isFinite(millis) ? millis : undefined;
}

/** CPU in millicores (`"1"` → `"1000m"`); unparsable values are returned trimmed. */
export function canonicalCpu(quantity: string): string {
  const millis = cpuMillis(quantity);
  if (millis === undefined || !Number.isInteger(millis)) return quantity.trim();
  return `${millis}m`;
}

const BINARY_UNITS: [string, number][] = [
  ["Ei", 2 ** 60],
  ["Pi", 2 ** 50],
  ["Ti", 2 ** 40],
  ["Gi", 2 ** 30],
  ["Mi", 2 ** 20],
  ["Ki", 2 ** 10],
];
const DECIMAL_UNITS: [string, number][] = [
  ["E", 1e18],
  ["P", 1e15],
  ["T", 1e12],
  ["G", 1e9],
  ["M", 1e6],
  ["k", 1e3],
];

const ALL_UNITS_BY_SIZE = [...BINARY_UNITS, ...DECIMAL_UNITS].sort((a, b) => b[1] - a[1]);

/**
 * Memory in the largest unit (binary or decimal) that divides it exactly, else bytes
 * (`"1024Mi"` → `"1Gi"`, `"1000M"` → `"1G"`); unparsable values are returned trimmed.
 */
export function canonicalMemory(quantity: string): string {
  const m = /^(\d+(?:\.\d+)?)(Ei|Pi|Ti|Gi|Mi|Ki|E|P|T|G|M|k)?$/.exec(quantity.trim());
  if (!m) return quantity.trim();
  const unit = m[2] ?? "";
  const factor = [...BINARY_UNITS, ...DECIMAL_UNITS].find(([u]) => u === unit)?.[1] ?? 1;
  const bytes = Number(m[1]) * factor;
  if (!Number.isSafeInteger(bytes)) return quantity.trim();
  if (bytes === 0) return "0";
  for (const [u, f] of ALL_UNITS_BY_SIZE) if (bytes % f === 0) return `${bytes / f}${u}`;
  return String(bytes);
}

function fillProbe(probe: Probe, port: number | undefined): void {
  probe.timeoutSeconds ||= 1;
  probe.periodSeconds ||= 10;
  probe.failureThreshold ||= 3;
  if (probe.httpGet) {
    probe.httpGet.path ||= "/";
    if (!probe.httpGet.port && port) probe.httpGet.port = port;
  }
  if (probe.tcpSocket && !probe.tcpSocket.port && port) probe.tcpSocket.port = port;
  if (probe.grpc && !probe.grpc.port && port) probe.grpc.port = port;
}

function normalizeContainer(c: Container, index: number, serviceId: string | undefined, ingress: boolean): void {
  if (!c.name && serviceId) c.name = `${serviceId}-${index + 1}`;
  if (!c.resources) c.resources = { cpuIdle: true };
  const limits = { ...c.resources.limits };
  limits.cpu = canonicalCpu(limits.cpu || DEFAULT_CPU_LIMIT);
  limits.memory = canonicalMemory(limits.memory || DEFAULT_MEMORY_LIMIT);
  c.resources.limits = limits;

  let port: number | undefined;
  if (ingress) {
    const first = c.ports?.[0] ?? {};
    first.name ||= "http1";
    first.containerPort ||= DEFAULT_CONTAINER_PORT;
    c.ports = [first, ...(c.ports ?? []).slice(1)];
    port = first.containerPort;
    if (!c.startupProbe)
      c.startupProbe = { tcpSocket: { port }, timeoutSeconds: 240, periodSeconds: 240, failureThreshold: 1 };
  } else {
    port = c.ports?.[0]?.containerPort || undefined;
  }
  for (const probe of [c.livenessProbe, c.startupProbe, c.readinessProbe]) if (probe) fillProbe(probe, port);
}

const MAP_FIELDS = new Set(["labels", "annotations", "limits", "environmentVariables"]);
const KEEP_ZERO = new Set(["percent", "manualInstanceCount", "gpuZonalRedundancyDisabled"]);

function isZero(key: string, value: unknown): boolean {
  if (KEEP_ZERO.has(key)) return value === undefined;
  if (value === undefined || value === null || value === "" || value === 0 || value === false) return true;
  if (typeof value === "string" && value.endsWith("_UNSPECIFIED")) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === "object") return Object.keys(value).length === 0;
  return false;
}

/** Removes proto3 zero values recursively (see module comment). */
function prune(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(prune);
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  const keys = Object.keys(value).sort();
  for (const key of keys) {
    const raw = (value as Record<string, unknown>)[key];
    const v = MAP_FIELDS.has(key) ? raw : prune(raw);
    if (!isZero(key, v)) out[key] = v;
  }
  return out;
}

/** See the module comment for every default and where it comes from. */
export function normalizeService(service: Service): Service {
  const s = structuredClone(service);
  for (const field of SERVICE_OUTPUT_ONLY_FIELDS) delete s[field];
  delete s.etag;
  delete s.client;
  delete s.clientVersion;
  if (s.name) s.name = shortName(s.name);

  if (!s.ingress || s.ingress === "INGRESS_TRAFFIC_UNSPECIFIED") s.ingress = "INGRESS_TRAFFIC_ALL";
  if (!s.launchStage || s.launchStage === "LAUNCH_STAGE_UNSPECIFIED") s.launchStage = "GA";
  s.scaling = { ...s.scaling };
  if (!s.scaling.scalingMode || s.scaling.scalingMode === "SCALING_MODE_UNSPECIFIED")
    s.scaling.scalingMode = "AUTOMATIC";

  const traffic = s.traffic ?? [];
  s.traffic = (
    traffic.length > 0 ? traffic : [{ type: "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST" as const, percent: 100 }]
  ).map((t) => {
    const latest =
      t.type === "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST" ||
      ((!t.type || t.type === "TRAFFIC_TARGET_ALLOCATION_TYPE_UNSPECIFIED") && !t.revision);
    return {
      type: latest
        ? ("TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST" as const)
        : ("TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION" as const),
      ...(!latest && t.revision ? { revision: shortName(t.revision) } : {}),
      percent: t.percent ?? 0,
      ...(t.tag ? { tag: t.tag } : {}),
    };
  });

  const t = s.template ?? { containers: [] };
  s.template = t;
  t.containers ??= [];
  t.scaling = { ...t.scaling };
  t.scaling.maxInstanceCount ||= DEFAULT_MAX_INSTANCE_COUNT;
  t.timeout ||= DEFAULT_TIMEOUT_SECONDS;
  if (t.vpcAccess && (t.vpcAccess.connector || (t.vpcAccess.networkInterfaces ?? []).length > 0)) {
    if (!t.vpcAccess.egress || t.vpcAccess.egress === "VPC_EGRESS_UNSPECIFIED")
      t.vpcAccess.egress = "PRIVATE_RANGES_ONLY";
  }
  const serviceId = s.name ? shortName(s.name) : undefined;
  const ingress = ingressContainerIndex(t.containers);
  t.containers.forEach((c, i) => {
    normalizeContainer(c, i, serviceId, i === ingress);
  });
  for (const v of t.volumes ?? []) if (v.secret && !v.secret.defaultMode) v.secret.defaultMode = DEFAULT_SECRET_MODE;

  if (!t.maxInstanceRequestConcurrency) {
    const cpu = t.containers.reduce((sum, c) => sum + (cpuMillis(c.resources?.limits?.cpu ?? "") ?? 0), 0);
    t.maxInstanceRequestConcurrency = cpu >= 1000 ? DEFAULT_CONCURRENCY : 1;
  }

  const pruned = prune(s) as Service;
  pruned.template ??= { containers: [] };
  pruned.template.containers ??= [];
  return pruned;
}
