// A service spec from a request: update masks, validation and the defaults Cloud Run fills on write.
import { invalidArgument } from "./errors.js";
import { loadProtos } from "./protos.js";
import { canonicalJson, cleanMessage, deepCopy, SchemaError } from "./schema.js";
import type { RevisionTemplate, ServiceSpec } from "./types.js";

/** Service fields a caller may set; everything else is output only and ignored on input. */
const SPEC_FIELDS = new Set([
  "description",
  "labels",
  "annotations",
  "client",
  "clientVersion",
  "ingress",
  "launchStage",
  "binaryAuthorization",
  "template",
  "traffic",
  "scaling",
  "invokerIamDisabled",
  "defaultUriDisabled",
  "iapEnabled",
  "multiRegionSettings",
  "customAudiences",
  "buildConfig",
]);

const SYSTEM_NAMESPACES = [
  "run.googleapis.com",
  "cloud.googleapis.com",
  "serving.knative.dev",
  "autoscaling.knative.dev",
];

/** Cleans a Service from a request (schema-aware) and keeps only its user-settable fields. */
export function specFromRequest(service: unknown): ServiceSpec {
  let cleaned: Record<string, unknown>;
  try {
    cleaned = cleanMessage(loadProtos().type("google.cloud.run.v2.Service"), service ?? {}, "service");
  } catch (e) {
    if (e instanceof SchemaError) throw invalidArgument(e.message);
    throw e;
  }
  return Object.fromEntries(Object.entries(cleaned).filter(([k]) => SPEC_FIELDS.has(k))) as ServiceSpec;
}

const camel = (segment: string) => segment.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

/** Applies an update mask: copies each masked path from `incoming` onto a copy of `current`. */
export function applyUpdateMask(current: ServiceSpec, incoming: ServiceSpec, paths: readonly string[]): ServiceSpec {
  if (paths.includes("*")) return incoming;
  const out = deepCopy(current) as Record<string, unknown>;
  for (const path of paths) {
    const keys = path.split(".").map(camel);
    const [top] = keys;
    if (top === undefined || !SPEC_FIELDS.has(top)) {
      throw invalidArgument(`update_mask path '${path}' does not name a field that can be updated.`);
    }
    let src: unknown = incoming;
    for (const k of keys)
      src = typeof src === "object" && src !== null ? (src as Record<string, unknown>)[k] : undefined;
    let dst = out;
    for (const k of keys.slice(0, -1)) {
      const next = dst[k];
      if (typeof next !== "object" || next === null || Array.isArray(next)) dst[k] = {};
      dst = dst[k] as Record<string, unknown>;
    }
    const last = keys[keys.length - 1] ?? top;
    if (src === undefined) delete dst[last];
    else dst[last] = deepCopy(src);
  }
  return out as ServiceSpec;
}

function checkNamespaces(map: Record<string, string> | undefined, what: string): void {
  for (const key of Object.keys(map ?? {})) {
    const slash = key.indexOf("/");
    if (slash < 0) continue;
    const prefix = key.slice(0, slash);
    if (SYSTEM_NAMESPACES.some((ns) => prefix === ns || prefix.endsWith(`.${ns}`))) {
      throw invalidArgument(
        `${what} '${key}' is not supported: Cloud Run API v2 does not support ${what.toLowerCase()}s in the run.googleapis.com, cloud.googleapis.com, serving.knative.dev or autoscaling.knative.dev namespaces; use the corresponding v2 fields instead.`,
      );
    }
  }
}

/** Checks what the API requires of a desired Service (template, containers with images, allowed metadata). */
export function validateSpec(spec: ServiceSpec): RevisionTemplate {
  checkNamespaces(spec.labels, "Label");
  checkNamespaces(spec.annotations, "Annotation");
  const template = spec.template;
  if (!template) throw invalidArgument("service.template is required.");
  checkNamespaces(template.labels, "Label");
  checkNamespaces(template.annotations, "Annotation");
  const containers = template.containers ?? [];
  if (containers.length === 0)
    throw invalidArgument("service.template.containers: at least one container is required.");
  for (const [i, c] of containers.entries()) {
    if (!c.image) throw invalidArgument(`service.template.containers[${i}].image is required.`);
  }
  return template;
}

/**
 * Fills the defaults Cloud Run reports back for fields left empty (a documented subset):
 * ingress ALL, launch stage GA, 300 s timeout, concurrency 80, max 100 instances, an http1 port
 * 8080 and 1 CPU / 512 MiB limits per container.
 */
export function applyDefaults(spec: ServiceSpec): ServiceSpec {
  const out = deepCopy(spec);
  out.ingress ??= "INGRESS_TRAFFIC_ALL";
  out.launchStage ??= "GA";
  const t = out.template;
  if (t) {
    t.timeout ??= { seconds: "300" };
    t.maxInstanceRequestConcurrency ??= 80;
    t.scaling = { ...t.scaling, maxInstanceCount: t.scaling?.maxInstanceCount ?? 100 };
    for (const c of t.containers ?? []) {
      c.ports ??= [{ name: "http1", containerPort: 8080 }];
      if (!c.resources) c.resources = { limits: { cpu: "1000m", memory: "512Mi" }, cpuIdle: true };
      else c.resources.limits = { cpu: "1000m", memory: "512Mi", ...c.resources.limits };
    }
  }
  return out;
}

/** The template without its `revision` name, as a canonical string: equal strings mean equal configuration. */
export function templateKey(template: RevisionTemplate): string {
  const { revision: _name, ...rest } = template;
  return canonicalJson(rest);
}

export function specKey(spec: ServiceSpec): string {
  return canonicalJson(spec);
}
