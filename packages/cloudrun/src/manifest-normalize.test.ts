// normalizeService: server defaults and spellings that are not drift, and canonical cpu/memory quantities.
import { describe, expect, it } from "vitest";
import { fixture, knative, ok } from "../test/manifest-parse.js";
import { parseServiceManifest } from "./manifest.js";
import { canonicalCpu, canonicalMemory, normalizeService } from "./manifest-normalize.js";
import type { Service } from "./model.js";

const minimal = (over: Partial<Service["template"]> = {}, svc: Partial<Service> = {}): Service => ({
  name: "hello",
  ...svc,
  template: { containers: [{ image: "gcr.io/p/app:v1" }], ...over },
});

describe("normalizeService", () => {
  it("makes a minimal desired service equal to what the API returns for it", () => {
    const desired = ok(parseServiceManifest(knative()));
    const live: Service = {
      name: "projects/p/locations/us-central1/services/hello",
      uid: "u-1",
      generation: 3,
      observedGeneration: 3,
      etag: '"x"',
      client: "gcloud",
      clientVersion: "500.0.0",
      creator: "me@example.com",
      createTime: "2026-01-01T00:00:00Z",
      ingress: "INGRESS_TRAFFIC_ALL",
      launchStage: "GA",
      scaling: { scalingMode: "AUTOMATIC", minInstanceCount: 0 },
      reconciling: false,
      latestReadyRevision: "projects/p/locations/us-central1/services/hello/revisions/hello-00003-abc",
      latestCreatedRevision: "projects/p/locations/us-central1/services/hello/revisions/hello-00003-abc",
      terminalCondition: { type: "Ready", state: "CONDITION_SUCCEEDED" },
      conditions: [{ type: "RoutesReady", state: "CONDITION_SUCCEEDED" }],
      trafficStatuses: [{ type: "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST", percent: 100 }],
      uri: "https://hello-abc-uc.a.run.app",
      urls: ["https://hello-abc-uc.a.run.app"],
      traffic: [{ type: "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST", percent: 100 }],
      template: {
        scaling: { maxInstanceCount: 100 },
        timeout: 300,
        maxInstanceRequestConcurrency: 80,
        executionEnvironment: "EXECUTION_ENVIRONMENT_UNSPECIFIED",
        containers: [
          {
            name: "hello-1",
            image: "gcr.io/p/app:v1",
            resources: { limits: { cpu: "1000m", memory: "512Mi" }, cpuIdle: true, startupCpuBoost: false },
            ports: [{ name: "http1", containerPort: 8080 }],
            startupProbe: { timeoutSeconds: 240, periodSeconds: 240, failureThreshold: 1, tcpSocket: { port: 8080 } },
            env: [],
            command: [],
            workingDir: "",
          },
        ],
        volumes: [],
        sessionAffinity: false,
        labels: {},
      },
    };
    const a = normalizeService(desired.service);
    const b = normalizeService(live);
    expect(a).toEqual(b);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a).toEqual({
      name: "hello",
      ingress: "INGRESS_TRAFFIC_ALL",
      launchStage: "GA",
      scaling: { scalingMode: "AUTOMATIC" },
      traffic: [{ type: "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST", percent: 100 }],
      template: {
        scaling: { maxInstanceCount: 100 },
        timeout: 300,
        maxInstanceRequestConcurrency: 80,
        containers: [
          {
            name: "hello-1",
            image: "gcr.io/p/app:v1",
            resources: { limits: { cpu: "1000m", memory: "512Mi" }, cpuIdle: true },
            ports: [{ name: "http1", containerPort: 8080 }],
            startupProbe: { timeoutSeconds: 240, periodSeconds: 240, failureThreshold: 1, tcpSocket: { port: 8080 } },
          },
        ],
      },
    });
  });

  it("still shows a real difference", () => {
    const a = normalizeService(minimal({ timeout: 60 }));
    const b = normalizeService(minimal());
    expect(a).not.toEqual(b);
    expect(a.template.timeout).toBe(60);
  });

  it.each([
    { name: "ingress", input: minimal(), pick: (s: Service) => s.ingress, want: "INGRESS_TRAFFIC_ALL" },
    {
      name: "ingress unspecified",
      input: minimal({}, { ingress: "INGRESS_TRAFFIC_UNSPECIFIED" }),
      pick: (s: Service) => s.ingress,
      want: "INGRESS_TRAFFIC_ALL",
    },
    { name: "launch stage", input: minimal(), pick: (s: Service) => s.launchStage, want: "GA" },
    { name: "scaling mode", input: minimal(), pick: (s: Service) => s.scaling, want: { scalingMode: "AUTOMATIC" } },
    {
      name: "traffic",
      input: minimal({}, { traffic: [] }),
      pick: (s: Service) => s.traffic,
      want: [{ type: "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST", percent: 100 }],
    },
    {
      name: "traffic type, short names and explicit percent",
      input: minimal(
        {},
        {
          traffic: [
            { revision: "projects/p/locations/l/services/hello/revisions/hello-1", percent: 100 },
            { revision: "hello-0", tag: "old" },
          ],
        },
      ),
      pick: (s: Service) => s.traffic,
      want: [
        { type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION", revision: "hello-1", percent: 100 },
        { type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION", revision: "hello-0", percent: 0, tag: "old" },
      ],
    },
    {
      name: "max instances",
      input: minimal(),
      pick: (s: Service) => s.template.scaling,
      want: { maxInstanceCount: 100 },
    },
    { name: "timeout", input: minimal(), pick: (s: Service) => s.template.timeout, want: 300 },
    {
      name: "execution environment stays unspecified",
      input: minimal({ executionEnvironment: "EXECUTION_ENVIRONMENT_UNSPECIFIED" }),
      pick: (s: Service) => s.template.executionEnvironment,
      want: undefined,
    },
    {
      name: "vpc egress with a connector",
      input: minimal({ vpcAccess: { connector: "c" } }),
      pick: (s: Service) => s.template.vpcAccess,
      want: { connector: "c", egress: "PRIVATE_RANGES_ONLY" },
    },
    {
      name: "concurrency with 1 vCPU",
      input: minimal(),
      pick: (s: Service) => s.template.maxInstanceRequestConcurrency,
      want: 80,
    },
    {
      name: "concurrency with less than 1 vCPU",
      input: minimal({ containers: [{ image: "x", resources: { limits: { cpu: "500m" } } }] }),
      pick: (s: Service) => s.template.maxInstanceRequestConcurrency,
      want: 1,
    },
    {
      name: "container name, resources, port, startup probe",
      input: minimal(),
      pick: (s: Service) => s.template.containers[0],
      want: {
        name: "hello-1",
        image: "gcr.io/p/app:v1",
        resources: { limits: { cpu: "1000m", memory: "512Mi" }, cpuIdle: true },
        ports: [{ name: "http1", containerPort: 8080 }],
        startupProbe: { tcpSocket: { port: 8080 }, timeoutSeconds: 240, periodSeconds: 240, failureThreshold: 1 },
      },
    },
    {
      name: "explicit resources without cpuIdle mean CPU always allocated",
      input: minimal({ containers: [{ image: "x", resources: { limits: { memory: "1Gi" } } }] }),
      pick: (s: Service) => s.template.containers[0]?.resources,
      want: { limits: { cpu: "1000m", memory: "1Gi" } },
    },
    {
      name: "sidecar gets no port or startup probe",
      input: minimal({
        containers: [
          { name: "side", image: "x" },
          { name: "app", image: "y", ports: [{ containerPort: 9000 }] },
        ],
      }),
      pick: (s: Service) => s.template.containers.map((c) => [c.ports, c.startupProbe]),
      want: [
        [undefined, undefined],
        [
          [{ name: "http1", containerPort: 9000 }],
          { tcpSocket: { port: 9000 }, timeoutSeconds: 240, periodSeconds: 240, failureThreshold: 1 },
        ],
      ],
    },
    {
      name: "probe defaults",
      input: minimal({ containers: [{ image: "x", livenessProbe: { httpGet: {} } }] }),
      pick: (s: Service) => s.template.containers[0]?.livenessProbe,
      want: { httpGet: { path: "/", port: 8080 }, timeoutSeconds: 1, periodSeconds: 10, failureThreshold: 3 },
    },
    {
      name: "secret volume default mode",
      input: minimal({ volumes: [{ name: "v", secret: { secret: "s" } }] }),
      pick: (s: Service) => s.template.volumes,
      want: [{ name: "v", secret: { secret: "s", defaultMode: 0o444 } }],
    },
    {
      name: "proto3 optional zero kept",
      input: minimal({ gpuZonalRedundancyDisabled: false }, { scaling: { manualInstanceCount: 0 } }),
      pick: (s: Service) => [s.scaling, s.template.gpuZonalRedundancyDisabled],
      want: [{ manualInstanceCount: 0, scalingMode: "AUTOMATIC" }, false],
    },
    {
      name: "labels keep empty values",
      input: minimal({}, { labels: { a: "", b: "x" } }),
      pick: (s: Service) => s.labels,
      want: { a: "", b: "x" },
    },
  ])("default: $name", ({ input, pick, want }) => {
    expect(pick(normalizeService(input))).toEqual(want);
  });

  it("drops output-only and tool fields and is idempotent", () => {
    const service = minimal(
      {},
      { uid: "u", etag: "e", client: "c", clientVersion: "1", reconciling: true, generation: 2 },
    );
    const once = normalizeService(service);
    expect(once).not.toHaveProperty("uid");
    expect(once).not.toHaveProperty("etag");
    expect(once).not.toHaveProperty("client");
    expect(once).not.toHaveProperty("reconciling");
    expect(normalizeService(once)).toEqual(once);
  });

  it("does not modify its input", () => {
    const input = minimal({}, { traffic: [] });
    const copy = structuredClone(input);
    normalizeService(input);
    expect(input).toEqual(copy);
  });

  it("normalises both fixtures without losing their settings", () => {
    for (const name of ["knative-export.yaml", "v2-service.yaml"]) {
      const parsed = parseServiceManifest(fixture(name));
      if (!parsed.ok) throw new Error(name);
      const n = normalizeService(parsed.service);
      expect(normalizeService(n)).toEqual(n);
      expect(n.template.containers.length).toBe(parsed.service.template.containers.length);
    }
  });
});

describe("quantities", () => {
  it.each(
    Object.entries<[input: string, want: string]>({
      "whole cores": ["1", "1000m"],
      "two cores": ["2", "2000m"],
      fraction: ["0.5", "500m"],
      millis: ["250m", "250m"],
      "unparsable kept": ["lots", "lots"],
    }),
  )("cpu %s", (_name, [input, want]) => {
    expect(canonicalCpu(input)).toBe(want);
  });

  it.each(
    Object.entries<[input: string, want: string]>({
      "Mi kept": ["512Mi", "512Mi"],
      "1024Mi → 1Gi": ["1024Mi", "1Gi"],
      "0.5Gi → 512Mi": ["0.5Gi", "512Mi"],
      "decimal G kept": ["2G", "2G"],
      "1000M → 1G": ["1000M", "1G"],
      bytes: ["1000", "1k"],
      "odd bytes": ["1001", "1001"],
      "unparsable kept": ["big", "big"],
    }),
  )("memory %s", (_name, [input, want]) => {
    expect(canonicalMemory(input)).toBe(want);
  });
});
