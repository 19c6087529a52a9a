/**
 * The stages end to end against the Cloud Run emulator, through the real @cr/cloudrun client and a
 * test-only port adapter (emulator-port.ts). State is checked with the emulator's own view.
 */
import { fromTrafficTargets, type Service, type TrafficTarget } from "@cr/cloudrun/pure";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runCanaryCleanupStage } from "../src/canary-cleanup/run.js";
import type { StageDeps } from "../src/ports.js";
import { runPromoteStage } from "../src/promote/run.js";
import { runRollbackStage } from "../src/rollback/run.js";
import { runSyncStage } from "../src/sync/run.js";
import { type EmulatorHarness, startEmulatorHarness } from "./emulator-port.js";
import { InMemoryMetadata, RecordingLog } from "./fake-deps.js";
import { Journal } from "./fake-journal.js";
import { A, B, C, CANDIDATE, promoteOptions, REV, routing, SECRET_ENV_VALUE, SVC, stageInput } from "./fixtures.js";

const IMAGE = "gcr.io/demo/helloworld:v2";
let h: EmulatorHarness;
let deps: StageDeps & { metadata: InMemoryMetadata; log: RecordingLog };

beforeAll(async () => {
  h = await startEmulatorHarness();
});
afterAll(async () => {
  await h?.close();
});
beforeEach(() => {
  h.emulator.control.reset();
  const journal = new Journal();
  deps = {
    cloudRun: h.port,
    metadata: new InMemoryMetadata(journal),
    log: new RecordingLog(),
    signal: new AbortController().signal,
  };
});
afterEach(() => {
  expect(deps.log.text()).not.toContain(SECRET_ENV_VALUE);
});

const signal = () => new AbortController().signal;
const live = async (): Promise<Service | null> => h.client.getService(SVC, { signal: signal() });
const revisions = async () =>
  (await h.client.listRevisions(SVC, { signal: signal() })).map((r) => r.name.split("/").pop() as string).sort();
const mutations = () => h.emulator.control.journal({ mutating: true });

const OLD = `${SVC}-old`;

/** Creates SVC with revisions old, a, c, b (b last, so the latest ready) and then `traffic`. */
async function seed(traffic: TrafficTarget[]): Promise<void> {
  for (const name of [OLD, A, C, B]) {
    await h.client.createOrUpdateService(
      { name: SVC, template: { revision: name, containers: [{ image: `gcr.io/demo/helloworld:${name.slice(-1)}` }] } },
      { signal: signal() },
    );
  }
  await h.client.updateTraffic(SVC, traffic, { signal: signal() });
  h.emulator.control.clearJournal();
}

describe("stages against the Cloud Run emulator", () => {
  it("quick sync of a new service", async () => {
    const out = await runSyncStage(stageInput({ skipTrafficShift: false, prune: false }), deps);
    expect(out, deps.log.text()).toEqual({ status: "SUCCESS", summary: `revision ${CANDIDATE} serves 100% of ${SVC}` });
    const svc = await live();
    expect(routing(svc)).toEqual([`${CANDIDATE}:100`]);
    expect(fromTrafficTargets(svc?.traffic)).toEqual([{ type: "REVISION", revision: CANDIDATE, percent: 100 }]);
    expect(svc?.labels).toMatchObject({ "pipecd-dev-managed-by": "piped", "pipecd-dev-piped": "piped-1" });
    expect(await revisions()).toEqual([CANDIDATE]);
    expect(deps.metadata.lastStage()).toMatchObject({ revision: CANDIDATE, service_name: SVC });
    expect(deps.metadata.lastStage()?.service_url).toMatch(/^https:\/\//);
  });

  it("canary: SYNC(skipTrafficShift) → PROMOTE 10 → 50 → 100 → CLEANUP", async () => {
    await seed([REV(A, 90, "blue"), REV(B, 10), REV(C, 0, "preview")]);

    const sync = await runSyncStage(stageInput({ skipTrafficShift: true, prune: false, tag: "canary" }), deps);
    expect(sync.status, deps.log.text()).toBe("SUCCESS");
    expect(routing(await live())).toEqual(
      [`${A}:90:blue`, `${B}:10`, `${C}:0:preview`, `${CANDIDATE}:0:canary`].sort(),
    );
    expect(deps.metadata.lastStage()?.tag_url).toMatch(/^https:\/\/canary---/);
    // No traffic for the candidate before it was Ready: the one write that created it sent the old
    // split, plus the candidate's tag on a 0 % entry.
    const [created, ...rest] = mutations();
    const sent = (created?.request.service ?? {}) as { revision?: string; traffic?: TrafficTarget[] };
    expect(sent.revision).toBe(CANDIDATE);
    expect(sent.traffic?.map((t) => [t.revision, t.percent ?? 0, t.tag ?? ""]).sort()).toEqual(
      [
        [A, 90, "blue"],
        [B, 10, ""],
        [C, 0, "preview"],
        [CANDIDATE, 0, "canary"],
      ].sort(),
    );
    expect(rest).toEqual([]);

    const steps: [number, string[]][] = [
      [10, [`${A}:81:blue`, `${B}:9`, `${C}:0:preview`, `${CANDIDATE}:10:canary`]],
      [50, [`${A}:45:blue`, `${B}:5`, `${C}:0:preview`, `${CANDIDATE}:50:canary`]],
      [100, [`${A}:0:blue`, `${C}:0:preview`, `${CANDIDATE}:100:canary`]],
    ];
    for (const [percent, want] of steps) {
      h.emulator.control.clearJournal();
      const out = await runPromoteStage(stageInput(promoteOptions(percent)), deps);
      expect(out.status, deps.log.text()).toBe("SUCCESS");
      expect(routing(await live())).toEqual(want.sort());
      expect(mutations().map((m) => m.method)).toEqual(["UpdateService"]);
    }
    expect(await revisions()).toEqual([OLD, A, B, C, CANDIDATE].sort());

    // b and a are in the snapshot, c is tagged, the candidate serves: only "old" can go.
    h.emulator.control.clearJournal();
    const cleaned = await runCanaryCleanupStage(stageInput({ keepCount: 0, keepLatest: true }), deps);
    expect(cleaned, deps.log.text()).toEqual({ status: "SUCCESS", summary: `deleted 1 revision of ${SVC}, kept 4` });
    expect(await revisions()).toEqual([A, B, C, CANDIDATE].sort());
    expect(mutations().map((m) => m.method)).toEqual(["DeleteRevision"]);
    expect(routing(await live())).toEqual([`${A}:0:blue`, `${C}:0:preview`, `${CANDIDATE}:100:canary`].sort());
  });

  it("auto-rollback after PROMOTE 50 restores the exact split with tags (LATEST pinned)", async () => {
    await seed([REV("LATEST", 100), REV(A, 0, "blue")]);
    expect(routing(await live())).toEqual([`${A}:0:blue`, `${B}:100`]);
    expect((await runSyncStage(stageInput({ skipTrafficShift: true, prune: false }), deps)).status).toBe("SUCCESS");
    expect(routing(await live())).toEqual([`${A}:0:blue`, `${B}:100`]);
    expect((await runPromoteStage(stageInput(promoteOptions(50)), deps)).status).toBe("SUCCESS");
    expect(routing(await live())).toEqual([`${A}:0:blue`, `${B}:50`, `${CANDIDATE}:50`]);

    h.emulator.control.clearJournal();
    const out = await runRollbackStage(stageInput({}), deps);
    expect(out.status, deps.log.text()).toBe("SUCCESS");
    const svc = await live();
    // b is pinned by name: "LATEST" would now mean the candidate.
    expect(fromTrafficTargets(svc?.traffic)).toEqual([
      { type: "REVISION", revision: B, percent: 100 },
      { type: "REVISION", revision: A, percent: 0, tag: "blue" },
    ]);
    expect(routing(svc)).toEqual([`${A}:0:blue`, `${B}:100`]);
    expect(mutations().map((m) => m.method)).toEqual(["UpdateService"]);
  });

  it("a revision that fails readiness: FAILURE, traffic untouched", async () => {
    await seed([REV(A, 90, "blue"), REV(B, 10)]);
    h.emulator.control.setImageReadiness(IMAGE, { mode: "fail", message: "The container failed to start" });
    const before = routing(await live());
    const out = await runSyncStage(stageInput({ skipTrafficShift: false, prune: false }), deps);
    expect(out.status).toBe("FAILURE");
    expect(out.summary).toMatch(/revision helloworld-v2-abc1234 failed to become ready: .*traffic was not changed/);
    expect(routing(await live())).toEqual(before);
    // One write (creating the revision with the old split), no traffic update.
    expect(mutations().map((m) => m.method)).toEqual(["UpdateService"]);
    // And rollback finds nothing to change.
    const rolledBack = await runRollbackStage(stageInput({}), deps);
    expect(rolledBack.status).toBe("SUCCESS");
    expect(routing(await live())).toEqual(before);
  });

  it("SYNC twice converges with one revision and no second write", async () => {
    await seed([REV(A, 100)]);
    expect((await runSyncStage(stageInput({ skipTrafficShift: false, prune: false }), deps)).status).toBe("SUCCESS");
    const afterFirst = mutations().length;
    const again = await runSyncStage(stageInput({ skipTrafficShift: false, prune: false }), deps);
    expect(again.status, deps.log.text()).toBe("SUCCESS");
    expect(await revisions()).toEqual([OLD, A, B, C, CANDIDATE].sort());
    expect(mutations()).toHaveLength(afterFirst);
    expect(routing(await live())).toEqual([`${CANDIDATE}:100`]);
  });
});
