import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type ManifestIssue, type ParseManifestResult, parseServiceManifest } from "./manifest.js";
import type { Service } from "./model.js";

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), "utf8");

function ok(result: ParseManifestResult): Extract<ParseManifestResult, { ok: true }> {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.errors, null, 2)}`);
  return result;
}

function errors(result: ParseManifestResult): ManifestIssue[] {
  if (result.ok) throw new Error("expected errors, got a service");
  return result.errors;
}

/** A minimal Knative manifest; `containerExtra` lines are indented under the first container. */
function knative(
  opts: { container?: string[]; templateSpec?: string[]; spec?: string[]; metadata?: string[] } = {},
): string {
  return [
    "apiVersion: serving.knative.dev/v1",
    "kind: Service",
    "metadata:",
    "  name: hello",
    ...(opts.metadata ?? []).map((l) => `  ${l}`),
    "spec:",
    "  template:",
    "    spec:",
    ...(opts.templateSpec ?? []).map((l) => `      ${l}`),
    "      containers:",
    "        - image: gcr.io/p/app:v1",
    ...(opts.container ?? []).map((l) => `          ${l}`),
    ...(opts.spec ?? []).map((l) => `  ${l}`),
  ].join("\n");
}

describe("Knative fixture (gcloud export shape)", () => {
  const result = ok(parseServiceManifest(fixture("knative-export.yaml"), { fileName: "knative-export.yaml" }));

  it("detects the format and placement", () => {
    expect(result.format).toBe("knative");
    expect(result.project).toBe("123456789");
    expect(result.location).toBe("us-central1");
  });

  it("converts to the v2 model", () => {
    const want: Service = {
      name: "hello",
      labels: { team: "web" },
      annotations: { owner: "platform-team" },
      ingress: "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER",
      launchStage: "BETA",
      description: "The hello service",
      scaling: { minInstanceCount: 1 },
      invokerIamDisabled: true,
      template: {
        revision: "hello-v1-2-3-abcdef1",
        labels: { app: "hello" },
        annotations: { "trace-sampling": "0.5" },
        scaling: { minInstanceCount: 2, maxInstanceCount: 10 },
        executionEnvironment: "EXECUTION_ENVIRONMENT_GEN2",
        vpcAccess: { connector: "projects/p/locations/us-central1/connectors/c1", egress: "PRIVATE_RANGES_ONLY" },
        sessionAffinity: true,
        maxInstanceRequestConcurrency: 40,
        timeout: 120,
        serviceAccount: "hello@p.iam.gserviceaccount.com",
        containers: [
          {
            name: "app",
            image: "us-docker.pkg.dev/p/repo/hello:v1.2.3",
            command: ["/server"],
            args: ["--port", "8080", "--verbose"],
            workingDir: "/srv",
            ports: [{ name: "http1", containerPort: 8080 }],
            env: [
              { name: "FLAG", value: "false" },
              { name: "RATIO", value: "1.0" },
              { name: "GREETING", value: "hi there" },
              { name: "EMPTY", value: "" },
              {
                name: "DB_PASSWORD",
                valueSource: { secretKeyRef: { secret: "projects/123456789/secrets/db-password", version: "latest" } },
              },
            ],
            resources: { limits: { cpu: "2", memory: "1Gi" }, cpuIdle: false, startupCpuBoost: true },
            volumeMounts: [
              { name: "config", mountPath: "/etc/config" },
              { name: "cloudsql", mountPath: "/cloudsql" },
            ],
            startupProbe: { timeoutSeconds: 240, periodSeconds: 240, failureThreshold: 1, tcpSocket: { port: 8080 } },
            livenessProbe: {
              httpGet: { path: "/healthz", httpHeaders: [{ name: "X-Probe", value: "1" }] },
              periodSeconds: 30,
            },
          },
          {
            name: "sidecar",
            image: "docker.io/library/nginx:1.27",
            resources: { cpuIdle: false, startupCpuBoost: true },
            volumeMounts: [{ name: "cloudsql", mountPath: "/cloudsql" }],
          },
        ],
        volumes: [
          {
            name: "config",
            secret: { secret: "app-config", defaultMode: 0o440, items: [{ path: "config.json", version: "3" }] },
          },
          { name: "scratch", emptyDir: { medium: "MEMORY", sizeLimit: "64Mi" } },
          { name: "bucket", gcs: { bucket: "my-bucket", readOnly: true, mountOptions: ["implicit-dirs", "uid=1000"] } },
          { name: "cloudsql", cloudSqlInstance: { instances: ["p:us-central1:db1", "p:us-central1:db2"] } },
        ],
      },
      traffic: [
        { type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION", revision: "hello-v1-2-3-abcdef1", percent: 90 },
        { type: "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST", percent: 10, tag: "next" },
        { type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION", revision: "hello-00001-abc", percent: 0, tag: "old" },
      ],
    };
    expect(result.service).toEqual(want);
  });

  it("reports every dropped output field as a located warning", () => {
    expect(result.warnings.map((w) => [w.path, w.line, w.column])).toEqual([
      ['spec.template.metadata.labels["run.googleapis.com/startupProbeType"]', 28, 9],
      ["status", 119, 1],
      ['metadata.annotations["run.googleapis.com/ingress-status"]', 13, 5],
      ['metadata.annotations["serving.knative.dev/creator"]', 18, 5],
      ['metadata.annotations["serving.knative.dev/lastModifier"]', 19, 5],
      ['metadata.annotations["run.googleapis.com/operation-id"]', 20, 5],
      ['spec.template.metadata.annotations["client.knative.dev/user-image"]', 40, 9],
    ]);
    expect(result.warnings.every((w) => w.fileName === "knative-export.yaml")).toBe(true);
  });
});

describe("Knative structure not in the fixture", () => {
  it("maps nodeSelector, nfs volumes, grpc and readiness probes", () => {
    const text = knative({
      templateSpec: [
        "nodeSelector: {run.googleapis.com/accelerator: nvidia-l4}",
        "volumes:",
        "  - name: share",
        "    nfs: {server: 10.0.0.2, path: /exports, readOnly: true}",
      ],
      container: [
        "readinessProbe: {grpc: {port: 9000, service: health}, periodSeconds: 5}",
        "resources: {limits: {nvidia.com/gpu: 1, cpu: 4, memory: 16Gi}}",
      ],
    });
    const { service } = ok(parseServiceManifest(text));
    expect(service.template.nodeSelector).toEqual({ accelerator: "nvidia-l4" });
    expect(service.template.volumes).toEqual([
      { name: "share", nfs: { server: "10.0.0.2", path: "/exports", readOnly: true } },
    ]);
    expect(service.template.containers[0]).toEqual({
      image: "gcr.io/p/app:v1",
      readinessProbe: { grpc: { port: 9000, service: "health" }, periodSeconds: 5 },
      resources: { limits: { "nvidia.com/gpu": "1", cpu: "4", memory: "16Gi" }, cpuIdle: true },
    });
  });
});

describe("v2 fixture", () => {
  it("converts and drops output-only fields with warnings", () => {
    const result = ok(parseServiceManifest(fixture("v2-service.yaml")));
    expect(result.format).toBe("v2");
    expect(result.project).toBe("my-proj");
    expect(result.location).toBe("europe-west1");
    expect(result.service).toEqual({
      name: "api",
      description: "The API",
      labels: { team: "api" },
      ingress: "INGRESS_TRAFFIC_INTERNAL_ONLY",
      launchStage: "GA",
      scaling: { minInstanceCount: 1, scalingMode: "AUTOMATIC" },
      invokerIamDisabled: true,
      template: {
        revision: "api-rev-1",
        scaling: { minInstanceCount: 0, maxInstanceCount: 5 },
        timeout: 60,
        serviceAccount: "api@my-proj.iam.gserviceaccount.com",
        executionEnvironment: "EXECUTION_ENVIRONMENT_GEN2",
        maxInstanceRequestConcurrency: 50,
        vpcAccess: {
          networkInterfaces: [{ network: "default", subnetwork: "default", tags: ["api"] }],
          egress: "ALL_TRAFFIC",
        },
        containers: [
          {
            name: "api",
            image:
              "europe-docker.pkg.dev/my-proj/repo/api@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            env: [
              { name: "MODE", value: "production" },
              { name: "RETRIES", value: "3" },
              {
                name: "TOKEN",
                valueSource: { secretKeyRef: { secret: "projects/my-proj/secrets/token", version: "2" } },
              },
            ],
            resources: { limits: { cpu: "1000m", memory: "512Mi" }, cpuIdle: true },
            ports: [{ name: "h2c", containerPort: 9090 }],
          },
        ],
        volumes: [{ name: "sql", cloudSqlInstance: { instances: ["my-proj:europe-west1:db"] } }],
      },
      traffic: [{ type: "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST", percent: 100 }],
    });
    expect(result.warnings.map((w) => `${w.line}:${w.column} ${w.message}`)).toEqual([
      "58:1 ignored output-only field uid",
      "59:1 ignored output-only field generation",
      "60:1 ignored output-only field etag",
      "61:1 ignored output-only field latestReadyRevision",
    ]);
  });

  it.each([
    { name: "duration string", timeout: '"1.5s"', want: 1.5 },
    { name: "plain seconds", timeout: "90", want: 90 },
    { name: "seconds/nanos object", timeout: "{seconds: 2, nanos: 500000000}", want: 2.5 },
  ])("reads a $name duration", ({ timeout, want }) => {
    const text = `name: s\ntemplate:\n  timeout: ${timeout}\n  containers: [{image: nginx}]\n`;
    expect(ok(parseServiceManifest(text)).service.template.timeout).toBe(want);
  });

  it("accepts snake_case field names and rejects a field given twice", () => {
    const good =
      "name: s\ntemplate:\n  max_instance_request_concurrency: 5\n  containers: [{image: nginx, working_dir: /w}]\n";
    const service = ok(parseServiceManifest(good)).service;
    expect(service.template.maxInstanceRequestConcurrency).toBe(5);
    expect(service.template.containers[0]?.workingDir).toBe("/w");
    const twice = "name: s\ningress: INGRESS_TRAFFIC_ALL\ntemplate:\n  containers: [{image: nginx}]\n";
    expect(ok(parseServiceManifest(twice)).service.ingress).toBe("INGRESS_TRAFFIC_ALL");
    const dup = "name: s\ntemplate:\n  service_account: a\n  serviceAccount: b\n  containers: [{image: nginx}]\n";
    expect(errors(parseServiceManifest(dup))).toEqual([
      {
        message: "field serviceAccount is given twice (camelCase and snake_case spellings)",
        path: "template.serviceAccount",
        line: 4,
        column: 3,
      },
    ]);
  });

  it.each([
    {
      name: "bad enum value",
      text: "name: s\ningress: PUBLIC\ntemplate:\n  containers: [{image: nginx}]\n",
      want: {
        path: "ingress",
        line: 2,
        column: 10,
        message: expect.stringContaining(
          'invalid value at ingress "PUBLIC": expected one of INGRESS_TRAFFIC_UNSPECIFIED',
        ),
      },
    },
    {
      name: "unknown field",
      text: "name: s\ntemplate:\n  containers: [{image: nginx, imagePullPolicy: Always}]\n",
      want: {
        path: "template.containers[0].imagePullPolicy",
        line: 3,
        column: 31,
        message: expect.stringContaining('unsupported field "imagePullPolicy"'),
      },
    },
    {
      name: "reserved annotation",
      text: "name: s\nannotations:\n  run.googleapis.com/ingress: all\ntemplate:\n  containers: [{image: nginx}]\n",
      want: {
        line: 3,
        column: 3,
        message: expect.stringContaining(
          "annotation run.googleapis.com/ingress is in the run.googleapis.com namespace",
        ),
      },
    },
    {
      name: "reserved template label",
      text: "name: s\ntemplate:\n  labels: {serving.knative.dev/x: y}\n  containers: [{image: nginx}]\n",
      want: {
        line: 3,
        column: 12,
        message: expect.stringContaining("label serving.knative.dev/x is in the serving.knative.dev namespace"),
      },
    },
    {
      name: "missing template",
      text: "apiVersion: run.googleapis.com/v2\nname: s\n",
      want: { path: "", line: 1, column: 1, message: "the service needs template" },
    },
    {
      name: "missing name",
      text: "template:\n  containers: [{image: nginx}]\n",
      want: { path: "", line: 1, column: 1, message: "the service needs name" },
    },
    {
      name: "env value and valueSource together",
      text: "name: s\ntemplate:\n  containers:\n    - image: nginx\n      env:\n        - {name: A, value: x, valueSource: {secretKeyRef: {secret: s}}}\n",
      want: {
        path: "template.containers[0].env[0]",
        line: 6,
        column: 11,
        message: "template.containers[0].env[0]: set only one of value, valueSource",
      },
    },
    {
      name: "volume without a source",
      text: "name: s\ntemplate:\n  containers: [{image: nginx}]\n  volumes: [{name: v}]\n",
      want: {
        path: "template.volumes[0]",
        line: 4,
        column: 13,
        message: expect.stringContaining("set exactly one of secret, cloudSqlInstance"),
      },
    },
    {
      name: "revision without the service prefix",
      text: "name: s\ntemplate:\n  revision: other-1\n  containers: [{image: nginx}]\n",
      want: {
        path: "template.revision",
        line: 3,
        column: 13,
        message: expect.stringContaining('invalid revision name "other-1"'),
      },
    },
    {
      name: "traffic not adding up",
      text: "name: s\ntemplate:\n  containers: [{image: nginx}]\ntraffic:\n  - {type: TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST, percent: 50}\n",
      want: {
        path: "traffic",
        line: 5,
        column: 3,
        message: "traffic: percents must add up to 100 (they add up to 50)",
      },
    },
    {
      name: "kind Job",
      text: "apiVersion: run.googleapis.com/v2\nkind: Job\nname: s\ntemplate:\n  containers: [{image: nginx}]\n",
      want: { path: "kind", line: 2, column: 7, message: "kind must be Service" },
    },
  ])("v2 error: $name", ({ text, want }) => {
    expect(errors(parseServiceManifest(text))).toContainEqual(expect.objectContaining(want));
  });
});

describe("format detection", () => {
  it.each([
    { name: "Knative apiVersion", text: knative(), format: "knative" },
    {
      name: "v2 apiVersion",
      text: "apiVersion: run.googleapis.com/v2\nname: s\ntemplate: {containers: [{image: nginx}]}\n",
      format: "v2",
    },
    {
      name: "no apiVersion, top-level template",
      text: "name: s\ntemplate: {containers: [{image: nginx}]}\n",
      format: "v2",
    },
    { name: "JSON document", text: '{"name": "s", "template": {"containers": [{"image": "nginx"}]}}', format: "v2" },
  ])("accepts $name", ({ text, format }) => {
    expect(ok(parseServiceManifest(text)).format).toBe(format);
  });

  it.each([
    { name: "empty file", text: "", message: "the manifest is empty", line: 1, column: 1 },
    { name: "comment only", text: "# nothing\n", message: "the manifest is empty", line: 1, column: 1 },
    { name: "scalar document", text: "hello\n", message: "expected a mapping, found a string", line: 1, column: 1 },
    { name: "list document", text: "- a\n- b\n", message: "expected a mapping, found a list", line: 1, column: 1 },
    {
      name: "other apiVersion",
      text: "apiVersion: apps/v1\nkind: Deployment\n",
      message:
        'unsupported apiVersion "apps/v1": expected serving.knative.dev/v1 (Knative service.yaml) or run.googleapis.com/v2 (v2 Service)',
      line: 1,
      column: 13,
    },
    {
      name: "Cloud Run Job",
      text: "apiVersion: run.googleapis.com/v1\nkind: Job\nmetadata: {name: j}\n",
      message: "Cloud Run Jobs are not supported; this plugin deploys Cloud Run services (kind: Service)",
      line: 1,
      column: 13,
    },
    {
      name: "Knative kind Job",
      text: "apiVersion: serving.knative.dev/v1\nkind: Job\nmetadata: {name: j}\nspec: {template: {spec: {containers: [{image: nginx}]}}}\n",
      message: "Cloud Run Jobs are not supported; kind must be Service",
      line: 2,
      column: 7,
    },
    {
      name: "Knative shape without apiVersion",
      text: "metadata: {name: s}\nspec: {}\n",
      message: "apiVersion is missing: a Knative service.yaml needs apiVersion: serving.knative.dev/v1",
      line: 1,
      column: 1,
    },
    {
      name: "unrecognisable",
      text: "foo: bar\n",
      message: expect.stringContaining("cannot tell the manifest format"),
      line: 1,
      column: 1,
    },
  ])("rejects $name", ({ text, message, line, column }) => {
    expect(errors(parseServiceManifest(text))).toContainEqual(expect.objectContaining({ message, line, column }));
  });
});

describe("malformed YAML", () => {
  it.each([
    {
      name: "bad indentation",
      text: "apiVersion: serving.knative.dev/v1\nmetadata:\n  name: a\n   labels: {}\n",
      line: 3,
      column: 9,
    },
    { name: "unclosed quote", text: 'apiVersion: "serving.knative.dev/v1\nkind: Service\n', line: 3, column: 1 },
    {
      name: "unclosed flow sequence",
      text: "apiVersion: serving.knative.dev/v1\nspec: {template: [\n",
      line: 3,
      column: 1,
    },
    {
      name: "duplicate key",
      text: "apiVersion: serving.knative.dev/v1\nkind: Service\nkind: Service\n",
      line: 3,
      column: 1,
    },
    { name: "tab indentation", text: "apiVersion: serving.knative.dev/v1\nmetadata:\n\tname: a\n", line: 3, column: 1 },
    {
      name: "two documents",
      text: "apiVersion: serving.knative.dev/v1\n---\napiVersion: serving.knative.dev/v1\n",
      line: 2,
      column: 1,
    },
  ])("$name gives a located syntax error", ({ text, line, column }) => {
    const errs = errors(parseServiceManifest(text, { fileName: "bad.yaml" }));
    expect(errs[0]).toMatchObject({
      line,
      column,
      fileName: "bad.yaml",
      message: expect.stringMatching(/^YAML syntax error: /),
    });
  });
});

describe("unmappable Knative fields are located errors", () => {
  it.each([
    {
      name: "unknown top-level field",
      text: `${knative()}\nextra: 1`,
      path: "extra",
      line: 10,
      column: 1,
      message: 'unsupported field "extra" at extra: it cannot be mapped to a Cloud Run v2 Service',
    },
    {
      name: "container securityContext",
      text: knative({ container: ["securityContext: {privileged: true}"] }),
      path: "spec.template.spec.containers[0].securityContext",
      line: 10,
      column: 11,
      message: expect.stringContaining('unsupported field "securityContext"'),
    },
    {
      name: "resources.requests",
      text: knative({ container: ["resources:", "  requests: {cpu: 1}"] }),
      path: "spec.template.spec.containers[0].resources.requests",
      line: 11,
      column: 23,
      message: "resources.requests cannot be mapped to Cloud Run v2 (only limits exist); remove it",
    },
    {
      name: "unsupported resource limit",
      text: knative({ container: ["resources:", "  limits: {ephemeral-storage: 1Gi}"] }),
      path: 'spec.template.spec.containers[0].resources.limits["ephemeral-storage"]',
      line: 11,
      column: 22,
      message: expect.stringContaining('unsupported resource limit "ephemeral-storage"'),
    },
    {
      name: "env from configMap",
      text: knative({
        container: ["env:", "  - name: A", "    valueFrom:", "      configMapKeyRef: {name: c, key: k}"],
      }),
      path: "spec.template.spec.containers[0].env[0].valueFrom.configMapKeyRef",
      line: 13,
      column: 17,
      message: expect.stringContaining('unsupported field "configMapKeyRef"'),
    },
    {
      name: "probe successThreshold",
      text: knative({ container: ["livenessProbe: {successThreshold: 1, tcpSocket: {port: 8080}}"] }),
      path: "spec.template.spec.containers[0].livenessProbe.successThreshold",
      line: 10,
      column: 27,
      message: expect.stringContaining('unsupported field "successThreshold"'),
    },
    {
      name: "probe with two actions",
      text: knative({ container: ["livenessProbe: {httpGet: {path: /}, tcpSocket: {port: 1}}"] }),
      path: "spec.template.spec.containers[0].livenessProbe",
      line: 10,
      column: 26,
      message: "a probe can use only one of httpGet, tcpSocket and grpc (found httpGet, tcpSocket)",
    },
    {
      name: "configMap volume",
      text: knative({ templateSpec: ["volumes:", "  - name: v", "    configMap: {name: c}"] }),
      path: "spec.template.spec.volumes[0].configMap",
      line: 10,
      column: 11,
      message: expect.stringContaining('unsupported field "configMap"'),
    },
    {
      name: "csi with another driver",
      text: knative({
        templateSpec: ["volumes:", "  - name: v", "    csi: {driver: other.csi, volumeAttributes: {bucketName: b}}"],
      }),
      path: "spec.template.spec.volumes[0].csi.driver",
      line: 10,
      column: 25,
      message: expect.stringContaining("only the csi driver gcsfuse.run.googleapis.com maps"),
    },
    {
      name: "traffic configurationName",
      text: knative({ spec: ["traffic:", "  - configurationName: hello", "    percent: 100"] }),
      path: "spec.traffic[0].configurationName",
      line: 11,
      column: 26,
      message: "traffic configurationName is not supported by Cloud Run; use revisionName or latestRevision",
    },
    {
      name: "traffic with both latestRevision and revisionName",
      text: knative({ spec: ["traffic:", "  - {latestRevision: true, revisionName: hello-1, percent: 100}"] }),
      path: "spec.traffic[0].latestRevision",
      line: 11,
      column: 24,
      message: "a traffic target cannot set both latestRevision: true and revisionName",
    },
    {
      name: "traffic not adding up to 100",
      text: knative({
        spec: ["traffic:", "  - {latestRevision: true, percent: 60}", "  - {revisionName: hello-1, percent: 30}"],
      }),
      path: "spec.traffic",
      line: 11,
      column: 5,
      message: "traffic: percents must add up to 100 (they add up to 90)",
    },
    {
      name: "traffic tag too long for the service",
      text: knative({ spec: ["traffic:", `  - {latestRevision: true, percent: 100, tag: ${"t".repeat(42)}}`] }),
      path: "spec.traffic[0]",
      line: 11,
      column: 7,
      message: expect.stringContaining("must not exceed 46 characters (42 + 5)"),
    },
    {
      name: "reserved label",
      text: knative({ metadata: ["labels: {run.googleapis.com/foo: x}"] }),
      path: 'metadata.labels["run.googleapis.com/foo"]',
      line: 5,
      column: 12,
      message:
        "label run.googleapis.com/foo cannot be mapped: the v2 API rejects labels in the run.googleapis.com namespace",
    },
    {
      name: "timeoutSeconds out of range",
      text: knative({ templateSpec: ["timeoutSeconds: 4000"] }),
      path: "spec.template.spec.timeoutSeconds",
      line: 8,
      column: 23,
      message: "spec.template.spec.timeoutSeconds must be from 1 to 3600 (found 4000)",
    },
    {
      name: "containerConcurrency not an integer",
      text: knative({ templateSpec: ["containerConcurrency: lots"] }),
      path: "spec.template.spec.containerConcurrency",
      line: 8,
      column: 29,
      message: 'expected an integer at spec.template.spec.containerConcurrency, found "lots"',
    },
    {
      name: "invalid service name",
      text: knative().replace("name: hello", "name: Hello_World"),
      path: "metadata.name",
      line: 4,
      column: 9,
      message: expect.stringContaining("invalid service name"),
    },
    {
      name: "revision name without the service prefix",
      text: knative().replace("  template:\n", "  template:\n    metadata: {name: blue}\n"),
      path: "spec.template.metadata.name",
      line: 7,
      column: 22,
      message: expect.stringContaining(
        `invalid revision name "blue": the revision name must start with the service name followed by '-'`,
      ),
    },
    {
      name: "missing image",
      text: knative().replace("- image: gcr.io/p/app:v1", "- name: app"),
      path: "spec.template.spec.containers[0]",
      line: 9,
      column: 11,
      message: "spec.template.spec.containers[0] has no image",
    },
    {
      name: "garbage image",
      text: knative().replace("gcr.io/p/app:v1", "GCR.IO/P/App::v1"),
      path: "spec.template.spec.containers[0].image",
      line: 9,
      column: 18,
      message: expect.stringContaining("invalid image reference"),
    },
    {
      name: "two unnamed containers",
      text: knative({ container: [], templateSpec: [] }).replace(
        "        - image: gcr.io/p/app:v1",
        "        - image: gcr.io/p/app:v1\n        - image: gcr.io/p/side:v1",
      ),
      path: "spec.template.spec",
      line: 8,
      column: 7,
      message: "every container needs a name when the template has more than one container",
    },
    {
      name: "missing kind",
      text: knative().replace("kind: Service\n", ""),
      path: "",
      line: 1,
      column: 1,
      message: "kind is missing: a Knative service.yaml needs kind: Service",
    },
    {
      name: "invalid container name",
      text: knative().replace("- image: gcr.io/p/app:v1", "- {name: App_1, image: gcr.io/p/app:v1}"),
      path: "spec.template.spec.containers[0]",
      line: 9,
      column: 11,
      message: expect.stringContaining('container name "App_1" must be an RFC 1123 label'),
    },
    {
      name: "missing metadata.name",
      text: knative().replace("  name: hello\n", "  labels: {a: b}\n"),
      path: "metadata",
      line: 4,
      column: 3,
      message: "metadata.name is missing",
    },
  ])("$name", ({ text, path, line, column, message }) => {
    expect(errors(parseServiceManifest(text))).toContainEqual({ path, line, column, message });
  });
});

describe("environment variable values", () => {
  it.each([
    { name: "boolean", yaml: "false", want: "false" },
    { name: "float with trailing zero", yaml: "1.0", want: "1.0" },
    { name: "hex", yaml: "0x1F", want: "0x1F" },
    { name: "exponent", yaml: "1e3", want: "1e3" },
    { name: "leading zeros", yaml: "007", want: "007" },
    { name: "yes (a string in YAML 1.2)", yaml: "yes", want: "yes" },
    { name: "quoted", yaml: '"true"', want: "true" },
    { name: "empty", yaml: "", want: "" },
    { name: "tilde", yaml: "~", want: "" },
    { name: "block scalar", yaml: "|\n                line1\n                line2", want: "line1\nline2\n" },
  ])("keeps $name exactly as written", ({ yaml, want }) => {
    const text = knative({ container: ["env:", "  - name: V", `    value: ${yaml}`] });
    expect(ok(parseServiceManifest(text)).service.template.containers[0]?.env).toEqual([{ name: "V", value: want }]);
  });

  const CANARY = "s3cr3t-CANARY-value";
  it.each([
    { name: "env value as a mapping", lines: ["env:", "  - name: A", `    value: {nested: ${CANARY}}`] },
    { name: "env value as a list", lines: ["env:", "  - name: A", `    value: [${CANARY}]`] },
    { name: "unknown env field", lines: ["env:", "  - name: A", `    value: ${CANARY}`, `    secret: ${CANARY}`] },
    {
      name: "value and valueFrom",
      lines: ["env:", "  - name: A", `    value: ${CANARY}`, "    valueFrom: {secretKeyRef: {name: s}}"],
    },
    { name: "env without name", lines: ["env:", `  - value: ${CANARY}`] },
    { name: "env as a map", lines: ["env:", `  A: ${CANARY}`] },
    { name: "bad escape in env value", lines: ["env:", "  - name: A", `    value: "${CANARY}\\q"`] },
    { name: "unterminated quote in env value", lines: ["env:", "  - name: A", `    value: "${CANARY}`] },
    {
      name: "bad indentation after env value",
      lines: ["env:", "  - name: A", `    value: ${CANARY}`, `     bad: ${CANARY}`],
    },
    { name: "block scalar header garbage", lines: ["env:", "  - name: A", `    value: |${CANARY}`, "      x"] },
    { name: "unknown tag on env value", lines: ["env:", "  - name: A", `    value: !${CANARY} x`] },
  ])("never echoes an env value: $name", ({ lines }) => {
    const result = parseServiceManifest(knative({ container: lines }));
    const issues = result.ok ? result.warnings : [...result.errors, ...result.warnings];
    expect(issues.length).toBeGreaterThan(0);
    for (const issue of issues) {
      expect(issue.message).not.toContain(CANARY);
      expect(issue.message.toLowerCase()).not.toContain("canary");
    }
  });

  it("never echoes env values of the v2 form", () => {
    const text = `name: s\ntemplate:\n  containers:\n    - image: nginx\n      env:\n        - {name: A, value: {x: ${CANARY}}}\n        - {name: B, value: ${CANARY}, junk: ${CANARY}}\n`;
    const result = parseServiceManifest(text);
    expect(JSON.stringify(errors(result))).not.toContain(CANARY);
  });
});

describe("imageOverride", () => {
  const twoContainers = [
    "apiVersion: serving.knative.dev/v1",
    "kind: Service",
    "metadata: {name: hello}",
    "spec:",
    "  template:",
    "    spec:",
    "      containers:",
    "        - name: sidecar",
    "          image: gcr.io/p/sidecar:v1",
    "        - name: app",
    "          image: gcr.io/p/app:v1",
    "          ports: [{containerPort: 8080}]",
  ].join("\n");

  it.each([
    { name: "single container", text: knative(), images: ["gcr.io/p/app:v2"] },
    {
      name: "ingress container (declares ports) of two",
      text: twoContainers,
      images: ["gcr.io/p/sidecar:v1", "gcr.io/p/app:v2"],
    },
    {
      name: "first container when none declares ports",
      text: twoContainers.replace("          ports: [{containerPort: 8080}]", ""),
      images: ["gcr.io/p/app:v2", "gcr.io/p/app:v1"],
    },
    {
      name: "fills a missing image",
      text: knative().replace("- image: gcr.io/p/app:v1", "- name: app"),
      images: ["gcr.io/p/app:v2"],
    },
    {
      name: "v2 form",
      text: "name: s\ntemplate:\n  containers:\n    - {name: a, image: nginx}\n    - {name: b, image: nginx, ports: [{containerPort: 80}]}\n",
      images: ["nginx", "gcr.io/p/app:v2"],
    },
  ])("$name", ({ text, images }) => {
    const result = ok(parseServiceManifest(text, { imageOverride: "gcr.io/p/app:v2" }));
    expect(result.service.template.containers.map((c) => c.image)).toEqual(images);
  });

  it("rejects an invalid override at the image it replaces", () => {
    expect(errors(parseServiceManifest(knative(), { imageOverride: "not an image" }))).toEqual([
      {
        path: "spec.template.spec.containers[0].image",
        line: 9,
        column: 18,
        message: 'imageOverride: invalid image reference "not an image": it contains whitespace',
      },
    ]);
  });
});
