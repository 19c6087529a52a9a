// The check between promote steps: was the split changed outside the deployment?
import type { SplitTarget, TrafficSnapshot } from "@cr/cloudrun/pure";
import { describe, expect, it } from "vitest";
import { liveService, REV } from "../../test/fixtures.js";
import type { AppliedTrafficRecord } from "../records/applied-traffic.js";
import { checkTrafficDrift, trafficDriftMessage } from "./traffic-drift.js";

const R = (revision: string, percent: number, tag?: string): SplitTarget =>
  tag ? { type: "REVISION", revision, percent, tag } : { type: "REVISION", revision, percent };

/** What PROMOTE 10 left: `{a: 81 (blue), b: 9, d: 10 (canary)}`. */
const targets: TrafficSnapshot["targets"] = [
  { revision: "svc-a", percent: 81, tag: "blue" },
  { revision: "svc-b", percent: 9 },
  { revision: "svc-d", percent: 10, tag: "canary" },
];
const last: AppliedTrafficRecord = {
  version: 1,
  service: "svc",
  deploymentId: "d-1",
  traffic: { version: 1, service: "svc", source: "trafficStatuses", targets },
  rolledBack: false,
};

describe("checkTrafficDrift", () => {
  it("nothing recorded yet: nothing to compare", () => {
    const live = liveService("svc", [REV("svc-a", 100)], "svc-a");
    expect(checkTrafficDrift({ serviceId: "svc", live })).toEqual({ drift: false, why: "not-recorded" });
  });

  it("a record about another service is not compared", () => {
    const live = liveService("other", [REV("other-a", 100)], "other-a");
    expect(checkTrafficDrift({ serviceId: "other", live, last })).toEqual({ drift: false, why: "other-service" });
  });

  it("the same split in another order is not drift", () => {
    const live = liveService("svc", [REV("svc-d", 10, "canary"), REV("svc-b", 9), REV("svc-a", 81, "blue")], "svc-d");
    expect(checkTrafficDrift({ serviceId: "svc", live, last })).toEqual({ drift: false, why: "unchanged" });
  });

  it("LATEST is resolved to the latest ready revision before comparing", () => {
    const live = liveService("svc", [REV("svc-a", 81, "blue"), REV("svc-b", 9), REV("LATEST", 10, "canary")], "svc-d");
    expect(checkTrafficDrift({ serviceId: "svc", live, last })).toEqual({ drift: false, why: "unchanged" });
  });

  it("LATEST resolving to another revision than the recorded one is drift", () => {
    const live = liveService("svc", [REV("svc-a", 81, "blue"), REV("svc-b", 9), REV("LATEST", 10, "canary")], "svc-e");
    const check = checkTrafficDrift({ serviceId: "svc", live, last });
    expect(check).toMatchObject({
      drift: true,
      changes: [
        { kind: "percent", target: "svc-e", before: 0, after: 10 },
        { kind: "percent", target: "svc-d", before: 10, after: 0 },
        { kind: "tag", tag: "canary", before: "svc-d", after: "svc-e" },
      ],
    });
  });

  it("an untagged 0% entry added or left out is not drift", () => {
    const live = liveService(
      "svc",
      [REV("svc-a", 81, "blue"), REV("svc-b", 9), REV("svc-c", 0), REV("svc-d", 10, "canary")],
      "svc-d",
    );
    expect(checkTrafficDrift({ serviceId: "svc", live, last })).toEqual({ drift: false, why: "unchanged" });
  });

  it("a manual edit is drift: recorded and live splits, and the changes recorded → live", () => {
    const live = liveService("svc", [REV("svc-a", 100, "blue"), REV("svc-d", 0, "canary")], "svc-d");
    const check = checkTrafficDrift({ serviceId: "svc", live, last });
    expect(check).toEqual({
      drift: true,
      recorded: [R("svc-a", 81, "blue"), R("svc-b", 9), R("svc-d", 10, "canary")],
      live: [R("svc-a", 100, "blue"), R("svc-d", 0, "canary")],
      changes: [
        { kind: "percent", target: "svc-a", before: 81, after: 100 },
        { kind: "percent", target: "svc-d", before: 10, after: 0 },
        { kind: "percent", target: "svc-b", before: 9, after: 0 },
      ],
    });
    if (!check.drift) throw new Error("expected drift");
    expect(trafficDriftMessage("svc", check.changes)).toBe(
      "traffic of svc was changed outside this deployment since its last step (svc-a: 81% → 100%, svc-d: 10% → 0%, svc-b: 9% → 0%)",
    );
  });

  it("a moved tag alone is drift", () => {
    const live = liveService("svc", [REV("svc-a", 81), REV("svc-b", 9, "blue"), REV("svc-d", 10, "canary")], "svc-d");
    expect(checkTrafficDrift({ serviceId: "svc", live, last })).toMatchObject({
      drift: true,
      changes: [{ kind: "tag", tag: "blue", before: "svc-a", after: "svc-b" }],
    });
  });

  it("the split this step makes of the recorded one is not drift (a re-run after a lost record)", () => {
    // PROMOTE 50 from the record: {a: 45 (blue), b: 5, d: 50 (canary)}.
    const live = liveService("svc", [REV("svc-a", 45, "blue"), REV("svc-b", 5), REV("svc-d", 50, "canary")], "svc-d");
    const step = { candidate: "svc-d", percent: 50 };
    expect(checkTrafficDrift({ serviceId: "svc", live, last, step })).toEqual({ drift: false, why: "step-applied" });
    // Another step (or none) does not excuse it.
    expect(checkTrafficDrift({ serviceId: "svc", live, last, step: { candidate: "svc-d", percent: 100 } }).drift).toBe(
      true,
    );
    expect(checkTrafficDrift({ serviceId: "svc", live, last }).drift).toBe(true);
  });

  it("a LATEST with nothing ready to resolve to stays LATEST and differs", () => {
    const live = liveService("svc", [REV("LATEST", 100)], "svc-d", { latestReadyRevision: undefined });
    expect(checkTrafficDrift({ serviceId: "svc", live, last })).toMatchObject({
      drift: true,
      live: [{ type: "LATEST", percent: 100 }],
    });
  });
});
