// serviceToApi / serviceFromApi / revisionFromApi: the model round-trips the unary and LRO forms of the client.
import { protos } from "@google-cloud/run";
import { describe, expect, it } from "vitest";
import { revisionFromApi, serviceFromApi, serviceToApi } from "./convert.js";
import { durationToApi, normalizeLroMessage } from "./convert-values.js";
import type { Revision, Service } from "./model.js";

const v2 = protos.google.cloud.run.v2;

/** What the Node client returns for a unary call: defaults filled in, enums as names, int64 as strings. */
const UNARY = { longs: String, enums: String, defaults: true, oneofs: true };
function unaryForm(type: "Service" | "Revision", plain: object): Record<string, unknown> {
  return type === "Service"
    ? v2.Service.toObject(v2.Service.fromObject(plain), UNARY)
    : v2.Revision.toObject(v2.Revision.fromObject(plain), UNARY);
}

const NAME = "projects/p/locations/us-central1/services/hello";

/** The template fields that read back unchanged (all but timeout). */
const TEMPLATE: Omit<Service["template"], "timeout"> = {
  revision: "hello-00007-abc",
  scaling: { maxInstanceCount: 10 },
  serviceAccount: "sa@p.iam.gserviceaccount.com",
  containers: [
    {
      image: "gcr.io/p/hello:1",
      env: [
        { name: "PLAIN", value: "v" },
        { name: "EMPTY", value: "" },
        { name: "SECRET", valueSource: { secretKeyRef: { secret: "db-pass", version: "latest" } } },
      ],
      resources: { limits: { cpu: "1000m", memory: "512Mi" }, cpuIdle: true },
      ports: [{ name: "http1", containerPort: 8080 }],
      startupProbe: { tcpSocket: {}, periodSeconds: 240, failureThreshold: 1, timeoutSeconds: 240 },
    },
  ],
  volumes: [{ name: "scratch", emptyDir: {} }],
  maxInstanceRequestConcurrency: 80,
  executionEnvironment: "EXECUTION_ENVIRONMENT_GEN2",
  gpuZonalRedundancyDisabled: false,
};

/** The status fields that read back unchanged. */
const STATUS: Pick<
  Service,
  "conditions" | "latestReadyRevision" | "latestCreatedRevision" | "trafficStatuses" | "uri"
> = {
  conditions: [
    { type: "RoutesReady", state: "CONDITION_SUCCEEDED" },
    { type: "ConfigurationsReady", state: "CONDITION_FAILED", revisionReason: "RETIRED", severity: "INFO" },
  ],
  latestReadyRevision: `${NAME}/revisions/hello-00007-abc`,
  latestCreatedRevision: `${NAME}/revisions/hello-00007-abc`,
  trafficStatuses: [{ type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION", revision: "hello-00006-xyz", percent: 90 }],
  uri: "https://hello-abc-uc.a.run.app",
};

/** A service as the API would describe it (request-ish JSON form). */
const apiService = {
  name: NAME,
  description: "hello service",
  uid: "0d3c7b42-0000-4000-8000-000000000000",
  generation: "7",
  labels: { team: "a" },
  createTime: { seconds: "1700000000", nanos: 123_000_000 },
  updateTime: { seconds: "1700000100", nanos: 0 },
  ingress: "INGRESS_TRAFFIC_INTERNAL_ONLY",
  launchStage: "GA",
  template: { ...TEMPLATE, timeout: { seconds: "300", nanos: 500_000_000 } },
  traffic: [
    { type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION", revision: "hello-00006-xyz", percent: 90 },
    { type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION", revision: "hello-00007-abc", percent: 10, tag: "canary" },
    { type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION", revision: "hello-00005-old", percent: 0, tag: "blue" },
  ],
  scaling: { manualInstanceCount: 0 },
  observedGeneration: "7",
  terminalCondition: {
    type: "Ready",
    state: "CONDITION_SUCCEEDED",
    lastTransitionTime: { seconds: "1700000200", nanos: 0 },
  },
  ...STATUS,
  urls: ["https://hello-abc-uc.a.run.app"],
  reconciling: false,
  etag: '"abc"',
};

const expectedService: Service = {
  name: NAME,
  description: "hello service",
  labels: { team: "a" },
  ingress: "INGRESS_TRAFFIC_INTERNAL_ONLY",
  launchStage: "GA",
  template: { ...TEMPLATE, timeout: 300.5 },
  traffic: [
    { type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION", revision: "hello-00006-xyz", percent: 90 },
    { type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION", revision: "hello-00007-abc", percent: 10, tag: "canary" },
    { type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION", revision: "hello-00005-old", tag: "blue" },
  ],
  scaling: { manualInstanceCount: 0 },
  etag: '"abc"',
  uid: "0d3c7b42-0000-4000-8000-000000000000",
  generation: 7,
  createTime: "2023-11-14T22:13:20.123Z",
  updateTime: "2023-11-14T22:15:00.000Z",
  urls: ["https://hello-abc-uc.a.run.app"],
  observedGeneration: 7,
  terminalCondition: { type: "Ready", state: "CONDITION_SUCCEEDED", lastTransitionTime: "2023-11-14T22:16:40.000Z" },
  ...STATUS,
};

describe("serviceFromApi", () => {
  it("converts the unary form to the model (zero values dropped, presence kept)", () => {
    const unary = unaryForm("Service", apiService);
    // Sanity: the unary form really has defaults and string int64s.
    expect(unary.generation).toBe("7");
    expect(unary.client).toBe("");
    expect(unary.binaryAuthorization).toBeNull();
    expect(serviceFromApi(unary)).toEqual(expectedService);
  });

  it("converts an LRO result (protobufjs message with Long and numeric enums) the same way", () => {
    const message = v2.Service.fromObject(apiService);
    expect(typeof message.generation).toBe("object"); // Long
    expect(message.ingress).toBe(2);
    expect(serviceFromApi(normalizeLroMessage(v2.Service, message))).toEqual(expectedService);
  });

  it("survives a wire round trip", () => {
    const bytes = v2.Service.encode(v2.Service.fromObject(apiService)).finish();
    expect(serviceFromApi(normalizeLroMessage(v2.Service, v2.Service.decode(bytes)))).toEqual(expectedService);
  });

  it("drops unknown enum names and tolerates junk", () => {
    const s = serviceFromApi({ ingress: "INGRESS_TRAFFIC_FROM_THE_FUTURE", template: null, generation: "x" });
    expect(s).toEqual({ template: { containers: [] } });
    expect(serviceFromApi(undefined)).toEqual({ template: { containers: [] } });
  });

  it("gives plain JSON data only", () => {
    const s = serviceFromApi(normalizeLroMessage(v2.Service, v2.Service.fromObject(apiService)));
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });
});

describe("serviceToApi", () => {
  it("drops output-only fields and converts durations", () => {
    const api = serviceToApi(expectedService);
    for (const field of ["uid", "generation", "createTime", "terminalCondition", "latestReadyRevision", "uri"]) {
      expect(api).not.toHaveProperty(field);
    }
    expect(api.etag).toBe('"abc"');
    expect((api.template as Record<string, unknown>).timeout).toEqual({ seconds: 300, nanos: 500_000_000 });
  });

  it("is accepted by the client's message types and reads back to the same desired state", () => {
    const api = serviceToApi(expectedService);
    expect(v2.Service.verify(v2.Service.fromObject(api))).toBeNull();
    const back = serviceFromApi(unaryForm("Service", api));
    const { uid, generation, createTime, updateTime, urls, observedGeneration, ...desired } = expectedService;
    const { terminalCondition, conditions, latestReadyRevision, latestCreatedRevision, trafficStatuses, uri, ...rest } =
      desired;
    expect(back).toEqual(rest);
  });

  it("does not mutate its input", () => {
    const copy = structuredClone(expectedService);
    serviceToApi(copy);
    expect(copy).toEqual(expectedService);
  });

  it("converts fractional seconds to Duration", () => {
    expect(durationToApi(1.25)).toEqual({ seconds: 1, nanos: 250_000_000 });
    expect(durationToApi(0)).toEqual({ seconds: 0, nanos: 0 });
  });
});

describe("revisionFromApi", () => {
  it("converts a revision", () => {
    const api = {
      name: `${NAME}/revisions/hello-00007-abc`,
      service: NAME,
      generation: "1",
      createTime: { seconds: "1700000000", nanos: 0 },
      containers: [{ image: "gcr.io/p/hello:1" }],
      timeout: { seconds: "60", nanos: 0 },
      conditions: [
        { type: "Ready", state: "CONDITION_FAILED", reason: "REVISION_FAILED", message: "crash", severity: "ERROR" },
      ],
      observedGeneration: "1",
      logUri: "https://console.cloud.google.com/logs",
      reconciling: false,
      etag: "e1",
    };
    const expected: Revision = {
      name: `${NAME}/revisions/hello-00007-abc`,
      generation: 1,
      createTime: "2023-11-14T22:13:20.000Z",
      service: NAME,
      timeout: 60,
      containers: [{ image: "gcr.io/p/hello:1" }],
      conditions: [
        { type: "Ready", state: "CONDITION_FAILED", message: "crash", severity: "ERROR", reason: "REVISION_FAILED" },
      ],
      observedGeneration: 1,
      logUri: "https://console.cloud.google.com/logs",
      etag: "e1",
    };
    expect(revisionFromApi(unaryForm("Revision", api))).toEqual(expected);
    expect(revisionFromApi(normalizeLroMessage(v2.Revision, v2.Revision.fromObject(api)))).toEqual(expected);
  });
});
