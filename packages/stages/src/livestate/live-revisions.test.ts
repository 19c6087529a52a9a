// Which revisions live state reads, and in which order.
import type { Revision, Service } from "@cr/cloudrun/pure";
import { describe, expect, it } from "vitest";
import { liveRevisionIds, newestFirst } from "./live-revisions.js";

const P = "projects/p/locations/l/services/svc/revisions/";

function service(extra: Partial<Service>): Service {
  return { name: "projects/p/locations/l/services/svc", template: { containers: [{ image: "x" }] }, ...extra };
}

describe("liveRevisionIds", () => {
  it("serving, tagged, latest created and latest ready revisions, once each", () => {
    const ids = liveRevisionIds(
      service({
        traffic: [
          { type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION", revision: "svc-a", percent: 90 },
          { type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION", revision: "svc-b", percent: 10 },
          { type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION", revision: "svc-c", percent: 0, tag: "preview" },
        ],
        trafficStatuses: [{ type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION", revision: `${P}svc-a`, percent: 100 }],
        latestReadyRevision: `${P}svc-d`,
        latestCreatedRevision: `${P}svc-e`,
      }),
    );
    expect(ids).toEqual(["svc-a", "svc-b", "svc-c", "svc-d", "svc-e"]);
  });

  it("resolves LATEST (and an empty traffic list) to the latest ready revision", () => {
    expect(
      liveRevisionIds(
        service({
          traffic: [{ type: "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST", percent: 100 }],
          latestReadyRevision: `${P}svc-2`,
          latestCreatedRevision: `${P}svc-2`,
        }),
      ),
    ).toEqual(["svc-2"]);
    expect(liveRevisionIds(service({}))).toEqual([]);
  });
});

describe("newestFirst", () => {
  it("orders by creation time, newest first", () => {
    const rev = (name: string, createTime?: string): Revision => ({ name, ...(createTime ? { createTime } : {}) });
    const sorted = newestFirst([rev("a", "2026-01-01T00:00:00Z"), rev("c"), rev("b", "2026-01-02T00:00:00Z")]);
    expect(sorted.map((r) => r.name)).toEqual(["b", "a", "c"]);
  });
});
