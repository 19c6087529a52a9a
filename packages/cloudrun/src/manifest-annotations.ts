/**
 * The Knative (Cloud Run v1) annotation table: every system annotation key a `service.yaml` may
 * carry and what it becomes in the v2 Service. The v2 API rejects
 * annotations in the `run.googleapis.com`, `cloud.googleapis.com`, `serving.knative.dev` and
 * `autoscaling.knative.dev` namespaces, so each key here is either
 * - `field`: translated into its typed v2 field and removed from the annotations;
 * - `output`: output-only or tool noise; dropped with a warning;
 * - `unsupported`: no v2 equivalent exists; an error that names the key.
 * A reserved-namespace key that is not in the table is an error as well (see manifest-knative.ts).
 *
 * Error texts never quote annotation values except short enum/integer/boolean values. The value
 * parsers and rule builders the table uses are in manifest-annotation-values.ts.
 */
import {
  type AnnotationRule,
  bool,
  choice,
  containerByName,
  field,
  forEachContainer,
  int,
  isRecord,
  isStringArray,
  json,
  output,
  unsupported,
} from "./manifest-annotation-values.js";
import type { NetworkInterface } from "./model.js";

export type { AnnotationApply, AnnotationLevel, AnnotationRule } from "./manifest-annotation-values.js";

const LAUNCH_STAGES = {
  alpha: "ALPHA",
  beta: "BETA",
  ga: "GA",
  early_access: "EARLY_ACCESS",
  prelaunch: "PRELAUNCH",
  deprecated: "DEPRECATED",
  unimplemented: "UNIMPLEMENTED",
} as const;

/** A service annotation (`run.googleapis.com/<name>`) copied as is into one string field of buildConfig. */
function buildString(
  name: string,
  fieldName: "functionTarget" | "imageUri" | "sourceLocation" | "serviceAccount" | "workerPool" | "baseImage",
): AnnotationRule {
  return field(`run.googleapis.com/${name}`, "service", `buildConfig.${fieldName}`, (ctx) => {
    ctx.service.buildConfig = { ...ctx.service.buildConfig, [fieldName]: ctx.value };
  });
}

const SERVICE_RULES: AnnotationRule[] = [
  field("run.googleapis.com/ingress", "service", "ingress", (ctx) => {
    const v = choice(ctx, {
      all: "INGRESS_TRAFFIC_ALL",
      internal: "INGRESS_TRAFFIC_INTERNAL_ONLY",
      "internal-and-cloud-load-balancing": "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER",
    } as const);
    if (v) ctx.service.ingress = v;
  }),
  output("run.googleapis.com/ingress-status", "service", "ingress (as returned by the API)"),
  field("run.googleapis.com/launch-stage", "service", "launchStage", (ctx) => {
    const v = choice(ctx, LAUNCH_STAGES, true);
    if (v) ctx.service.launchStage = v;
  }),
  field("run.googleapis.com/description", "service", "description", (ctx) => {
    ctx.service.description = ctx.value;
  }),
  field("run.googleapis.com/binary-authorization", "service", "binaryAuthorization.useDefault | .policy", (ctx) => {
    const v = ctx.value.trim();
    const current = ctx.service.binaryAuthorization ?? {};
    if (v === "") ctx.fail(`annotation ${ctx.key} must be "default" or a policy name`);
    else if (v === "default") ctx.service.binaryAuthorization = { ...current, useDefault: true };
    else ctx.service.binaryAuthorization = { ...current, policy: v };
  }),
  field(
    "run.googleapis.com/binary-authorization-breakglass",
    "service",
    "binaryAuthorization.breakglassJustification",
    (ctx) => {
      ctx.service.binaryAuthorization = { ...ctx.service.binaryAuthorization, breakglassJustification: ctx.value };
    },
  ),
  field("run.googleapis.com/custom-audiences", "service", "customAudiences", (ctx) => {
    const v = json(ctx);
    if (v === undefined) return;
    if (!isStringArray(v)) ctx.fail(`annotation ${ctx.key} must be a JSON list of strings`);
    else ctx.service.customAudiences = v;
  }),
  field("run.googleapis.com/default-url-disabled", "service", "defaultUriDisabled", (ctx) => {
    const v = bool(ctx);
    if (v !== undefined) ctx.service.defaultUriDisabled = v;
  }),
  field("run.googleapis.com/invoker-iam-disabled", "service", "invokerIamDisabled", (ctx) => {
    const v = bool(ctx);
    if (v !== undefined) ctx.service.invokerIamDisabled = v;
  }),
  field("run.googleapis.com/minScale", "service", "scaling.minInstanceCount", (ctx) => {
    const v = int(ctx);
    if (v !== undefined) ctx.service.scaling = { ...ctx.service.scaling, minInstanceCount: v };
  }),
  field("run.googleapis.com/maxScale", "service", "scaling.maxInstanceCount", (ctx) => {
    const v = int(ctx);
    if (v !== undefined) ctx.service.scaling = { ...ctx.service.scaling, maxInstanceCount: v };
  }),
  field("run.googleapis.com/scalingMode", "service", "scaling.scalingMode", (ctx) => {
    const v = choice(ctx, { automatic: "AUTOMATIC", manual: "MANUAL" } as const, true);
    if (v) ctx.service.scaling = { ...ctx.service.scaling, scalingMode: v };
  }),
  field("run.googleapis.com/manualInstanceCount", "service", "scaling.manualInstanceCount", (ctx) => {
    const v = int(ctx);
    if (v !== undefined) ctx.service.scaling = { ...ctx.service.scaling, manualInstanceCount: v };
  }),
  field("run.googleapis.com/client-name", "service", "client", (ctx) => {
    ctx.service.client = ctx.value;
  }),
  field("run.googleapis.com/client-version", "service", "clientVersion", (ctx) => {
    ctx.service.clientVersion = ctx.value;
  }),
  unsupported("run.googleapis.com/gc-traffic-tags", "service", "no v2 field"),
  field("run.googleapis.com/base-images", "service", "template.containers[].baseImageUri", (ctx) => {
    const v = json(ctx);
    if (v === undefined) return;
    if (!isRecord(v) || !Object.values(v).every((x) => typeof x === "string")) {
      ctx.fail(`annotation ${ctx.key} must be a JSON object mapping container names to base image URIs`);
      return;
    }
    for (const [name, uri] of Object.entries(v)) {
      const c = containerByName(ctx, name);
      if (c) c.baseImageUri = uri as string;
    }
  }),
  buildString("build-function-target", "functionTarget"),
  buildString("function-target", "functionTarget"),
  buildString("build-image-uri", "imageUri"),
  buildString("build-source-location", "sourceLocation"),
  buildString("build-service-account", "serviceAccount"),
  buildString("build-worker-pool", "workerPool"),
  buildString("build-base-image", "baseImage"),
  field("run.googleapis.com/build-environment-variables", "service", "buildConfig.environmentVariables", (ctx) => {
    const v = json(ctx);
    if (v === undefined) return;
    if (!isRecord(v) || !Object.values(v).every((x) => typeof x === "string")) {
      ctx.fail(`annotation ${ctx.key} must be a JSON object of string values`);
      return;
    }
    ctx.service.buildConfig = { ...ctx.service.buildConfig, environmentVariables: v as Record<string, string> };
  }),
  field("run.googleapis.com/build-enable-automatic-updates", "service", "buildConfig.enableAutomaticUpdates", (ctx) => {
    const v = bool(ctx);
    if (v !== undefined) ctx.service.buildConfig = { ...ctx.service.buildConfig, enableAutomaticUpdates: v };
  }),
  output("run.googleapis.com/build-id", "service", "buildConfig.name (output only)"),
  output("run.googleapis.com/build-name", "service", "buildConfig.name (output only)"),
  field("run.googleapis.com/iap-enabled", "service", "iapEnabled", (ctx) => {
    const v = bool(ctx);
    if (v !== undefined) ctx.service.iapEnabled = v;
  }),
  output("serving.knative.dev/creator", "any", "creator (output only)"),
  output("serving.knative.dev/lastModifier", "any", "lastModifier (output only)"),
  output("run.googleapis.com/operation-id", "any", "none (output only)"),
  output("run.googleapis.com/urls", "any", "urls (output only)"),
  output("run.googleapis.com/satisfiesPzs", "any", "satisfiesPzs (output only)"),
  output("client.knative.dev/user-image", "any", "none (gcloud bookkeeping)"),
  output("client.knative.dev/nonce", "any", "none (gcloud bookkeeping)"),
];

const SECRET_PATH = /^projects\/[^/]+\/secrets\/[^/]+$/;

const REVISION_RULES: AnnotationRule[] = [
  field("autoscaling.knative.dev/minScale", "revision", "template.scaling.minInstanceCount", (ctx) => {
    const v = int(ctx);
    if (v !== undefined) ctx.service.template.scaling = { ...ctx.service.template.scaling, minInstanceCount: v };
  }),
  field("autoscaling.knative.dev/maxScale", "revision", "template.scaling.maxInstanceCount", (ctx) => {
    const v = int(ctx);
    if (v !== undefined) ctx.service.template.scaling = { ...ctx.service.template.scaling, maxInstanceCount: v };
  }),
  field("run.googleapis.com/cpu-throttling", "revision", "template.containers[].resources.cpuIdle", (ctx) => {
    const v = bool(ctx);
    if (v !== undefined) forEachContainer(ctx, (c) => (c.resources = { ...c.resources, cpuIdle: v }));
  }),
  field(
    "run.googleapis.com/startup-cpu-boost",
    "revision",
    "template.containers[].resources.startupCpuBoost",
    (ctx) => {
      const v = bool(ctx);
      if (v !== undefined) forEachContainer(ctx, (c) => (c.resources = { ...c.resources, startupCpuBoost: v }));
    },
  ),
  field("run.googleapis.com/execution-environment", "revision", "template.executionEnvironment", (ctx) => {
    const v = choice(ctx, { gen1: "EXECUTION_ENVIRONMENT_GEN1", gen2: "EXECUTION_ENVIRONMENT_GEN2" } as const, true);
    if (v) ctx.service.template.executionEnvironment = v;
  }),
  field("run.googleapis.com/vpc-access-connector", "revision", "template.vpcAccess.connector", (ctx) => {
    ctx.service.template.vpcAccess = { ...ctx.service.template.vpcAccess, connector: ctx.value };
  }),
  field("run.googleapis.com/vpc-access-egress", "revision", "template.vpcAccess.egress", (ctx) => {
    const v = choice(
      ctx,
      { "all-traffic": "ALL_TRAFFIC", all: "ALL_TRAFFIC", "private-ranges-only": "PRIVATE_RANGES_ONLY" } as const,
      true,
    );
    if (ctx.value.trim().toLowerCase() === "all")
      ctx.warn(`annotation ${ctx.key}: "all" is deprecated; use "all-traffic"`);
    if (v) ctx.service.template.vpcAccess = { ...ctx.service.template.vpcAccess, egress: v };
  }),
  field("run.googleapis.com/network-interfaces", "revision", "template.vpcAccess.networkInterfaces", (ctx) => {
    const v = json(ctx);
    if (v === undefined) return;
    const ok =
      Array.isArray(v) &&
      v.every(
        (x) =>
          isRecord(x) &&
          Object.keys(x).every((k) => k === "network" || k === "subnetwork" || k === "tags") &&
          (x.network === undefined || typeof x.network === "string") &&
          (x.subnetwork === undefined || typeof x.subnetwork === "string") &&
          (x.tags === undefined || isStringArray(x.tags)),
      );
    if (!ok) {
      ctx.fail(`annotation ${ctx.key} must be a JSON list of {network, subnetwork, tags} objects`);
      return;
    }
    const interfaces = (v as Record<string, unknown>[]).map((x) => {
      const ni: NetworkInterface = {};
      if (typeof x.network === "string") ni.network = x.network;
      if (typeof x.subnetwork === "string") ni.subnetwork = x.subnetwork;
      if (isStringArray(x.tags)) ni.tags = x.tags;
      return ni;
    });
    ctx.service.template.vpcAccess = { ...ctx.service.template.vpcAccess, networkInterfaces: interfaces };
  }),
  field(
    "run.googleapis.com/cloudsql-instances",
    "revision",
    'template.volumes[{name: "cloudsql", cloudSqlInstance}] + volumeMounts at /cloudsql',
    (ctx) => {
      const instances = ctx.value
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s !== "");
      if (instances.length === 0) return;
      const bad = instances.filter((i) => !/^[^:\s]+:[^:\s]+:[^:\s]+$/.test(i));
      if (bad.length > 0) {
        ctx.fail(`annotation ${ctx.key} must list connection names as project:region:instance, separated by commas`);
        return;
      }
      const t = ctx.service.template;
      if ((t.volumes ?? []).some((v) => v.name === "cloudsql")) {
        ctx.fail(`annotation ${ctx.key} needs a volume named "cloudsql", but the template already defines one`);
        return;
      }
      if (t.containers.some((c) => (c.volumeMounts ?? []).some((m) => m.mountPath === "/cloudsql"))) {
        ctx.fail(`annotation ${ctx.key} mounts Cloud SQL at /cloudsql, but a container already mounts something there`);
        return;
      }
      t.volumes = [...(t.volumes ?? []), { name: "cloudsql", cloudSqlInstance: { instances } }];
      for (const c of t.containers)
        c.volumeMounts = [...(c.volumeMounts ?? []), { name: "cloudsql", mountPath: "/cloudsql" }];
    },
  ),
  field(
    "run.googleapis.com/secrets",
    "revision",
    "secretKeyRef.secret / volumes[].secret.secret (aliases resolved to full paths)",
    (ctx) => {
      const aliases = new Map<string, string>();
      for (const part of ctx.value.split(",")) {
        const item = part.trim();
        if (item === "") continue;
        const colon = item.indexOf(":");
        const alias = colon > 0 ? item.slice(0, colon).trim() : "";
        const path = colon > 0 ? item.slice(colon + 1).trim() : "";
        if (alias === "" || !SECRET_PATH.test(path)) {
          ctx.fail(`annotation ${ctx.key} must be a comma-separated list of alias:projects/PROJECT/secrets/SECRET`);
          return;
        }
        aliases.set(alias, path);
      }
      const used = new Set<string>();
      const t = ctx.service.template;
      for (const c of t.containers) {
        for (const e of c.env ?? []) {
          const ref = e.valueSource?.secretKeyRef;
          const target = ref ? aliases.get(ref.secret) : undefined;
          if (ref && target) {
            used.add(ref.secret);
            ref.secret = target;
          }
        }
      }
      for (const v of t.volumes ?? []) {
        const target = v.secret ? aliases.get(v.secret.secret) : undefined;
        if (v.secret && target) {
          used.add(v.secret.secret);
          v.secret.secret = target;
        }
      }
      for (const alias of aliases.keys())
        if (!used.has(alias)) ctx.warn(`annotation ${ctx.key}: alias "${alias}" is not used by any env var or volume`);
    },
  ),
  field("run.googleapis.com/encryption-key", "revision", "template.encryptionKey", (ctx) => {
    ctx.service.template.encryptionKey = ctx.value;
  }),
  field(
    "run.googleapis.com/post-key-revocation-action-type",
    "revision",
    "template.encryptionKeyRevocationAction",
    (ctx) => {
      const v = choice(ctx, { "prevent-new": "PREVENT_NEW", "shut-down": "SHUTDOWN" } as const, true);
      if (v) ctx.service.template.encryptionKeyRevocationAction = v;
    },
  ),
  field(
    "run.googleapis.com/encryption-key-shutdown-hours",
    "revision",
    "template.encryptionKeyShutdownDuration (seconds = hours × 3600)",
    (ctx) => {
      const v = int(ctx);
      if (v !== undefined) ctx.service.template.encryptionKeyShutdownDuration = v * 3600;
    },
  ),
  field("run.googleapis.com/sessionAffinity", "revision", "template.sessionAffinity", (ctx) => {
    const v = bool(ctx);
    if (v !== undefined) ctx.service.template.sessionAffinity = v;
  }),
  field("run.googleapis.com/container-dependencies", "revision", "template.containers[].dependsOn", (ctx) => {
    const v = json(ctx);
    if (v === undefined) return;
    if (!isRecord(v) || !Object.values(v).every(isStringArray)) {
      ctx.fail(`annotation ${ctx.key} must be a JSON object mapping container names to lists of container names`);
      return;
    }
    for (const [name, deps] of Object.entries(v)) {
      const c = containerByName(ctx, name);
      for (const d of deps as string[]) containerByName(ctx, d);
      if (c) c.dependsOn = deps as string[];
    }
  }),
  field("run.googleapis.com/health-check-disabled", "revision", "template.healthCheckDisabled", (ctx) => {
    const v = bool(ctx);
    if (v !== undefined) ctx.service.template.healthCheckDisabled = v;
  }),
  field(
    "run.googleapis.com/gpu-zonal-redundancy-disabled",
    "revision",
    "template.gpuZonalRedundancyDisabled",
    (ctx) => {
      const v = bool(ctx);
      if (v !== undefined) ctx.service.template.gpuZonalRedundancyDisabled = v;
    },
  ),
  unsupported("run.googleapis.com/secure-session-agent", "revision", "no v2 field"),
];

/** Every annotation the converter knows, service level first. */
export const ANNOTATION_RULES: readonly AnnotationRule[] = [...SERVICE_RULES, ...REVISION_RULES];

const BY_KEY = new Map(ANNOTATION_RULES.map((r) => [r.key, r]));

export function annotationRule(key: string): AnnotationRule | undefined {
  return BY_KEY.get(key);
}

/** Labels with a system meaning in Knative YAML. */
export const LOCATION_LABEL = "cloud.googleapis.com/location";
/** Output-only template label that `gcloud … --format export` may emit; dropped. */
export const OUTPUT_TEMPLATE_LABELS: readonly string[] = ["run.googleapis.com/startupProbeType"];
