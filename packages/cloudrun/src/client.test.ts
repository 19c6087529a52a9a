/**
 * The real `@google-cloud/run` client, through CloudRunClient, against the in-process emulator:
 * connection, services, traffic-only updates, revisions and close (retries and failures are in
 * client-failures.test.ts). The socket guard in test/client-fixture.ts must see no foreign connection.
 */
import { describe, expect, it, vi } from "vitest";
import {
  FULL,
  IMAGE,
  PROJECT,
  REGION,
  revisionTarget,
  SVC,
  service,
  signal,
  useEmulatorClient,
} from "../test/client-fixture.js";
import { createEmulatorClient } from "../testing/index.js";
import { type Service, shortName } from "./model.js";

const env = useEmulatorClient();
const { deploy } = env;

describe("connection", () => {
  it("uses the emulator host from the environment, in plaintext", () => {
    expect(env.client.connection).toEqual({ kind: "emulator", host: "127.0.0.1", port: env.emu.port });
    expect(env.client.servicePath(SVC)).toBe(FULL);
    expect(env.client.revisionPath(SVC, "hello-001")).toBe(`${FULL}/revisions/hello-001`);
  });
});

describe("services", () => {
  it("getService returns null for a missing service", async () => {
    expect(await env.client.getService(SVC, { signal: signal() })).toBeNull();
    expect(env.emu.control.journal({ method: "GetService" })).toHaveLength(1);
  });

  it("creates a service with UpdateService(allow_missing) and returns the plain model", async () => {
    const created = await deploy(`${IMAGE}:1`, { labels: { team: "a" } });
    expect(created.name).toBe(FULL);
    expect(created.generation).toBe(1);
    expect(created.observedGeneration).toBe(1);
    expect(created.terminalCondition?.state).toBe("CONDITION_SUCCEEDED");
    expect(created.latestCreatedRevision).toBe(created.latestReadyRevision);
    expect(created.labels).toEqual({ team: "a" });
    expect(typeof created.etag).toBe("string");
    expect(JSON.parse(JSON.stringify(created))).toEqual(created); // no Long, no classes
    const updates = env.emu.control.journal({ method: "UpdateService" });
    expect(updates).toHaveLength(1);
    expect(updates[0]?.request).toMatchObject({ allowMissing: true });
    expect(await env.client.getService(SVC, { signal: signal() })).toEqual(created);
  });

  it("updates a service: a template change creates a new revision", async () => {
    const first = await deploy(`${IMAGE}:1`);
    const second = await deploy(`${IMAGE}:2`, { etag: first.etag as string });
    expect(second.generation).toBe(2);
    expect(second.latestCreatedRevision).not.toBe(first.latestCreatedRevision);
    expect(second.template.containers[0]?.image).toBe(`${IMAGE}:2`);
    const revisions = await env.client.listRevisions(SVC, { signal: signal() });
    expect(revisions.map((r) => r.name).sort()).toEqual(
      [first.latestCreatedRevision, second.latestCreatedRevision].sort(),
    );
  });

  it("re-applying the same desired state creates no revision", async () => {
    const first = await deploy(`${IMAGE}:1`);
    const again = await deploy(`${IMAGE}:1`);
    expect(again.latestCreatedRevision).toBe(first.latestCreatedRevision);
    expect(await env.client.listRevisions(SVC, { signal: signal() })).toHaveLength(1);
  });

  it("a stale etag on update is Aborted and not retried", async () => {
    const first = await deploy(`${IMAGE}:1`);
    env.emu.control.bumpEtag(FULL);
    await expect(
      env.client.createOrUpdateService(service(`${IMAGE}:2`), { signal: signal(), etag: first.etag as string }),
    ).rejects.toMatchObject({ name: "CloudRunError", code: "Aborted", retryable: false });
    expect(env.emu.control.journal({ method: "UpdateService" })).toHaveLength(2);
  });

  it("validateOnly returns the defaulted service and changes nothing", async () => {
    const validated = await env.client.createOrUpdateService(service(`${IMAGE}:1`), {
      signal: signal(),
      validateOnly: true,
    });
    expect(validated.template.containers[0]?.image).toBe(`${IMAGE}:1`);
    expect(validated.ingress).toBe("INGRESS_TRAFFIC_ALL");
    expect(await env.client.getService(SVC, { signal: signal() })).toBeNull();
    expect(env.emu.control.journal({ mutating: true })).toHaveLength(0);
  });
});

describe("traffic-only update", () => {
  it("changes traffic without creating a revision, using the etag", async () => {
    const first = await deploy(`${IMAGE}:1`);
    const second = await deploy(`${IMAGE}:2`);
    const live = (await env.client.getService(SVC, { signal: signal() })) as Service;
    const split = [
      revisionTarget(first.latestCreatedRevision as string, 90),
      revisionTarget(second.latestCreatedRevision as string, 10, "canary"),
    ];
    env.emu.control.clearJournal();
    const updated = await env.client.updateTraffic(SVC, split, { signal: signal(), etag: live.etag as string });
    expect(updated.traffic).toEqual(split);
    expect(updated.latestCreatedRevision).toBe(second.latestCreatedRevision);
    expect(updated.template).toEqual(live.template);
    expect(
      updated.trafficStatuses?.map((t) => [t.revision && shortName(t.revision), t.percent ?? 0, t.tag ?? ""]),
    ).toEqual([
      [shortName(first.latestCreatedRevision as string), 90, ""],
      [shortName(second.latestCreatedRevision as string), 10, "canary"],
    ]);
    expect(await env.client.listRevisions(SVC, { signal: signal() })).toHaveLength(2);
    const [write] = env.emu.control.journal({ method: "UpdateService" });
    expect(write?.request).toMatchObject({ updateMask: ["traffic"], service: { etag: live.etag } });
  });

  it("a lost reply (applied, then UNAVAILABLE) is retried once and recognised as applied", async () => {
    const first = await deploy(`${IMAGE}:1`);
    const second = await deploy(`${IMAGE}:2`);
    const split = [
      revisionTarget(first.latestCreatedRevision as string, 50),
      revisionTarget(second.latestCreatedRevision as string, 50),
    ];
    env.emu.control.applyThenFail("UpdateService", "UNAVAILABLE");
    env.emu.control.clearJournal();
    const updated = await env.client.updateTraffic(SVC, split, { signal: signal(), etag: second.etag as string });
    expect(updated.traffic).toEqual(split);
    const writes = env.emu.control.journal({ method: "UpdateService" });
    expect(writes.map((w) => [w.code, w.applied])).toEqual([
      ["UNAVAILABLE", true],
      ["ABORTED", false],
    ]);
  });

  it("a lost reply on create-or-update with a named revision is recognised as applied (one revision)", async () => {
    const first = await deploy(`${IMAGE}:1`);
    env.emu.control.applyThenFail("UpdateService", "UNAVAILABLE");
    env.emu.control.clearJournal();
    const named = service(`${IMAGE}:2`, {
      template: { ...service(`${IMAGE}:2`).template!, revision: `${SVC}-named-two` },
      traffic: [revisionTarget(first.latestCreatedRevision as string, 100)],
    });
    const applied = await env.client.createOrUpdateService(named, { signal: signal(), etag: first.etag as string });
    expect(shortName(applied.latestReadyRevision as string)).toBe(`${SVC}-named-two`);
    expect(env.emu.control.journal({ method: "UpdateService" }).map((w) => [w.code, w.applied])).toEqual([
      ["UNAVAILABLE", true],
      ["ABORTED", false],
    ]);
    expect(await env.client.listRevisions(SVC, { signal: signal() })).toHaveLength(2);
  });

  it("a lost reply on create-or-update stays Aborted when the live revision is someone else's", async () => {
    const first = await deploy(`${IMAGE}:1`);
    // Our first attempt is held, then fails without being applied; meanwhile someone else writes.
    env.emu.control.failNext("UpdateService", "UNAVAILABLE");
    env.emu.control.stall("UpdateService", { times: 1 });
    const named = service(`${IMAGE}:3`, { template: { ...service(`${IMAGE}:3`).template!, revision: `${SVC}-three` } });
    const attempt = env.client.createOrUpdateService(named, { signal: signal(), etag: first.etag as string });
    const settled = attempt.catch((error: unknown) => error);
    await vi.waitFor(() => expect(env.emu.control.heldCalls()).toBe(1));
    env.emu.control.bumpEtag(env.client.servicePath(SVC));
    env.emu.control.release();
    expect(await settled).toMatchObject({ code: "Aborted" });
    expect(await env.client.listRevisions(SVC, { signal: signal() })).toHaveLength(1);
  });

  it("an etag refusal on retry is still Aborted when the live traffic is not ours", async () => {
    const first = await deploy(`${IMAGE}:1`);
    const second = await deploy(`${IMAGE}:2`);
    env.emu.control.failNext("UpdateService", "UNAVAILABLE");
    env.emu.control.bumpEtagAfter("GetService"); // someone else writes between our read and our retry
    await expect(
      env.client.updateTraffic(
        SVC,
        [
          revisionTarget(first.latestCreatedRevision as string, 50),
          revisionTarget(second.latestCreatedRevision as string, 50),
        ],
        { signal: signal() },
      ),
    ).rejects.toMatchObject({ code: "Aborted" });
  });

  it("refuses without writing when the service changed since the plan's etag", async () => {
    const first = await deploy(`${IMAGE}:1`);
    env.emu.control.bumpEtag(FULL);
    env.emu.control.clearJournal();
    await expect(
      env.client.updateTraffic(SVC, [revisionTarget(first.latestCreatedRevision as string, 100)], {
        signal: signal(),
        etag: first.etag as string,
      }),
    ).rejects.toMatchObject({ code: "Aborted" });
    // The service as the deploy left it still carries that etag, so the write goes out with it and
    // Cloud Run refuses it; nothing changes.
    const writes = env.emu.control.journal({ mutating: true });
    expect(writes.map((w) => [w.code, w.applied])).toEqual([["ABORTED", false]]);
  });

  it("fails with NotFound for a missing service", async () => {
    await expect(env.client.updateTraffic(SVC, [], { signal: signal() })).rejects.toMatchObject({ code: "NotFound" });
  });
});

describe("revisions", () => {
  it("lists revisions across pages", async () => {
    const names: string[] = [];
    for (let i = 1; i <= 5; i++) names.push((await deploy(`${IMAGE}:${i}`)).latestCreatedRevision as string);
    env.emu.control.clearJournal();
    const revisions = await env.client.listRevisions(SVC, { signal: signal(), pageSize: 2 });
    expect(revisions.map((r) => r.name)).toEqual([...names].reverse()); // newest first
    expect(env.emu.control.journal({ method: "ListRevisions" })).toHaveLength(3);
    expect(revisions[0]?.containers?.[0]?.image).toBe(`${IMAGE}:5`);
    expect(typeof revisions[0]?.generation).toBe("number");
  });

  it("gets a revision by full name or by short id and service; null when missing", async () => {
    const created = await deploy(`${IMAGE}:1`);
    const full = created.latestCreatedRevision as string;
    const byFull = await env.client.getRevision(full, { signal: signal() });
    expect(byFull?.name).toBe(full);
    expect(byFull?.conditions?.find((c) => c.type === "Ready")?.state).toBe("CONDITION_SUCCEEDED");
    expect(await env.client.getRevision(shortName(full), { signal: signal(), service: SVC })).toEqual(byFull);
    expect(await env.client.getRevision(`${FULL}/revisions/${SVC}-99999-zzz`, { signal: signal() })).toBeNull();
    await expect(env.client.getRevision("hello-1", { signal: signal() })).rejects.toMatchObject({
      code: "InvalidArgument",
    });
  });

  it("deletes a retired revision; deleting the latest one is FailedPrecondition and not retried", async () => {
    const first = await deploy(`${IMAGE}:1`);
    const second = await deploy(`${IMAGE}:2`);
    await env.client.deleteRevision(first.latestCreatedRevision as string, { signal: signal() });
    expect(await env.client.getRevision(first.latestCreatedRevision as string, { signal: signal() })).toBeNull();
    expect((await env.client.listRevisions(SVC, { signal: signal() })).map((r) => r.name)).toEqual([
      second.latestCreatedRevision,
    ]);
    env.emu.control.clearJournal();
    await expect(
      env.client.deleteRevision(second.latestCreatedRevision as string, { signal: signal() }),
    ).rejects.toMatchObject({ code: "FailedPrecondition" });
    expect(env.emu.control.journal({ method: "DeleteRevision" })).toHaveLength(1);
  });

  it("a DeleteRevision whose reply was lost is retried and counts as done", async () => {
    const first = await deploy(`${IMAGE}:1`);
    await deploy(`${IMAGE}:2`);
    env.emu.control.applyThenFail("DeleteRevision", "UNAVAILABLE");
    await env.client.deleteRevision(first.latestCreatedRevision as string, { signal: signal() });
    const calls = env.emu.control.journal({ method: "DeleteRevision" });
    expect(calls.map((c) => c.code)).toEqual(["UNAVAILABLE", "NOT_FOUND"]);
  });
});

describe("close", () => {
  it("rejects calls after close", async () => {
    const other = createEmulatorClient(env.emu.host, { project: PROJECT, region: REGION });
    expect(await other.getService(SVC, { signal: signal() })).toBeNull();
    await other.close();
    await expect(other.getService(SVC, { signal: signal() })).rejects.toMatchObject({ code: "FailedPrecondition" });
  });
});
