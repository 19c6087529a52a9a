/**
 * Knative `serving.knative.dev/v1` `kind: Service` (the YAML `gcloud run services replace`
 * accepts) → model Service (reference notes §3.1, §3.2).
 *
 * Every field is either mapped, dropped with a warning (output-only data such as `status` or
 * `metadata.uid`), or reported as an error naming it. System annotations become typed fields (see
 * manifest-annotations.ts) and are removed from `annotations`.
 *
 * Conversions:
 * - `timeoutSeconds` → `template.timeout` in seconds; `containerConcurrency` →
 *   `maxInstanceRequestConcurrency`; `serviceAccountName` → `serviceAccount`;
 * - env `value` → string exactly as written (YAML `false` → "false", `1.0` → "1.0", empty → "");
 *   `valueFrom.secretKeyRef {name, key}` → `valueSource.secretKeyRef {secret: name, version: key}`;
 * - `run.googleapis.com/cpu-throttling` absent → `cpuIdle: true` on every container (the v1
 *   default is CPU throttling on; v2 would otherwise read an explicit `resources` as "always
 *   allocated", see the `cpu_idle` proto comment);
 * - volumes: `secret {secretName, items[{key, path, mode}], defaultMode}` → `secret {secret,
 *   items[{version: key, path, mode}], defaultMode}`; `emptyDir {medium: Memory, sizeLimit}`;
 *   `nfs`; `csi` with driver `gcsfuse.run.googleapis.com` → `gcs {bucket: bucketName, readOnly,
 *   mountOptions: split on ","}`;
 * - traffic: `revisionName` → REVISION, `latestRevision: true` → LATEST, `percent` (default 0),
 *   `tag`; `configurationName` is an error;
 * - `metadata.namespace` → project; label `cloud.googleapis.com/location` → location (returned
 *   beside the service, not as labels).
 */
import {
  ANNOTATION_RULES,
  type AnnotationRule,
  annotationRule,
  LOCATION_LABEL,
  OUTPUT_TEMPLATE_LABELS,
} from "./manifest-annotations.js";
import {
  type Converted,
  type ConvertOptions,
  checkContainers,
  checkRevisionName,
  checkServiceId,
  checkTraffic,
  finishImages,
} from "./manifest-common.js";
import type { Cur, Entry, Reader } from "./manifest-yaml.js";
import {
  type Container,
  type ContainerPort,
  type EnvVar,
  type HttpHeader,
  type Probe,
  reservedNamespaceOf,
  type Service,
  type TrafficTarget,
  type Volume,
  type VolumeMount,
} from "./model.js";

const OBJECT_META_OUTPUT = [
  "uid",
  "resourceVersion",
  "generation",
  "creationTimestamp",
  "deletionTimestamp",
  "selfLink",
  "managedFields",
  "ownerReferences",
  "finalizers",
];

interface AnnotationSource {
  key: string;
  value: string;
  entry: Entry;
}

export function convertKnative(r: Reader, root: Cur, options: ConvertOptions): Converted | undefined {
  const service: Service = { template: { containers: [] } };
  const out: Converted = { service };
  let serviceAnnotations: AnnotationSource[] = [];
  let templateAnnotations: AnnotationSource[] = [];
  let metadataCur: Cur | undefined;
  let specCur: Cur | undefined;
  let templateCur: Cur | undefined;
  let templateSpecCur: Cur | undefined;
  const containerCurs: Cur[] = [];
  const imageCurs: (Cur | undefined)[] = [];
  let revisionCur: Cur | undefined;
  let kindSeen = false;

  r.fields(
    root,
    {
      apiVersion: () => {},
      kind: (v) => {
        kindSeen = true;
        const kind = r.string(v);
        if (kind !== "Service")
          r.error(
            v,
            kind === "Job" ? "Cloud Run Jobs are not supported; kind must be Service" : "kind must be Service",
          );
      },
      metadata: (v) => {
        metadataCur = v;
        r.fields(
          v,
          {
            name: (n) => {
              const name = r.string(n);
              if (name !== undefined) {
                service.name = name;
                checkServiceId(r, n, name);
              }
            },
            namespace: (n) => {
              const ns = r.string(n);
              if (ns) out.project = ns;
            },
            labels: (n) => {
              const labels = readLabels(r, n, "service");
              if (labels.location !== undefined) out.location = labels.location;
              if (labels.labels) service.labels = labels.labels;
            },
            annotations: (n) => {
              serviceAnnotations = r.stringMap(n) ?? [];
            },
          },
          OBJECT_META_OUTPUT,
        );
      },
      spec: (v) => {
        specCur = v;
        r.fields(v, {
          template: (t) => {
            templateCur = t;
            r.fields(t, {
              metadata: (m) => {
                r.fields(
                  m,
                  {
                    name: (n) => {
                      const name = r.string(n);
                      if (name) {
                        service.template.revision = name;
                        revisionCur = n;
                      }
                    },
                    labels: (n) => {
                      const labels = readLabels(r, n, "revision");
                      if (labels.labels) service.template.labels = labels.labels;
                    },
                    annotations: (n) => {
                      templateAnnotations = r.stringMap(n) ?? [];
                    },
                  },
                  [...OBJECT_META_OUTPUT, "namespace"],
                );
              },
              spec: (s) => {
                templateSpecCur = s;
                readTemplateSpec(r, s, service, containerCurs, imageCurs);
              },
            });
          },
          traffic: (t) => {
            const traffic = readTraffic(r, t, service.name);
            if (traffic) service.traffic = traffic;
          },
        });
      },
    },
    ["status"],
  );

  if (!kindSeen) r.error(root, "kind is missing: a Knative service.yaml needs kind: Service");
  if (!metadataCur) r.error(root, "metadata is missing");
  else if (service.name === undefined) r.error(metadataCur, "metadata.name is missing");
  if (!specCur) r.error(root, "spec is missing");
  else if (!templateCur) r.error(specCur, "spec.template is missing");
  else if (!templateSpecCur) r.error(templateCur, "spec.template.spec is missing");
  else checkContainers(r, service.template.containers, containerCurs, templateSpecCur);

  if (revisionCur && service.template.revision !== undefined)
    checkRevisionName(r, revisionCur, service.template.revision, service.name);

  finishImages(r, service.template.containers, containerCurs, imageCurs, options);

  // Annotations → typed fields. Applied after the structure is converted (some rules edit
  // containers, env and volumes).
  service.annotations = applyAnnotations(r, service, serviceAnnotations, "service");
  service.template.annotations = applyAnnotations(r, service, templateAnnotations, "revision");
  if (!service.annotations) delete service.annotations;
  if (!service.template.annotations) delete service.template.annotations;

  // v1 default: CPU throttled (cpu_idle) unless the annotation says otherwise.
  const throttling = templateAnnotations.some((a) => a.key === "run.googleapis.com/cpu-throttling");
  if (!throttling) for (const c of service.template.containers) c.resources = { ...c.resources, cpuIdle: true };

  return out;
}

const LEVEL_PATH = {
  service: "metadata.annotations",
  revision: "spec.template.metadata.annotations",
} as const;

function applyAnnotations(
  r: Reader,
  service: Service,
  sources: AnnotationSource[],
  level: "service" | "revision",
): Record<string, string> | undefined {
  const kept: Record<string, string> = {};
  for (const { key, value, entry } of sources) {
    const rule: AnnotationRule | undefined = annotationRule(key);
    if (rule && rule.level !== level && rule.level !== "any") {
      r.error(
        entry.keyCur,
        `annotation ${key} belongs in ${LEVEL_PATH[rule.level]}, not ${LEVEL_PATH[level]} (it maps to ${rule.target})`,
      );
      continue;
    }
    if (rule?.kind === "output") {
      r.warn(entry.keyCur, `dropped output-only annotation ${key} (v2: ${rule.target})`);
      continue;
    }
    if (rule?.kind === "unsupported") {
      r.error(entry.keyCur, `annotation ${key} has no Cloud Run v2 equivalent and the v2 API rejects it; remove it`);
      continue;
    }
    if (rule?.apply) {
      rule.apply({
        service,
        key,
        value,
        fail: (message) => r.error(entry.value, message),
        warn: (message) => r.warn(entry.value, message),
      });
      continue;
    }
    const ns = reservedNamespaceOf(key);
    if (ns) {
      r.error(
        entry.keyCur,
        `annotation ${key} cannot be mapped to a Cloud Run v2 field, and the v2 API rejects the ${ns} namespace`,
      );
      continue;
    }
    kept[key] = value;
  }
  return Object.keys(kept).length > 0 ? kept : undefined;
}

function readLabels(
  r: Reader,
  c: Cur,
  level: "service" | "revision",
): { labels?: Record<string, string>; location?: string } {
  const out: { labels?: Record<string, string>; location?: string } = {};
  const labels: Record<string, string> = {};
  for (const { key, value, entry } of r.stringMap(c) ?? []) {
    if (level === "service" && key === LOCATION_LABEL) {
      out.location = value;
      continue;
    }
    if (level === "revision" && OUTPUT_TEMPLATE_LABELS.includes(key)) {
      r.warn(entry.keyCur, `dropped output-only label ${key}`);
      continue;
    }
    const ns = reservedNamespaceOf(key);
    if (ns) {
      r.error(entry.keyCur, `label ${key} cannot be mapped: the v2 API rejects labels in the ${ns} namespace`);
      continue;
    }
    labels[key] = value;
  }
  if (Object.keys(labels).length > 0) out.labels = labels;
  return out;
}

function readTemplateSpec(
  r: Reader,
  s: Cur,
  service: Service,
  containerCurs: Cur[],
  imageCurs: (Cur | undefined)[],
): void {
  const t = service.template;
  r.fields(s, {
    containerConcurrency: (v) => {
      const n = r.integer(v, { min: 0, max: 1000 });
      if (n !== undefined) t.maxInstanceRequestConcurrency = n;
    },
    timeoutSeconds: (v) => {
      const n = r.integer(v, { min: 1, max: 3600 });
      if (n !== undefined) t.timeout = n;
    },
    serviceAccountName: (v) => {
      const sa = r.string(v);
      if (sa) t.serviceAccount = sa;
    },
    containers: (v) => {
      for (const item of r.items(v) ?? []) {
        containerCurs.push(item);
        const { container, imageCur } = readContainer(r, item);
        imageCurs.push(imageCur);
        t.containers.push(container);
      }
    },
    volumes: (v) => {
      const volumes: Volume[] = [];
      for (const item of r.items(v) ?? []) {
        const vol = readVolume(r, item);
        if (vol) volumes.push(vol);
      }
      if (volumes.length > 0) t.volumes = volumes;
    },
    nodeSelector: (v) => {
      for (const { key, value, entry } of r.stringMap(v) ?? []) {
        if (key === "run.googleapis.com/accelerator") t.nodeSelector = { accelerator: value };
        else
          r.error(entry.keyCur, `unsupported node selector "${key}": only run.googleapis.com/accelerator maps to v2`);
      }
    },
  });
}

function readContainer(r: Reader, c: Cur): { container: Container; imageCur?: Cur } {
  const container: Container = { image: "" };
  let imageCur: Cur | undefined;
  r.fields(c, {
    name: (v) => {
      const name = r.string(v);
      if (name) container.name = name;
    },
    image: (v) => {
      imageCur = v;
      container.image = r.string(v) ?? "";
    },
    command: (v) => {
      const list = r.strings(v);
      if (list && list.length > 0) container.command = list;
    },
    args: (v) => {
      const list = r.strings(v);
      if (list && list.length > 0) container.args = list;
    },
    workingDir: (v) => {
      const dir = r.string(v);
      if (dir) container.workingDir = dir;
    },
    env: (v) => {
      const env: EnvVar[] = [];
      for (const item of r.items(v) ?? []) {
        const e = readEnv(r, item);
        if (e) env.push(e);
      }
      if (env.length > 0) container.env = env;
    },
    ports: (v) => {
      const ports: ContainerPort[] = [];
      for (const item of r.items(v) ?? []) {
        const port: ContainerPort = {};
        r.fields(item, {
          name: (n) => {
            const name = r.string(n);
            if (name !== undefined && name !== "http1" && name !== "h2c")
              r.error(n, `port name must be http1 or h2c (found "${name}")`);
            else if (name) port.name = name;
          },
          containerPort: (n) => {
            const p = r.integer(n, { min: 1, max: 65535 });
            if (p !== undefined) port.containerPort = p;
          },
          protocol: (n) => {
            const proto = r.string(n);
            if (proto !== "TCP") r.error(n, "only protocol TCP can be mapped to Cloud Run v2");
            else r.warn(n, "dropped protocol: TCP (implicit in Cloud Run v2)");
          },
        });
        ports.push(port);
      }
      if (ports.length > 0) container.ports = ports;
    },
    resources: (v) => {
      r.fields(v, {
        limits: (l) => {
          const limits: Record<string, string> = {};
          for (const { key, value, entry } of r.stringMap(l) ?? []) {
            if (key !== "cpu" && key !== "memory" && key !== "nvidia.com/gpu")
              r.error(entry.keyCur, `unsupported resource limit "${key}" (cpu, memory and nvidia.com/gpu map to v2)`);
            else limits[key] = value;
          }
          if (Object.keys(limits).length > 0) container.resources = { ...container.resources, limits };
        },
        requests: (q) => {
          r.error(q, "resources.requests cannot be mapped to Cloud Run v2 (only limits exist); remove it");
        },
      });
    },
    volumeMounts: (v) => {
      const mounts: VolumeMount[] = [];
      for (const item of r.items(v) ?? []) {
        const m: VolumeMount = { name: "", mountPath: "" };
        r.fields(item, {
          name: (n) => {
            m.name = r.string(n) ?? "";
          },
          mountPath: (n) => {
            m.mountPath = r.string(n) ?? "";
          },
          subPath: (n) => {
            const sp = r.string(n);
            if (sp) m.subPath = sp;
          },
        });
        if (m.name === "") r.error(item, "a volume mount needs a name");
        if (m.mountPath === "") r.error(item, "a volume mount needs a mountPath");
        mounts.push(m);
      }
      if (mounts.length > 0) container.volumeMounts = mounts;
    },
    livenessProbe: (v) => {
      const p = readProbe(r, v);
      if (p) container.livenessProbe = p;
    },
    startupProbe: (v) => {
      const p = readProbe(r, v);
      if (p) container.startupProbe = p;
    },
    readinessProbe: (v) => {
      const p = readProbe(r, v);
      if (p) container.readinessProbe = p;
    },
  });
  const out: { container: Container; imageCur?: Cur } = { container };
  if (imageCur) out.imageCur = imageCur;
  return out;
}

function readEnv(r: Reader, c: Cur): EnvVar | undefined {
  let name: string | undefined;
  let value: string | undefined;
  let hasValue = false;
  let secret: { secret: string; version?: string } | undefined;
  let valueFromCur: Cur | undefined;
  r.fields(c, {
    name: (v) => {
      name = r.string(v);
    },
    value: (v) => {
      hasValue = true;
      value = r.isNull(v) ? "" : r.string(v);
    },
    valueFrom: (v) => {
      valueFromCur = v;
      r.fields(v, {
        secretKeyRef: (s) => {
          const ref: { secret: string; version?: string } = { secret: "" };
          r.fields(s, {
            name: (n) => {
              ref.secret = r.string(n) ?? "";
            },
            key: (k) => {
              const key = r.string(k);
              if (key) ref.version = key;
            },
            optional: (o) => {
              r.error(o, "secretKeyRef.optional cannot be mapped to Cloud Run v2");
            },
          });
          if (ref.secret === "") r.error(s, "secretKeyRef needs a name (the secret)");
          secret = ref;
        },
      });
    },
  });
  if (!name) {
    r.error(c, "an environment variable needs a name");
    return undefined;
  }
  if (hasValue && valueFromCur) {
    r.error(valueFromCur, `environment variable ${name}: set either value or valueFrom, not both`);
    return undefined;
  }
  const env: EnvVar = { name };
  if (secret) env.valueSource = { secretKeyRef: secret };
  else if (valueFromCur) r.error(valueFromCur, `environment variable ${name}: valueFrom needs a secretKeyRef`);
  else env.value = value ?? "";
  return env;
}

function readProbe(r: Reader, c: Cur): Probe | undefined {
  const probe: Probe = {};
  const actions: string[] = [];
  const intField =
    (key: "initialDelaySeconds" | "timeoutSeconds" | "periodSeconds" | "failureThreshold", min: number) => (v: Cur) => {
      const n = r.integer(v, { min, max: 3600 });
      if (n !== undefined) probe[key] = n;
    };
  const port = (v: Cur): number | undefined => r.integer(v, { min: 1, max: 65535 });
  r.fields(c, {
    initialDelaySeconds: intField("initialDelaySeconds", 0),
    timeoutSeconds: intField("timeoutSeconds", 1),
    periodSeconds: intField("periodSeconds", 1),
    failureThreshold: intField("failureThreshold", 1),
    httpGet: (v) => {
      actions.push("httpGet");
      probe.httpGet = {};
      const h = probe.httpGet;
      r.fields(v, {
        path: (n) => {
          const p = r.string(n);
          if (p) h.path = p;
        },
        port: (n) => {
          const p = port(n);
          if (p !== undefined) h.port = p;
        },
        httpHeaders: (n) => {
          const headers: HttpHeader[] = [];
          for (const item of r.items(n) ?? []) {
            const header: HttpHeader = { name: "" };
            r.fields(item, {
              name: (x) => {
                header.name = r.string(x) ?? "";
              },
              value: (x) => {
                const hv = r.string(x);
                if (hv !== undefined) header.value = hv;
              },
            });
            if (header.name === "") r.error(item, "an HTTP header needs a name");
            headers.push(header);
          }
          if (headers.length > 0) h.httpHeaders = headers;
        },
      });
    },
    tcpSocket: (v) => {
      actions.push("tcpSocket");
      probe.tcpSocket = {};
      const t = probe.tcpSocket;
      r.fields(v, {
        port: (n) => {
          const p = port(n);
          if (p !== undefined) t.port = p;
        },
      });
    },
    grpc: (v) => {
      actions.push("grpc");
      probe.grpc = {};
      const g = probe.grpc;
      r.fields(v, {
        port: (n) => {
          const p = port(n);
          if (p !== undefined) g.port = p;
        },
        service: (n) => {
          const sv = r.string(n);
          if (sv) g.service = sv;
        },
      });
    },
  });
  if (actions.length > 1)
    r.error(c, `a probe can use only one of httpGet, tcpSocket and grpc (found ${actions.join(", ")})`);
  return probe;
}

function readVolume(r: Reader, c: Cur): Volume | undefined {
  const vol: Volume = { name: "" };
  const kinds: string[] = [];
  r.fields(c, {
    name: (v) => {
      vol.name = r.string(v) ?? "";
    },
    secret: (v) => {
      kinds.push("secret");
      const secret: NonNullable<Volume["secret"]> = { secret: "" };
      r.fields(v, {
        secretName: (n) => {
          secret.secret = r.string(n) ?? "";
        },
        defaultMode: (n) => {
          const m = r.integer(n, { min: 0, max: 0o777 });
          if (m !== undefined) secret.defaultMode = m;
        },
        items: (n) => {
          const items: NonNullable<NonNullable<Volume["secret"]>["items"]> = [];
          for (const item of r.items(n) ?? []) {
            const entry: { path: string; version?: string; mode?: number } = { path: "" };
            r.fields(item, {
              key: (k) => {
                const key = r.string(k);
                if (key) entry.version = key;
              },
              path: (p) => {
                entry.path = r.string(p) ?? "";
              },
              mode: (m) => {
                const mode = r.integer(m, { min: 0, max: 0o777 });
                if (mode !== undefined) entry.mode = mode;
              },
            });
            if (entry.path === "") r.error(item, "a secret volume item needs a path");
            items.push(entry);
          }
          if (items.length > 0) secret.items = items;
        },
      });
      if (secret.secret === "") r.error(v, "a secret volume needs a secretName");
      vol.secret = secret;
    },
    emptyDir: (v) => {
      kinds.push("emptyDir");
      const emptyDir: NonNullable<Volume["emptyDir"]> = {};
      r.fields(v, {
        medium: (m) => {
          const medium = r.string(m);
          if (medium === "Memory") emptyDir.medium = "MEMORY";
          else if (medium !== undefined && medium !== "") r.error(m, 'emptyDir.medium must be "Memory" or empty');
        },
        sizeLimit: (s) => {
          const size = r.string(s);
          if (size) emptyDir.sizeLimit = size;
        },
      });
      vol.emptyDir = emptyDir;
    },
    nfs: (v) => {
      kinds.push("nfs");
      const nfs: NonNullable<Volume["nfs"]> = {};
      r.fields(v, {
        server: (s) => {
          const server = r.string(s);
          if (server) nfs.server = server;
        },
        path: (p) => {
          const path = r.string(p);
          if (path) nfs.path = path;
        },
        readOnly: (ro) => {
          const b = r.boolean(ro);
          if (b !== undefined) nfs.readOnly = b;
        },
      });
      vol.nfs = nfs;
    },
    csi: (v) => {
      kinds.push("csi");
      const gcs: NonNullable<Volume["gcs"]> = {};
      let driver: string | undefined;
      r.fields(v, {
        driver: (d) => {
          driver = r.string(d);
          if (driver !== "gcsfuse.run.googleapis.com")
            r.error(d, "only the csi driver gcsfuse.run.googleapis.com maps to Cloud Run v2 (gcs volume)");
        },
        readOnly: (ro) => {
          const b = r.boolean(ro);
          if (b !== undefined) gcs.readOnly = b;
        },
        volumeAttributes: (a) => {
          for (const { key, value, entry } of r.stringMap(a) ?? []) {
            if (key === "bucketName") gcs.bucket = value;
            else if (key === "mountOptions") {
              const opts = value
                .split(",")
                .map((s) => s.trim())
                .filter((s) => s !== "");
              if (opts.length > 0) gcs.mountOptions = opts;
            } else
              r.error(entry.keyCur, `unsupported csi volume attribute "${key}" (bucketName, mountOptions map to v2)`);
          }
        },
      });
      if (driver === undefined) r.error(v, "a csi volume needs driver: gcsfuse.run.googleapis.com");
      if (!gcs.bucket) r.error(v, "a gcsfuse csi volume needs volumeAttributes.bucketName");
      vol.gcs = gcs;
    },
  });
  if (vol.name === "") r.error(c, "a volume needs a name");
  if (kinds.length !== 1)
    r.error(
      c,
      kinds.length === 0
        ? "a volume needs one of secret, emptyDir, nfs or csi"
        : `a volume can have only one source (found ${kinds.join(", ")})`,
    );
  return vol;
}

function readTraffic(r: Reader, c: Cur, service: string | undefined): TrafficTarget[] | undefined {
  const items = r.items(c);
  if (!items) return undefined;
  const valid = r.errors.length;
  const out: TrafficTarget[] = [];
  for (const item of items) {
    let revisionName: string | undefined;
    let latest: boolean | undefined;
    let latestCur: Cur | undefined;
    const target: TrafficTarget = {};
    r.fields(
      item,
      {
        revisionName: (v) => {
          revisionName = r.string(v);
        },
        latestRevision: (v) => {
          latestCur = v;
          latest = r.boolean(v);
        },
        percent: (v) => {
          const p = r.integer(v, { min: 0, max: 100 });
          if (p !== undefined) target.percent = p;
        },
        tag: (v) => {
          const tag = r.string(v);
          if (tag) target.tag = tag;
        },
        configurationName: (v) => {
          r.error(v, "traffic configurationName is not supported by Cloud Run; use revisionName or latestRevision");
        },
      },
      ["url"],
    );
    if (latest === true && revisionName) {
      r.error(latestCur ?? item, "a traffic target cannot set both latestRevision: true and revisionName");
    } else if (latest === true) {
      target.type = "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST";
    } else if (revisionName) {
      target.type = "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION";
      target.revision = revisionName;
    } else {
      r.error(item, "a traffic target needs revisionName or latestRevision: true");
    }
    out.push({
      ...(target.type ? { type: target.type } : {}),
      ...(target.revision ? { revision: target.revision } : {}),
      percent: target.percent ?? 0,
      ...(target.tag ? { tag: target.tag } : {}),
    });
  }
  if (r.errors.length === valid) checkTraffic(r, out, items, c, service);
  return out;
}

/** For documentation and tests: every annotation key the Knative converter understands. */
export const KNATIVE_ANNOTATION_KEYS: readonly string[] = ANNOTATION_RULES.map((rule) => rule.key);
