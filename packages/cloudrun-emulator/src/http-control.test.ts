// The HTTP control API: each route over a real socket, and its 400/404 answers.
import { describe, expect, it } from "vitest";
import { codeOf, LRO, serviceName, template, useHarness, waitUntil } from "../test/harness.js";
import type { JournalEntry } from "./journal.js";

const h = useHarness();

async function http(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${h.emu.controlUrl}${path}`, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { "content-type": "application/json" } }),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe("HTTP control API", () => {
  it("listens on loopback and reports the gRPC host", async () => {
    expect(h.emu.controlUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await http("GET", "/control/health")).toEqual({ status: 200, json: { ok: true, host: h.emu.host } });
  });

  it("adds, lists and removes faults", async () => {
    const added = await http("POST", "/control/faults", {
      kind: "fail",
      method: "GetService",
      code: "INTERNAL",
      times: 1,
    });
    expect(added.status).toBe(200);
    const id = added.json.id as string;
    const listed = await http("GET", "/control/faults");
    expect(listed.json.faults).toMatchObject([{ id, remaining: 1, hits: 0, spec: { code: "INTERNAL" } }]);
    expect((await codeOf(h.services.getService({ name: serviceName("x") }))).code).toBe(13);
    expect((await http("GET", "/control/faults")).json.faults).toEqual([]);

    const again = await http("POST", "/control/faults", {
      kind: "fail",
      method: "GetService",
      code: 7,
      times: "always",
    });
    expect((await http("DELETE", `/control/faults/${again.json.id as string}`)).status).toBe(200);
    expect((await http("DELETE", "/control/faults/fault-999")).status).toBe(404);
  });

  it("rejects invalid requests with 400 and unknown routes with 404", async () => {
    expect((await http("POST", "/control/faults", { kind: "fail", method: "Nope", code: "UNAVAILABLE" })).status).toBe(
      400,
    );
    expect((await http("POST", "/control/faults", { kind: "fail", method: "GetService", code: "WAT" })).status).toBe(
      400,
    );
    const res = await fetch(`${h.emu.controlUrl}/control/faults`, { method: "POST", body: "{not json" });
    expect(res.status).toBe(400);
    expect((await http("GET", "/control/nothing")).status).toBe(404);
    expect((await http("POST", "/control/etag", { service: serviceName("missing") })).status).toBe(404);
  });

  it("stalls and releases calls", async () => {
    const { json } = await http("POST", "/control/faults", { kind: "stall", method: "GetService" });
    const pending = codeOf(h.services.getService({ name: serviceName("x") }));
    await waitUntil(() => h.emu.control.heldCalls() === 1);
    expect((await http("POST", "/control/release", { faultId: json.id })).json).toEqual({ released: 1 });
    expect((await pending).code).toBe(5);
  });

  it("bumps etags, sets traffic and image readiness, reads the journal and resets", async () => {
    const v1 = await h.createService("hello", { template: template("img:1", { revision: "hello-one" }) });
    await h.updateService({ ...v1, template: template("img:2", { revision: "hello-two" }) });

    const bumped = await http("POST", "/control/etag", { service: serviceName("hello") });
    expect((await h.getService("hello")).etag).toBe(bumped.json.etag);

    const traffic = await http("POST", "/control/traffic", {
      service: serviceName("hello"),
      traffic: [
        { type: "REVISION", revision: "hello-one", percent: 50 },
        { type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION", revision: "hello-two", percent: 50 },
      ],
    });
    expect(traffic.status).toBe(200);
    expect((await h.getService("hello")).trafficStatuses?.map((s) => s.percent)).toEqual([50, 50]);
    const badTraffic = await http("POST", "/control/traffic", {
      service: serviceName("hello"),
      traffic: [{ percent: 5 }],
    });
    expect(badTraffic.status).toBe(400);
    expect(badTraffic.json.error).toContain("add up to 100");

    expect((await http("POST", "/control/images", { image: "img:bad", readiness: { mode: "fail" } })).status).toBe(200);
    expect((await http("GET", "/control/images")).json.images).toMatchObject({ "img:bad": { mode: "fail" } });
    expect((await http("POST", "/control/images", { image: "img:x", readiness: { mode: "sometimes" } })).status).toBe(
      400,
    );
    const svc = await h.getService("hello");
    const [op] = await h.services.updateService({ service: { ...svc, template: template("img:bad") } }, LRO);
    expect((await codeOf(op.promise())).code).toBe(9);

    const journal = await http("GET", "/control/journal?method=UpdateService");
    const entries = journal.json.entries as JournalEntry[];
    expect(entries.map((e) => e.method)).toEqual(["UpdateService", "UpdateService"]);
    const mutating = (await http("GET", "/control/journal?mutating=true")).json.entries as JournalEntry[];
    expect(mutating.map((e) => e.method)).toEqual(["CreateService", "UpdateService", "UpdateService"]);

    expect((await http("POST", "/control/reset")).json).toEqual({ ok: true });
    expect((await codeOf(h.services.getService({ name: serviceName("hello") }))).code).toBe(5);
  });
});
