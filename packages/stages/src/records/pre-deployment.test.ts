// The pre-deployment record: taken from the live service, serialised and parsed back.
import { describe, expect, it } from "vitest";
import { liveService, REV, SVC_TRAFFIC_SNAPSHOT } from "../../test/fixtures.js";
import { parseRecord, recordFromLive, recordRevisions, serializeRecord } from "./pre-deployment.js";

describe("recordFromLive", () => {
  it("records a first deployment", () => {
    expect(recordFromLive("svc", null)).toEqual({ version: 1, service: "svc", existed: false });
  });

  it("stores LATEST resolved, with tags and 0% tagged entries, from trafficStatuses", () => {
    const live = liveService("svc", [REV("LATEST", 100), REV("svc-a", 0, "blue")], "svc-b", {
      trafficStatuses: [
        { ...REV("LATEST", 100), revision: "svc-b" },
        { ...REV("svc-a", 0, "blue"), uri: "https://blue---svc" },
      ],
    });
    const record = recordFromLive("svc", live);
    expect(record).toEqual({
      version: 1,
      service: "svc",
      existed: true,
      traffic: SVC_TRAFFIC_SNAPSHOT,
    });
    expect(recordRevisions(record)).toEqual(["svc-b", "svc-a"]);
  });

  it("notes a service that serves nothing", () => {
    const live = liveService("svc", [REV("LATEST", 100)], "svc-a", { latestReadyRevision: undefined });
    const record = recordFromLive("svc", live);
    expect(record.existed).toBe(true);
    expect(record.traffic).toBeUndefined();
    expect(record.note).toMatch(/LATEST/);
  });
});

describe("parseRecord", () => {
  it("round-trips", () => {
    const record = recordFromLive("svc", liveService("svc", [REV("svc-a", 90), REV("svc-b", 10, "x")], "svc-b"));
    expect(parseRecord(serializeRecord(record))).toEqual({ ok: true, record });
  });

  it.each([
    { name: "not JSON", text: "{", want: /not valid JSON/ },
    { name: "not an object", text: "[]", want: /not an object/ },
    { name: "wrong version", text: '{"version":2,"service":"s","existed":false}', want: /version/ },
    { name: "no service", text: '{"version":1,"existed":false}', want: /names no service/ },
    { name: "no existed flag", text: '{"version":1,"service":"s"}', want: /existed/ },
    {
      name: "bad traffic",
      text: '{"version":1,"service":"s","existed":true,"traffic":{"version":1,"source":"traffic","targets":[{"revision":"s-a","percent":50}]}}',
      want: /traffic: .*100/,
    },
  ])("rejects $name", ({ text, want }) => {
    const r = parseRecord(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.join("; ")).toMatch(want);
  });
});
