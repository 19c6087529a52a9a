/**
 * Knative `serving.knative.dev/v1` `kind: Service` (the YAML `gcloud run services replace`
 * accepts) → model Service. Containers are read in manifest-knative-container.ts, volumes and
 * traffic in manifest-knative-volumes.ts.
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
  finishImages,
  readList,
} from "./manifest-common.js";
import { readContainer } from "./manifest-knative-container.js";
import { readTraffic, readVolume } from "./manifest-knative-volumes.js";
import type { Cur, Entry, Reader } from "./manifest-yaml.js";
import { reservedNamespaceOf, type Service } from "./model.js";

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
      const volumes = readList(r, v, (item) => readVolume(r, item));
      if (volumes) t.volumes = volumes;
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

/** For documentation and tests: every annotation key the Knative converter understands. */
export const KNATIVE_ANNOTATION_KEYS: readonly string[] = ANNOTATION_RULES.map((rule) => rule.key);
