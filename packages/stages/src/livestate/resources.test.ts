// Live resources of a deploy target and their health.
import type { Revision, Service } from "@cr/cloudrun/pure";
import { describe, expect, it } from "vitest";
import { liveService, REV } from "../../test/fixtures.js";
import { liveResources, readyHealth } from "./resources.js";

const NOW = new Date("2026-05-05T05:05:05Z");
const PARENT = "projects/p/locations/l/services/svc";

const revision = (id: string, over: Partial<Revision> = {}): Revision => ({
  name: `${PARENT}/revisions/${id}`,
  service: PARENT,
  createTime: "2026-02-02T00:00:00Z",
  containers: [{ image: `gcr.io/demo/svc:${id}` }],
  conditions: [{ type: "Ready", state: "CONDITION_SUCCEEDED" }],
  ...over,
});

function service(over: Partial<Service> = {}): Service {
  const traffic = [REV("svc-b", 90), REV("svc-a", 10, "blue"), REV("svc-c", 0, "preview")];
  return {
    ...liveService("svc", traffic, "svc-b"),
    createTime: "2026-01-01T00:00:00Z",
    trafficStatuses: traffic,
    terminalCondition: { type: "Ready", state: "CONDITION_SUCCEEDED" },
    uri: "https://svc-abc-uc.a.run.app",
    ...over,
  };
}

describe("liveResources", () => {
  it("lists the service, then every revision under it, with ids, types, traffic and creation times", () => {
    const resources = liveResources({
      deployTarget: "staging",
      service: service(),
      revisions: [revision("svc-b"), revision("svc-c"), revision("svc-a")],
      now: NOW,
    });
    expect(resources.map((r) => [r.id, r.name, r.resourceType, r.parentIds, r.deployTarget])).toEqual([
      [PARENT, "svc", "Service", [], "staging"],
      [`${PARENT}/revisions/svc-b`, "svc-b", "Revision", [PARENT], "staging"],
      [`${PARENT}/revisions/svc-c`, "svc-c", "Revision", [PARENT], "staging"],
      [`${PARENT}/revisions/svc-a`, "svc-a", "Revision", [PARENT], "staging"],
    ]);
    expect(resources[0]).toMatchObject({
      healthStatus: "HEALTHY",
      healthDescription: "Ready",
      createdAt: new Date("2026-01-01T00:00:00Z"),
      resourceMetadata: {
        uri: "https://svc-abc-uc.a.run.app",
        latestReadyRevision: "svc-b",
        traffic: "svc-b 90%, svc-a 10%",
      },
    });
    expect(resources.map((r) => r.resourceMetadata.traffic).slice(1)).toEqual(["90%", "0%", "10%"]);
    expect(resources[2]?.resourceMetadata).toEqual({ traffic: "0%", tags: "preview", images: "gcr.io/demo/svc:svc-c" });
    expect(resources[1]?.createdAt).toEqual(new Date("2026-02-02T00:00:00Z"));
  });

  it("counts LATEST for the latest ready revision", () => {
    const resources = liveResources({
      deployTarget: "t",
      service: service({ traffic: [REV("LATEST", 100)], trafficStatuses: [REV("LATEST", 100)] }),
      revisions: [revision("svc-b")],
      now: NOW,
    });
    expect(resources[0]?.resourceMetadata.traffic).toBe("LATEST (svc-b) 100%");
    expect(resources[1]?.resourceMetadata.traffic).toBe("100%");
  });

  it("always sets a creation time: the revision's, else the service's, else now", () => {
    const resources = liveResources({
      deployTarget: "t",
      service: service({ createTime: undefined, updateTime: "not a time" }),
      revisions: [
        revision("svc-b", { createTime: undefined }),
        revision("svc-a", { createTime: "", updateTime: "2026-03-03T00:00:00Z" }),
      ],
      now: NOW,
    });
    expect(resources.map((r) => r.createdAt)).toEqual([NOW, NOW, new Date("2026-03-03T00:00:00Z")]);
    const withService = liveResources({
      deployTarget: "t",
      service: service(),
      revisions: [revision("svc-b", { createTime: undefined })],
      now: NOW,
    });
    expect(withService[1]?.createdAt).toEqual(new Date("2026-01-01T00:00:00Z"));
  });

  it("reads health from the Ready condition of each resource", () => {
    const resources = liveResources({
      deployTarget: "t",
      service: service({
        terminalCondition: {
          type: "Ready",
          state: "CONDITION_FAILED",
          reason: "REVISION_FAILED",
          message: "Revision 'svc-d' is not ready and cannot serve traffic.",
        },
      }),
      revisions: [
        revision("svc-d", {
          conditions: [
            {
              type: "Ready",
              state: "CONDITION_FAILED",
              revisionReason: "HEALTH_CHECK_CONTAINER_ERROR",
              message: "The user-provided container failed to start",
            },
          ],
        }),
        revision("svc-e", { conditions: [{ type: "Ready", state: "CONDITION_RECONCILING" }], reconciling: true }),
        revision("svc-f", { conditions: [] }),
      ],
      now: NOW,
    });
    expect(resources.map((r) => [r.name, r.healthStatus, r.healthDescription])).toEqual([
      ["svc", "UNHEALTHY", "Not ready: REVISION_FAILED: Revision 'svc-d' is not ready and cannot serve traffic."],
      ["svc-d", "UNHEALTHY", "Not ready: HEALTH_CHECK_CONTAINER_ERROR: The user-provided container failed to start"],
      ["svc-e", "UNKNOWN", "Reconciling (Ready is CONDITION_RECONCILING)"],
      ["svc-f", "UNKNOWN", "Cloud Run reports no Ready condition yet"],
    ]);
  });
});

describe("readyHealth", () => {
  it.each([
    [{ type: "Ready", state: "CONDITION_SUCCEEDED" as const }, false, "HEALTHY", "Ready"],
    [
      { type: "Ready", state: "CONDITION_SUCCEEDED" as const },
      true,
      "UNKNOWN",
      "Reconciling (Ready is CONDITION_SUCCEEDED)",
    ],
    [
      { type: "Ready", state: "CONDITION_PENDING" as const },
      false,
      "UNKNOWN",
      "Not ready yet (Ready is CONDITION_PENDING)",
    ],
    [
      { type: "Ready", state: "CONDITION_FAILED" as const, reason: "IMMEDIATE_RETRY" as const },
      false,
      "UNKNOWN",
      "Not ready yet (Ready is CONDITION_FAILED: IMMEDIATE_RETRY)",
    ],
    [{ type: "Ready", state: "CONDITION_FAILED" as const }, false, "UNHEALTHY", "Not ready"],
  ])("%j reconciling=%s → %s", (condition, reconciling, status, description) => {
    expect(readyHealth(condition, reconciling)).toEqual({ status, description });
  });
});
