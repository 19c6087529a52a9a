/**
 * A Knative container (`spec.template.spec.containers[]`) → model Container: ports, resources,
 * env (values kept exactly as written, never echoed), probes and volume mounts.
 */
import { readList } from "./manifest-common.js";
import type { Cur, Reader } from "./manifest-yaml.js";
import type { Container, ContainerPort, EnvVar, HttpHeader, Probe, VolumeMount } from "./model.js";

export function readContainer(r: Reader, c: Cur): { container: Container; imageCur?: Cur } {
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
      const env = readList(r, v, (item) => readEnv(r, item));
      if (env) container.env = env;
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
