// parseServiceManifest of the v2 (run.googleapis.com/v2) form: the fixture, field spellings and located errors.
import { describe, expect, it } from "vitest";
import { errors, fixture, ok } from "../test/manifest-parse.js";
import { parseServiceManifest } from "./manifest.js";

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
