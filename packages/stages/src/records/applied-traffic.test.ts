// The applied-traffic record: built from a verified service, serialised and parsed back.
import { describe, expect, it } from "vitest";
import { liveService, REV } from "../../test/fixtures.js";
import {
  appliedTrafficRecord,
  parseAppliedTraffic,
  recordedSplit,
  serializeAppliedTraffic,
} from "./applied-traffic.js";

const verified = (latestReady: string) => {
  const service = liveService("svc", [REV("LATEST", 90), REV("svc-a", 10, "blue")], latestReady);
  return { ...service, trafficStatuses: service.traffic };
};

describe("applied-traffic record", () => {
  it("stores what Cloud Run applied, LATEST resolved, and round-trips through JSON", () => {
    const made = appliedTrafficRecord("svc", "d-1", verified("svc-b"), false);
    if (!made.ok) throw new Error(made.problem);
    expect(recordedSplit(made.record)).toEqual([
      { type: "REVISION", revision: "svc-b", percent: 90 },
      { type: "REVISION", revision: "svc-a", percent: 10, tag: "blue" },
    ]);
    const parsed = parseAppliedTraffic(serializeAppliedTraffic(made.record));
    expect(parsed).toEqual({ ok: true, record: made.record });
  });

  it("cannot record a LATEST that resolves to nothing", () => {
    const service = { ...verified("svc-b"), latestReadyRevision: undefined, trafficStatuses: [REV("LATEST", 100)] };
    expect(appliedTrafficRecord("svc", "d-1", service, false)).toMatchObject({ ok: false });
  });

  it.each([
    ["not JSON", "{", "not valid JSON"],
    ["not an object", "[]", "not an object"],
    ["another version", '{"version":2}', "version"],
    ["no service", '{"version":1,"traffic":{}}', "names no service"],
    [
      "a split that does not add up",
      '{"version":1,"service":"svc","traffic":{"version":1,"source":"traffic","targets":[{"revision":"svc-a","percent":50}]}}',
      "add up to 100",
    ],
  ])("rejects %s", (_name, text, problem) => {
    const parsed = parseAppliedTraffic(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toContain(problem);
  });
});
