// parseServiceManifest end to end: the Knative fixture, format detection, YAML syntax errors and imageOverride.
import { describe, expect, it } from "vitest";
import { errors, fixture, knative, ok } from "../test/manifest-parse.js";
import { parseServiceManifest } from "./manifest.js";
import type { Service } from "./model.js";

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
