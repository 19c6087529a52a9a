// CLOUDRUN_SYNC against the in-memory fakes.
import type { SyncStageOptions } from "@cr/config";
import { describe, expect, it } from "vitest";
import { fakeDeps } from "../../test/fake-deps.js";
import {
  A,
  B,
  BASELINE_TRAFFIC,
  C,
  CANDIDATE,
  knativeManifest,
  LATEST_BASELINE_TRAFFIC,
  REV,
  routing,
  SVC,
  seedBaseline,
  stageInput,
} from "../../test/fixtures.js";
import { fakesEachTest, stageRuns } from "../../test/stage-runs.js";
import { METADATA_CANDIDATE_REVISION, METADATA_SERVICE_ID, METADATA_TRAFFIC_SNAPSHOT } from "../metadata-keys.js";
import { appliedSplit } from "../split.js";
import { runSyncStage } from "./run.js";

const IMAGE = "gcr.io/demo/helloworld:v2";
const opts = (o: Partial<SyncStageOptions> = {}): SyncStageOptions => ({ skipTrafficShift: false, prune: false, ...o });
const sortSplit = <T>(s: T[]) => [...s].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

// Tripwires on every test: never a traffic write to a non-ready revision, never a secret in the log.
const f = fakesEachTest();
const { sync } = stageRuns(f);

describe("CLOUDRUN_SYNC", () => {
  it("creates a new service and routes all traffic to the new revision", async () => {
    const out = await sync();
    expect(out).toEqual({ status: "SUCCESS", summary: `revision ${CANDIDATE} serves 100% of ${SVC}` });
    const svc = f.cloudRun.peek(SVC);
    expect(appliedSplit(svc ?? { trafficStatuses: [] })).toEqual([
      { type: "REVISION", revision: CANDIDATE, percent: 100 },
    ]);
    expect(svc?.labels).toMatchObject({ "pipecd-dev-managed-by": "piped", "pipecd-dev-commit-hash": "abc1234def5678" });
    expect(svc?.template.labels).toMatchObject({ "pipecd-dev-application": "app-1" });
    expect(JSON.parse(f.metadata.deployment.get(METADATA_TRAFFIC_SNAPSHOT) ?? "")).toEqual({
      version: 1,
      service: SVC,
      existed: false,
    });
    expect(f.metadata.deployment.get(METADATA_CANDIDATE_REVISION)).toBe(CANDIDATE);
    expect(f.metadata.deployment.get(METADATA_SERVICE_ID)).toBe(SVC);
    expect(f.metadata.lastStage()).toEqual({
      revision: CANDIDATE,
      service_name: SVC,
      service_url: `https://${SVC}-abc-uc.a.run.app`,
    });
    expect(f.journal.mutations().map((e) => e.call)).toEqual(["cloudRun.applyService", "cloudRun.updateTraffic"]);
    expect(f.log.lines.at(-1)?.level).toBe("success");
  });

  it("writes the snapshot and the ids before the first mutation", async () => {
    seedBaseline(f.cloudRun);
    await sync();
    const firstMutation = f.journal.indexOf((e) => e.call === "cloudRun.applyService");
    for (const key of [METADATA_TRAFFIC_SNAPSHOT, METADATA_SERVICE_ID, METADATA_CANDIDATE_REVISION]) {
      const put = f.journal.indexOf((e) => e.call === "metadata.put" && e.target === key);
      expect(put).toBeGreaterThanOrEqual(0);
      expect(put).toBeLessThan(firstMutation);
    }
  });

  it("creates the revision at 0% (current split pinned), then gives it 100% keeping every tag", async () => {
    seedBaseline(f.cloudRun, [REV(A, 90, "blue"), REV("LATEST", 10), REV(C, 0, "preview")]);
    let sent: unknown;
    f.cloudRun.beforeCall("applyService", ([service]) => {
      sent = (service as { traffic: unknown }).traffic;
    });
    const out = await sync();
    expect(out.status).toBe("SUCCESS");
    expect(sent).toEqual([REV(A, 90, "blue"), REV(B, 10), REV(C, 0, "preview")]);
    expect(sortSplit(appliedSplit(f.cloudRun.peek(SVC) ?? {}))).toEqual(
      sortSplit([
        { type: "REVISION", revision: CANDIDATE, percent: 100 },
        { type: "REVISION", revision: A, percent: 0, tag: "blue" },
        { type: "REVISION", revision: C, percent: 0, tag: "preview" },
      ]),
    );
    const snapshot = JSON.parse(f.metadata.deployment.get(METADATA_TRAFFIC_SNAPSHOT) ?? "");
    expect(snapshot.traffic.targets).toEqual([
      { revision: A, percent: 90, tag: "blue" },
      { revision: B, percent: 10, wasLatest: true },
      { revision: C, percent: 0, tag: "preview" },
    ]);
    expect(f.log.text()).toMatch(/TARGET\s+PERCENT\s+TAG/);
  });

  it("skipTrafficShift keeps the split and gives the tagged candidate a preview URL", async () => {
    seedBaseline(f.cloudRun);
    const out = await sync({ skipTrafficShift: true, tag: "canary" });
    expect(out).toEqual({
      status: "SUCCESS",
      summary: `revision ${CANDIDATE} of ${SVC} is deployed; traffic was not shifted`,
    });
    expect(sortSplit(f.cloudRun.peek(SVC)?.traffic ?? [])).toEqual(
      sortSplit([...BASELINE_TRAFFIC, REV(CANDIDATE, 0, "canary")]),
    );
    expect(f.metadata.lastStage()?.tag_url).toBe(`https://canary---${SVC}-abc-uc.a.run.app`);
  });

  it("skipTrafficShift without a tag makes exactly one mutation (the write)", async () => {
    seedBaseline(f.cloudRun);
    await sync({ skipTrafficShift: true });
    expect(f.journal.mutations().map((e) => e.call)).toEqual(["cloudRun.applyService"]);
    expect(f.cloudRun.peek(SVC)?.traffic).toEqual(BASELINE_TRAFFIC);
  });

  it("fails fast on a revision that fails readiness, leaving the routing untouched", async () => {
    seedBaseline(f.cloudRun, LATEST_BASELINE_TRAFFIC);
    const before = routing(f.cloudRun.peek(SVC));
    expect(before).toEqual([`${A}:0:blue`, `${B}:100`]);
    f.cloudRun.setImageReadiness(IMAGE, {
      mode: "fail",
      reason: "HEALTH_CHECK_CONTAINER_ERROR",
      message: "The container failed to listen on PORT=8080",
    });
    const out = await sync();
    expect(out.status).toBe("FAILURE");
    expect(out.summary).toMatch(
      /revision helloworld-v2-abc1234 failed to become ready: HEALTH_CHECK_CONTAINER_ERROR: .*PORT=8080.*traffic was not changed/,
    );
    expect(f.log.errors().join("\n")).toContain("HEALTH_CHECK_CONTAINER_ERROR");
    expect(f.journal.calls("cloudRun.updateTraffic")).toEqual([]);
    expect(routing(f.cloudRun.peek(SVC))).toEqual(before);
  });

  it("fails at the readiness deadline", async () => {
    seedBaseline(f.cloudRun);
    f.cloudRun.setImageReadiness(IMAGE, { mode: "never" });
    const out = await sync({ readinessTimeoutMs: 30 });
    expect(out).toEqual({
      status: "FAILURE",
      summary: `revision ${CANDIDATE} did not become ready within 30ms; traffic was not changed`,
    });
    expect(f.journal.calls("cloudRun.updateTraffic")).toEqual([]);
  });

  it.each([
    { name: "YAML syntax", text: `${knativeManifest(IMAGE)}  : [x\n`, want: /service\.yaml:\d+:\d+/ },
    {
      name: "a bad image",
      text: knativeManifest("gcr.io/demo/Hello:v2"),
      want: /service\.yaml:11:18: spec\.template\.spec\.containers\[0\]\.image: .*lowercase/,
    },
    {
      name: "a Cloud Run job",
      text: "apiVersion: run.googleapis.com/v1\nkind: Job\nmetadata:\n  name: x\n",
      want: /service\.yaml:1:13: .*Jobs are not supported/,
    },
  ])("fails on $name without any Cloud Run call", async ({ text, want }) => {
    const input = { ...stageInput(opts()), manifest: { fileName: "service.yaml", text } };
    const out = await runSyncStage(input, f.deps);
    expect(out.status).toBe("FAILURE");
    expect(out.summary).toMatch(/^invalid service manifest: /);
    expect(out.summary).toMatch(want);
    expect(f.log.errors()).toEqual([out.summary]);
    expect(f.journal.entries.filter((e) => e.call.startsWith("cloudRun."))).toEqual([]);
  });

  it("converges when run twice: one revision, one snapshot, no second mutation", async () => {
    seedBaseline(f.cloudRun);
    expect((await sync()).status).toBe("SUCCESS");
    const revisions = f.cloudRun.revisionNames(SVC);
    const mutations = f.journal.mutations().length;
    const again = await sync();
    expect(again.status).toBe("SUCCESS");
    expect(f.cloudRun.revisionNames(SVC)).toEqual(revisions);
    expect(revisions.filter((r) => r === CANDIDATE)).toHaveLength(1);
    expect(f.journal.mutations()).toHaveLength(mutations);
    expect(
      f.journal.entries.filter((e) => e.call === "metadata.put" && e.target === METADATA_TRAFFIC_SNAPSHOT),
    ).toHaveLength(1);
  });

  it("a re-run after a crash past the write converges on the same revision and keeps the first snapshot", async () => {
    seedBaseline(f.cloudRun);
    f.cloudRun.failNext("updateTraffic", "Unavailable", "connection reset");
    const first = await sync();
    expect(first).toMatchObject({ status: "FAILURE", summary: expect.stringMatching(/Unavailable: connection reset/) });
    const snapshot = f.metadata.deployment.get(METADATA_TRAFFIC_SNAPSHOT);
    const second = await sync();
    expect(second.status).toBe("SUCCESS");
    expect(f.cloudRun.revisionNames(SVC).sort()).toEqual([A, B, C, CANDIDATE].sort());
    expect(f.metadata.deployment.get(METADATA_TRAFFIC_SNAPSHOT)).toBe(snapshot);
    expect(f.journal.calls("cloudRun.applyService")).toHaveLength(1);
    expect(JSON.parse(snapshot ?? "").traffic.targets).toHaveLength(3);
  });

  it("cancelled during the readiness wait: FAILURE cancelled and no mutation after the abort", async () => {
    const controller = new AbortController();
    Object.assign(f, fakeDeps(controller.signal));
    seedBaseline(f.cloudRun);
    f.cloudRun.setImageReadiness(IMAGE, { mode: "never" });
    // The write waits for readiness; the abort comes during that wait.
    f.cloudRun.beforeCall("applyService", () => {
      setTimeout(() => controller.abort(), 5);
    });
    const out = await sync();
    expect(out).toEqual({ status: "FAILURE", summary: "cancelled" });
    expect(f.journal.entries.filter((e) => e.afterAbort && e.mutating)).toEqual([]);
    expect(f.journal.calls("cloudRun.updateTraffic")).toEqual([]);
    expect(f.log.errors().join("\n")).toMatch(/Cancelled/);
  });

  it("cancelled before it starts: no call at all", async () => {
    const controller = new AbortController();
    controller.abort();
    Object.assign(f, fakeDeps(controller.signal));
    const out = await sync();
    expect(out).toEqual({ status: "FAILURE", summary: "cancelled" });
    expect(f.journal.entries).toEqual([]);
  });

  it("on an etag conflict with traffic unchanged, reads again and applies once more", async () => {
    seedBaseline(f.cloudRun);
    f.cloudRun.beforeCall("applyService", () => f.cloudRun.concurrentWrite(SVC));
    const out = await sync();
    expect(out.status).toBe("SUCCESS");
    expect(f.journal.calls("cloudRun.applyService")).toHaveLength(2);
    expect(f.log.text()).toMatch(/etag mismatch/);
  });

  it("on an etag conflict with traffic moved by someone else, fails with concurrent modification", async () => {
    seedBaseline(f.cloudRun);
    f.cloudRun.beforeCall("applyService", () => f.cloudRun.concurrentWrite(SVC, [REV(A, 100)]));
    const out = await sync();
    expect(out.status).toBe("FAILURE");
    expect(out.summary).toMatch(/^concurrent modification: .*helloworld-a: 90% → 100%.*helloworld-b: 10% → 0%/);
    expect(f.cloudRun.revisionNames(SVC)).not.toContain(CANDIDATE);
  });

  it("prune keeps the 5 most recent revisions and older ones that are tagged or in the snapshot", async () => {
    const old = Array.from({ length: 8 }, (_, i) => ({ name: `${SVC}-r${i + 1}` }));
    f.cloudRun.seed(SVC, old, [REV(`${SVC}-r8`, 100), REV(`${SVC}-r1`, 0, "old")]);
    const out = await sync({ prune: true });
    expect(out.status).toBe("SUCCESS");
    // Kept: candidate (serving), r8 (snapshot), r7..r5 (the 5 most recent with those two), r1 (tagged).
    const deleted = [2, 3, 4].map((i) => `${SVC}-r${i}`);
    expect(f.cloudRun.revisionNames(SVC).sort()).toEqual(
      [CANDIDATE, ...old.map((r) => r.name).filter((n) => !deleted.includes(n))].sort(),
    );
    expect(f.metadata.lastStage()?.deleted_revisions).toBe(deleted.join(","));
  });

  it("names the fix when the manifest's revision name exists with another template", async () => {
    f.cloudRun.seed(SVC, [{ name: `${SVC}-custom`, image: "gcr.io/demo/helloworld:v1" }], [REV(`${SVC}-custom`, 100)]);
    const text = knativeManifest(IMAGE, SVC, `    metadata:\n      name: ${SVC}-custom\n`);
    const out = await runSyncStage({ ...stageInput(opts()), manifest: { fileName: "service.yaml", text } }, f.deps);
    expect(out.status).toBe("FAILURE");
    expect(out.summary).toMatch(/revision helloworld-custom already exists with a different configuration .*new name/);
  });

  it("fails before any mutation when the snapshot cannot be stored", async () => {
    seedBaseline(f.cloudRun);
    f.metadata.failPuts = 1;
    const out = await sync();
    expect(out).toMatchObject({
      status: "FAILURE",
      summary: expect.stringMatching(/storing the pre-deployment snapshot failed/),
    });
    expect(f.journal.mutations()).toEqual([]);
  });

  it("fails on an unreadable stored snapshot before any mutation", async () => {
    seedBaseline(f.cloudRun);
    f.metadata.deployment.set(METADATA_TRAFFIC_SNAPSHOT, "{not json");
    const out = await sync();
    expect(out.summary).toMatch(/stored pre-deployment snapshot is unreadable/);
    expect(f.journal.mutations()).toEqual([]);
  });
});
