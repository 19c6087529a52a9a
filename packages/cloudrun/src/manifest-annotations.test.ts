/**
 * One Knative YAML per row of the annotation mapping table, plus the rows
 * this converter adds. Every key in ANNOTATION_RULES must appear in the table below.
 */
import { describe, expect, it } from "vitest";
import { parseServiceManifest } from "./manifest.js";
import { ANNOTATION_RULES } from "./manifest-annotations.js";
import type { Service } from "./model.js";

type Level = "service" | "revision";

function knative(level: Level, annotations: Record<string, string>): string {
  const lines = (indent: string) =>
    Object.entries(annotations)
      .map(([k, v]) => `${indent}${k}: ${JSON.stringify(v)}`)
      .join("\n");
  return [
    "apiVersion: serving.knative.dev/v1",
    "kind: Service",
    "metadata:",
    "  name: hello",
    ...(level === "service" ? ["  annotations:", lines("    ")] : []),
    "spec:",
    "  template:",
    ...(level === "revision" ? ["    metadata:", "      annotations:", lines("        ")] : []),
    "    spec:",
    "      containers:",
    "        - name: app",
    "          image: gcr.io/p/app:v1",
    "          ports: [{containerPort: 8080}]",
    "          env:",
    "            - name: DB_PASSWORD",
    "              valueFrom: {secretKeyRef: {name: db-pass, key: latest}}",
    "        - name: sidecar",
    "          image: gcr.io/p/sidecar:v1",
    "      volumes:",
    "        - name: creds",
    "          secret: {secretName: db-pass}",
  ].join("\n");
}

type DeepPartial<T> = T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

interface Row {
  name: string;
  level: Level;
  key: string;
  value: string;
  /** Expected subset of the converted service. */
  want?: DeepPartial<Service>;
  /** Expected warning text (substring). */
  warning?: string;
  /** Expected error text (substring); the error must point at the annotation's line. */
  error?: string;
}

const containers = (a: object, b: object = a) => ({ template: { containers: [a, b] } }) as DeepPartial<Service>;

const rows: Row[] = [
  // ---- service level (metadata.annotations) ----
  {
    name: "ingress all",
    level: "service",
    key: "run.googleapis.com/ingress",
    value: "all",
    want: { ingress: "INGRESS_TRAFFIC_ALL" },
  },
  {
    name: "ingress internal",
    level: "service",
    key: "run.googleapis.com/ingress",
    value: "internal",
    want: { ingress: "INGRESS_TRAFFIC_INTERNAL_ONLY" },
  },
  {
    name: "ingress internal-and-cloud-load-balancing",
    level: "service",
    key: "run.googleapis.com/ingress",
    value: "internal-and-cloud-load-balancing",
    want: { ingress: "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER" },
  },
  {
    name: "ingress invalid",
    level: "service",
    key: "run.googleapis.com/ingress",
    value: "public",
    error: "must be one of all, internal, internal-and-cloud-load-balancing",
  },
  {
    name: "ingress-status (output)",
    level: "service",
    key: "run.googleapis.com/ingress-status",
    value: "all",
    warning: "dropped output-only annotation run.googleapis.com/ingress-status",
  },
  {
    name: "launch-stage",
    level: "service",
    key: "run.googleapis.com/launch-stage",
    value: "BETA",
    want: { launchStage: "BETA" },
  },
  {
    name: "launch-stage invalid",
    level: "service",
    key: "run.googleapis.com/launch-stage",
    value: "GAMMA",
    error: "must be one of alpha, beta, ga",
  },
  {
    name: "description",
    level: "service",
    key: "run.googleapis.com/description",
    value: "My service",
    want: { description: "My service" },
  },
  {
    name: "binary-authorization default",
    level: "service",
    key: "run.googleapis.com/binary-authorization",
    value: "default",
    want: { binaryAuthorization: { useDefault: true } },
  },
  {
    name: "binary-authorization policy",
    level: "service",
    key: "run.googleapis.com/binary-authorization",
    value: "projects/p/platforms/cloudRun/policies/strict",
    want: { binaryAuthorization: { policy: "projects/p/platforms/cloudRun/policies/strict" } },
  },
  {
    name: "binary-authorization-breakglass",
    level: "service",
    key: "run.googleapis.com/binary-authorization-breakglass",
    value: "incident 42",
    want: { binaryAuthorization: { breakglassJustification: "incident 42" } },
  },
  {
    name: "custom-audiences",
    level: "service",
    key: "run.googleapis.com/custom-audiences",
    value: '["https://a.example.com","aud-2"]',
    want: { customAudiences: ["https://a.example.com", "aud-2"] },
  },
  {
    name: "custom-audiences not JSON",
    level: "service",
    key: "run.googleapis.com/custom-audiences",
    value: "[a, b",
    error: "must hold valid JSON",
  },
  {
    name: "custom-audiences wrong JSON",
    level: "service",
    key: "run.googleapis.com/custom-audiences",
    value: '{"a":1}',
    error: "must be a JSON list of strings",
  },
  {
    name: "default-url-disabled",
    level: "service",
    key: "run.googleapis.com/default-url-disabled",
    value: "true",
    want: { defaultUriDisabled: true },
  },
  {
    name: "invoker-iam-disabled",
    level: "service",
    key: "run.googleapis.com/invoker-iam-disabled",
    value: "true",
    want: { invokerIamDisabled: true },
  },
  {
    name: "invoker-iam-disabled not a bool",
    level: "service",
    key: "run.googleapis.com/invoker-iam-disabled",
    value: "yes",
    error: 'must be "true" or "false" (found "yes")',
  },
  {
    name: "service minScale",
    level: "service",
    key: "run.googleapis.com/minScale",
    value: "3",
    want: { scaling: { minInstanceCount: 3 } },
  },
  {
    name: "service minScale negative",
    level: "service",
    key: "run.googleapis.com/minScale",
    value: "-1",
    error: "must be an integer from 0 to",
  },
  {
    name: "service maxScale",
    level: "service",
    key: "run.googleapis.com/maxScale",
    value: "7",
    want: { scaling: { maxInstanceCount: 7 } },
  },
  {
    name: "scalingMode",
    level: "service",
    key: "run.googleapis.com/scalingMode",
    value: "manual",
    want: { scaling: { scalingMode: "MANUAL" } },
  },
  {
    name: "manualInstanceCount",
    level: "service",
    key: "run.googleapis.com/manualInstanceCount",
    value: "4",
    want: { scaling: { manualInstanceCount: 4 } },
  },
  {
    name: "client-name",
    level: "service",
    key: "run.googleapis.com/client-name",
    value: "gcloud",
    want: { client: "gcloud" },
  },
  {
    name: "client-version",
    level: "service",
    key: "run.googleapis.com/client-version",
    value: "500.0.0",
    want: { clientVersion: "500.0.0" },
  },
  {
    name: "gc-traffic-tags (no v2 field)",
    level: "service",
    key: "run.googleapis.com/gc-traffic-tags",
    value: "true",
    error: "has no Cloud Run v2 equivalent",
  },
  {
    name: "base-images",
    level: "service",
    key: "run.googleapis.com/base-images",
    value: '{"app":"us-central1-docker.pkg.dev/serverless-runtimes/google-22/runtimes/nodejs22"}',
    want: containers(
      { baseImageUri: "us-central1-docker.pkg.dev/serverless-runtimes/google-22/runtimes/nodejs22" },
      {},
    ),
  },
  {
    name: "base-images unknown container",
    level: "service",
    key: "run.googleapis.com/base-images",
    value: '{"nope":"x"}',
    error: 'refers to container "nope"',
  },
  {
    name: "build-function-target",
    level: "service",
    key: "run.googleapis.com/build-function-target",
    value: "handler",
    want: { buildConfig: { functionTarget: "handler" } },
  },
  {
    name: "function-target",
    level: "service",
    key: "run.googleapis.com/function-target",
    value: "handler",
    want: { buildConfig: { functionTarget: "handler" } },
  },
  {
    name: "build-image-uri",
    level: "service",
    key: "run.googleapis.com/build-image-uri",
    value: "gcr.io/p/built",
    want: { buildConfig: { imageUri: "gcr.io/p/built" } },
  },
  {
    name: "build-source-location",
    level: "service",
    key: "run.googleapis.com/build-source-location",
    value: "gs://b/src.zip",
    want: { buildConfig: { sourceLocation: "gs://b/src.zip" } },
  },
  {
    name: "build-service-account",
    level: "service",
    key: "run.googleapis.com/build-service-account",
    value: "b@p.iam.gserviceaccount.com",
    want: { buildConfig: { serviceAccount: "b@p.iam.gserviceaccount.com" } },
  },
  {
    name: "build-worker-pool",
    level: "service",
    key: "run.googleapis.com/build-worker-pool",
    value: "projects/p/locations/l/workerPools/w",
    want: { buildConfig: { workerPool: "projects/p/locations/l/workerPools/w" } },
  },
  {
    name: "build-base-image",
    level: "service",
    key: "run.googleapis.com/build-base-image",
    value: "nodejs22",
    want: { buildConfig: { baseImage: "nodejs22" } },
  },
  {
    name: "build-environment-variables",
    level: "service",
    key: "run.googleapis.com/build-environment-variables",
    value: '{"GOOGLE_NODE_RUN_SCRIPTS":""}',
    want: { buildConfig: { environmentVariables: { GOOGLE_NODE_RUN_SCRIPTS: "" } } },
  },
  {
    name: "build-enable-automatic-updates",
    level: "service",
    key: "run.googleapis.com/build-enable-automatic-updates",
    value: "true",
    want: { buildConfig: { enableAutomaticUpdates: true } },
  },
  {
    name: "build-id (output)",
    level: "service",
    key: "run.googleapis.com/build-id",
    value: "abc",
    warning: "dropped output-only annotation run.googleapis.com/build-id",
  },
  {
    name: "build-name (output)",
    level: "service",
    key: "run.googleapis.com/build-name",
    value: "projects/p/locations/l/builds/b",
    warning: "dropped output-only annotation run.googleapis.com/build-name",
  },
  {
    name: "iap-enabled",
    level: "service",
    key: "run.googleapis.com/iap-enabled",
    value: "true",
    want: { iapEnabled: true },
  },
  {
    name: "creator (output)",
    level: "service",
    key: "serving.knative.dev/creator",
    value: "a@b.c",
    warning: "dropped output-only annotation serving.knative.dev/creator",
  },
  {
    name: "lastModifier (output)",
    level: "service",
    key: "serving.knative.dev/lastModifier",
    value: "a@b.c",
    warning: "dropped output-only annotation serving.knative.dev/lastModifier",
  },
  {
    name: "operation-id (output)",
    level: "service",
    key: "run.googleapis.com/operation-id",
    value: "x",
    warning: "dropped output-only annotation run.googleapis.com/operation-id",
  },
  {
    name: "urls (output)",
    level: "service",
    key: "run.googleapis.com/urls",
    value: '["https://x"]',
    warning: "dropped output-only annotation run.googleapis.com/urls",
  },
  {
    name: "satisfiesPzs (output)",
    level: "service",
    key: "run.googleapis.com/satisfiesPzs",
    value: "true",
    warning: "dropped output-only annotation run.googleapis.com/satisfiesPzs",
  },
  {
    name: "user-image (noise)",
    level: "service",
    key: "client.knative.dev/user-image",
    value: "gcr.io/p/app:v1",
    warning: "dropped output-only annotation client.knative.dev/user-image",
  },
  {
    name: "nonce (noise)",
    level: "revision",
    key: "client.knative.dev/nonce",
    value: "xyz",
    warning: "dropped output-only annotation client.knative.dev/nonce",
  },

  // ---- revision level (spec.template.metadata.annotations) ----
  {
    name: "minScale",
    level: "revision",
    key: "autoscaling.knative.dev/minScale",
    value: "1",
    want: { template: { scaling: { minInstanceCount: 1 } } },
  },
  {
    name: "maxScale",
    level: "revision",
    key: "autoscaling.knative.dev/maxScale",
    value: "20",
    want: { template: { scaling: { maxInstanceCount: 20 } } },
  },
  {
    name: "maxScale not an integer",
    level: "revision",
    key: "autoscaling.knative.dev/maxScale",
    value: "ten",
    error: 'must be an integer from 0 to 2147483647 (found "ten")',
  },
  {
    name: "cpu-throttling true",
    level: "revision",
    key: "run.googleapis.com/cpu-throttling",
    value: "true",
    want: containers({ resources: { cpuIdle: true } }),
  },
  {
    name: "cpu-throttling false",
    level: "revision",
    key: "run.googleapis.com/cpu-throttling",
    value: "false",
    want: containers({ resources: { cpuIdle: false } }),
  },
  {
    name: "startup-cpu-boost",
    level: "revision",
    key: "run.googleapis.com/startup-cpu-boost",
    value: "true",
    want: containers({ resources: { startupCpuBoost: true } }),
  },
  {
    name: "execution-environment gen1",
    level: "revision",
    key: "run.googleapis.com/execution-environment",
    value: "gen1",
    want: { template: { executionEnvironment: "EXECUTION_ENVIRONMENT_GEN1" } },
  },
  {
    name: "execution-environment gen2",
    level: "revision",
    key: "run.googleapis.com/execution-environment",
    value: "gen2",
    want: { template: { executionEnvironment: "EXECUTION_ENVIRONMENT_GEN2" } },
  },
  {
    name: "vpc-access-connector",
    level: "revision",
    key: "run.googleapis.com/vpc-access-connector",
    value: "projects/p/locations/l/connectors/c",
    want: { template: { vpcAccess: { connector: "projects/p/locations/l/connectors/c" } } },
  },
  {
    name: "vpc-access-egress all-traffic",
    level: "revision",
    key: "run.googleapis.com/vpc-access-egress",
    value: "all-traffic",
    want: { template: { vpcAccess: { egress: "ALL_TRAFFIC" } } },
  },
  {
    name: "vpc-access-egress all (deprecated)",
    level: "revision",
    key: "run.googleapis.com/vpc-access-egress",
    value: "all",
    want: { template: { vpcAccess: { egress: "ALL_TRAFFIC" } } },
    warning: '"all" is deprecated',
  },
  {
    name: "vpc-access-egress private-ranges-only",
    level: "revision",
    key: "run.googleapis.com/vpc-access-egress",
    value: "private-ranges-only",
    want: { template: { vpcAccess: { egress: "PRIVATE_RANGES_ONLY" } } },
  },
  {
    name: "network-interfaces",
    level: "revision",
    key: "run.googleapis.com/network-interfaces",
    value: '[{"network":"default","subnetwork":"sub","tags":["a","b"]}]',
    want: {
      template: { vpcAccess: { networkInterfaces: [{ network: "default", subnetwork: "sub", tags: ["a", "b"] }] } },
    },
  },
  {
    name: "network-interfaces bad shape",
    level: "revision",
    key: "run.googleapis.com/network-interfaces",
    value: '[{"net":"x"}]',
    error: "must be a JSON list of {network, subnetwork, tags} objects",
  },
  {
    name: "cloudsql-instances",
    level: "revision",
    key: "run.googleapis.com/cloudsql-instances",
    value: "p:us-central1:db1, p:us-central1:db2",
    want: {
      template: {
        volumes: [
          { name: "creds" },
          { name: "cloudsql", cloudSqlInstance: { instances: ["p:us-central1:db1", "p:us-central1:db2"] } },
        ],
        containers: [
          { volumeMounts: [{ name: "cloudsql", mountPath: "/cloudsql" }] },
          { volumeMounts: [{ name: "cloudsql", mountPath: "/cloudsql" }] },
        ],
      },
    },
  },
  {
    name: "cloudsql-instances bad name",
    level: "revision",
    key: "run.googleapis.com/cloudsql-instances",
    value: "db1",
    error: "project:region:instance",
  },
  {
    name: "secrets",
    level: "revision",
    key: "run.googleapis.com/secrets",
    value: "db-pass:projects/123/secrets/db-password",
    want: {
      template: {
        containers: [
          {
            env: [
              {
                name: "DB_PASSWORD",
                valueSource: { secretKeyRef: { secret: "projects/123/secrets/db-password", version: "latest" } },
              },
            ],
          },
          {},
        ],
        volumes: [{ name: "creds", secret: { secret: "projects/123/secrets/db-password" } }],
      },
    },
  },
  {
    name: "secrets bad format",
    level: "revision",
    key: "run.googleapis.com/secrets",
    value: "db-pass=foo",
    error: "alias:projects/PROJECT/secrets/SECRET",
  },
  {
    name: "encryption-key",
    level: "revision",
    key: "run.googleapis.com/encryption-key",
    value: "projects/p/locations/l/keyRings/r/cryptoKeys/k",
    want: { template: { encryptionKey: "projects/p/locations/l/keyRings/r/cryptoKeys/k" } },
  },
  {
    name: "post-key-revocation-action-type prevent-new",
    level: "revision",
    key: "run.googleapis.com/post-key-revocation-action-type",
    value: "prevent-new",
    want: { template: { encryptionKeyRevocationAction: "PREVENT_NEW" } },
  },
  {
    name: "post-key-revocation-action-type shut-down",
    level: "revision",
    key: "run.googleapis.com/post-key-revocation-action-type",
    value: "shut-down",
    want: { template: { encryptionKeyRevocationAction: "SHUTDOWN" } },
  },
  {
    name: "encryption-key-shutdown-hours",
    level: "revision",
    key: "run.googleapis.com/encryption-key-shutdown-hours",
    value: "2",
    want: { template: { encryptionKeyShutdownDuration: 7200 } },
  },
  {
    name: "sessionAffinity",
    level: "revision",
    key: "run.googleapis.com/sessionAffinity",
    value: "true",
    want: { template: { sessionAffinity: true } },
  },
  {
    name: "container-dependencies",
    level: "revision",
    key: "run.googleapis.com/container-dependencies",
    value: '{"app":["sidecar"]}',
    want: containers({ name: "app", dependsOn: ["sidecar"] }, { name: "sidecar" }),
  },
  {
    name: "container-dependencies unknown container",
    level: "revision",
    key: "run.googleapis.com/container-dependencies",
    value: '{"app":["db"]}',
    error: 'refers to container "db"',
  },
  {
    name: "health-check-disabled",
    level: "revision",
    key: "run.googleapis.com/health-check-disabled",
    value: "true",
    want: { template: { healthCheckDisabled: true } },
  },
  {
    name: "gpu-zonal-redundancy-disabled",
    level: "revision",
    key: "run.googleapis.com/gpu-zonal-redundancy-disabled",
    value: "false",
    want: { template: { gpuZonalRedundancyDisabled: false } },
  },
  {
    name: "secure-session-agent (no v2 field)",
    level: "revision",
    key: "run.googleapis.com/secure-session-agent",
    value: "true",
    error: "has no Cloud Run v2 equivalent",
  },

  // ---- placement and namespace rules ----
  {
    name: "revision annotation at service level",
    level: "service",
    key: "autoscaling.knative.dev/minScale",
    value: "1",
    error: "belongs in spec.template.metadata.annotations",
  },
  {
    name: "service annotation at revision level",
    level: "revision",
    key: "run.googleapis.com/ingress",
    value: "all",
    error: "belongs in metadata.annotations",
  },
  {
    name: "unknown key in a reserved namespace",
    level: "revision",
    key: "run.googleapis.com/scaling-cpu-target",
    value: "0.6",
    error: "cannot be mapped to a Cloud Run v2 field",
  },
  {
    name: "unknown key in a reserved subdomain",
    level: "service",
    key: "features.run.googleapis.com/x",
    value: "1",
    error: "cannot be mapped to a Cloud Run v2 field",
  },
  {
    name: "user annotation kept (service)",
    level: "service",
    key: "example.com/owner",
    value: "me",
    want: { annotations: { "example.com/owner": "me" } },
  },
  {
    name: "user annotation kept (revision)",
    level: "revision",
    key: "owner",
    value: "me",
    want: { template: { annotations: { owner: "me" } } },
  },
];

describe("Knative annotation → v2 field", () => {
  it("covers every rule of the annotation table", () => {
    const covered = new Set(rows.map((r) => r.key));
    expect(ANNOTATION_RULES.map((r) => r.key).filter((k) => !covered.has(k))).toEqual([]);
  });

  it.each(rows)("$name", ({ level, key, value, want, warning, error }) => {
    const text = knative(level, { [key]: value });
    const result = parseServiceManifest(text, { fileName: "service.yaml" });
    const keyLine = text.split("\n").findIndex((l) => l.includes(`${key}:`)) + 1;
    if (error !== undefined) {
      expect(result.ok).toBe(false);
      if (result.ok) return;
      const found = result.errors.find((e) => e.message.includes(error));
      expect(found, JSON.stringify(result.errors)).toBeDefined();
      expect(found).toMatchObject({ line: keyLine, fileName: "service.yaml" });
      expect(found?.column).toBeGreaterThan(0);
      return;
    }
    expect(result.ok, JSON.stringify(!result.ok && result.errors)).toBe(true);
    if (!result.ok) return;
    if (want) expect(result.service).toMatchObject(want);
    // The system key never survives into the v2 annotations.
    if (!want?.annotations && !want?.template?.annotations) {
      expect(result.service.annotations?.[key]).toBeUndefined();
      expect(result.service.template.annotations?.[key]).toBeUndefined();
    }
    if (warning !== undefined) {
      const found = result.warnings.find((w) => w.message.includes(warning));
      expect(found, JSON.stringify(result.warnings)).toBeDefined();
      expect(found?.line).toBe(keyLine);
    } else {
      expect(result.warnings).toEqual([]);
    }
  });

  it("defaults cpuIdle to true (v1 CPU throttling) when cpu-throttling is absent", () => {
    const result = parseServiceManifest(knative("revision", { owner: "me" }));
    expect(result.ok && result.service.template.containers.map((c) => c.resources?.cpuIdle)).toEqual([true, true]);
  });
});
