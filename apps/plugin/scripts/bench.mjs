// `pnpm bench`: the built plugin's cost against baselines measured in the same run (bare
// `node -e 0`, a bare grpc-js server), and its Cloud Run calls from the emulator's journal. Prints
// one table (metric, value, baseline, ratio, goal) and exits 1 when a goal is missed. Goals are
// counts and ratios, not absolute times: machines are noisy. See the README for what it runs.

import { spawnSync } from "node:child_process";
import { statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createEmulatorClient } from "@cr/cloudrun/testing";
import { startEmulator } from "@cr/cloudrun-emulator";
import { deploymentSource, FakePiped, PluginProcess, StageStatus } from "@cr/sdk-host/testing";
import {
  bareGrpcServer,
  bareNodeMs,
  callCounts,
  canaryCommit,
  launchPlugin,
  median,
  peakRssMiB,
  percentile,
  printTable,
  rssMiB,
} from "./bench-lib.mjs";

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const CONCURRENT = Number(process.env.BENCH_CONCURRENT ?? 100);
const READY_DELAY_MS = Number(process.env.BENCH_READY_DELAY_MS ?? 300);
const CLEANUP_REVISIONS = Number(process.env.BENCH_REVISIONS ?? 1000);
const DELETE_LATENCY_MS = 50;
const pluginFile = fileURLToPath(new URL("../dist/cloudrun-plugin.cjs", import.meta.url));
const target = { name: "bench", config: { project: "bench-project", region: "us-central1" } };
const signal = new AbortController().signal;
const rows = [];
const log = (message) => console.error(`bench: ${message}`);

// ---- baselines and start-up -------------------------------------------------------------------
log("baselines and start-up");
const piped = await FakePiped.start();
const emulator = await startEmulator({ readyDelayMs: READY_DELAY_MS });
const env = { ...process.env, CLOUD_RUN_EMULATOR_HOST: emulator.host, METADATA_SERVER_DETECTION: "none" };
const nodeMs = [];
const pluginMs = [];
let idleRss = Number.NaN;
for (let i = 0; i < RUNS; i++) {
  // Interleaved, so both see the same machine load.
  nodeMs.push(await bareNodeMs());
  const plugin = await launchPlugin({
    command: pluginFile,
    deployTargets: [target],
    pipedAddress: piped.address,
    env,
  });
  pluginMs.push(plugin.startupMs);
  if (i === RUNS - 1) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    idleRss = rssMiB(plugin.child.pid);
  }
  await plugin.stop();
}
const grpcServer = await bareGrpcServer();
const bareNode = median(nodeMs);
rows.push({
  metric: "start-up (spawn → FetchDefinedStages)",
  value: median(pluginMs),
  baseline: bareNode,
  ratio: median(pluginMs) / bareNode,
  unit: "ms",
  goal: { max: 2.5 },
});
rows.push({ metric: "bare grpc-js server start-up", value: grpcServer.startupMs, baseline: bareNode, unit: "ms" });
rows.push({ metric: "idle RSS", value: idleRss, baseline: grpcServer.rssMiB, unit: "MiB", goal: { max: 60 } });
rows.push({
  metric: "bundle size",
  value: statSync(pluginFile).size / 1_000_000,
  unit: "MB",
  goal: { max: 3 },
});

// ---- one canary: calls per stage and readiness -----------------------------------------------
log(`one canary (readiness delay ${READY_DELAY_MS} ms): calls per stage`);
const plugin = await PluginProcess.launch({ command: pluginFile, deployTargets: [target], piped, env });
const cloudRun = createEmulatorClient(emulator.host, target.config);
const journal = () => emulator.control.journal();

/** Runs one deployment's stages in order; resolves with `{name, ms, status}` per stage. */
async function runStages(deployment, sources, afterStage) {
  const out = [];
  for (const stage of deployment.stages.filter((s) => !s.rollback)) {
    const started = performance.now();
    const res = await plugin.executeStage(deployment, stage, sources);
    out.push({ name: stage.name, ms: performance.now() - started, status: res.status });
    await afterStage?.(stage, res);
    if (res.status !== StageStatus.STAGE_SUCCESS) break;
  }
  return out;
}

async function canary(service, commits, afterStage) {
  const v1 = canaryCommit(service, `${commits}1aaaaaaaaaaa`, "v1.0.0");
  const quick = await plugin.plan({ target: v1, deployTargets: [target.name] });
  const first = await runStages(quick, { target: v1 });
  const v2 = canaryCommit(service, `${commits}2bbbbbbbbbbb`, "v2.0.0");
  const planned = await plugin.plan({ target: v2, running: v1, deployTargets: [target.name] });
  emulator.control.clearJournal();
  const second = await runStages(planned, { target: v2, running: v1 }, (stage) => afterStage?.(planned, stage));
  return [...first.map((s) => ({ ...s, name: `quick ${s.name}` })), ...second];
}

const perStage = [];
let noticedMs = Number.NaN;
await canary("bench-calls", "c", async (planned, stage) => {
  const entries = journal();
  if (stage.name === "CLOUDRUN_SYNC") {
    const waits = entries.filter((e) => e.method === "WaitOperation" && e.durationMs !== undefined);
    const lastWait = waits.at(-1);
    const revision = piped.stageMetadata(planned.id, stage.id).revision;
    if (!revision) throw new Error(`SYNC failed:\n${piped.stageLogText(planned.id, stage.id).join("\n")}`);
    const ready = await cloudRun.getRevision(revision, { service: "bench-calls", signal });
    const readyAt = Date.parse(ready?.conditions?.find((c) => c.type === "Ready")?.lastTransitionTime ?? "");
    if (lastWait) noticedMs = Date.parse(lastWait.time) + lastWait.durationMs - readyAt;
  }
  perStage.push({ name: stage.name, ...callCounts(entries) });
  emulator.control.clearJournal();
});
const stageCalls = (name) => perStage.filter((s) => s.name === name);
const worst = (name, field) => Math.max(...stageCalls(name).map((s) => s[field]));
rows.push({ metric: "SYNC writes", value: worst("CLOUDRUN_SYNC", "writes"), goal: { max: 1 } });
rows.push({ metric: "SYNC reads", value: worst("CLOUDRUN_SYNC", "reads") });
rows.push({ metric: "PROMOTE reads (worst step)", value: worst("CLOUDRUN_PROMOTE", "reads"), goal: { max: 1 } });
rows.push({ metric: "PROMOTE writes (worst step)", value: worst("CLOUDRUN_PROMOTE", "writes"), goal: { max: 1 } });
rows.push({ metric: "PROMOTE operation waits (worst)", value: worst("CLOUDRUN_PROMOTE", "waits") });
rows.push({ metric: "CLEANUP reads", value: worst("CLOUDRUN_CANARY_CLEANUP", "reads"), goal: { max: 2 } });
rows.push({
  metric: "canary calls, all stages",
  value: perStage.reduce((n, s) => n + s.reads + s.writes + s.waits, 0),
});
rows.push({ metric: "readiness noticed after Ready", value: noticedMs, unit: "ms", goal: { max: 100 } });

// ---- concurrent canaries ----------------------------------------------------------------------
log(`${CONCURRENT} concurrent canaries through one plugin process`);
const all = await Promise.all(Array.from({ length: CONCURRENT }, (_, i) => canary(`bench-${i}`, `${i}`)));
const stages = all.flat();
const succeeded = all.filter((d) => d.length === 6 && d.every((s) => s.status === StageStatus.STAGE_SUCCESS));
// A stage that deploys a revision waits the readiness delay; the rest is the plugin's (and the emulator's).
const overhead = stages.map((s) => s.ms - (s.name.endsWith("CLOUDRUN_SYNC") ? READY_DELAY_MS : 0));
rows.push({ metric: `concurrent canaries succeeded`, value: succeeded.length, goal: { min: CONCURRENT } });
rows.push({ metric: "concurrent peak RSS", value: peakRssMiB(plugin.child.pid), unit: "MiB", goal: { max: 200 } });
rows.push({ metric: "stage overhead p50", value: percentile(overhead, 50), unit: "ms" });
rows.push({ metric: "stage overhead p99", value: percentile(overhead, 99), unit: "ms" });

// ---- a service with 1 000 revisions -----------------------------------------------------------
log(`seeding a service with ${CLEANUP_REVISIONS} revisions`);
emulator.control.setImageReadiness("gcr.io/bench/seed*", { mode: "ready", delayMs: 0 });
const big = "bench-cleanup";
let firstSeed;
for (let i = 1; i <= CLEANUP_REVISIONS; i++) {
  const s = await cloudRun.createOrUpdateService(
    { name: big, template: { containers: [{ image: `gcr.io/bench/seed:${i}` }] } },
    { signal },
  );
  firstSeed ??= s.latestCreatedRevision;
}
const serving = (await cloudRun.listRevisions(big, { signal, pageSize: 1000 })).at(-1)?.name ?? firstSeed;
await cloudRun.updateTraffic(
  big,
  [
    { type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION", revision: serving.split("/").pop(), percent: 50 },
    { type: "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST", percent: 50 },
  ],
  { signal },
);
const bigCommit = canaryCommit(big, "big0aaaaaaaaaaa", "v1.0.0");

emulator.control.clearJournal();
let started = performance.now();
const live = await plugin.getLivestate({
  pipedId: "piped-1",
  applicationId: "app-big",
  applicationName: big,
  deploySource: deploymentSource(bigCommit),
  deployTargets: [target.name],
});
const livestateMs = performance.now() - started;
rows.push({ metric: `GetLivestate calls (${CLEANUP_REVISIONS} revisions)`, value: journal().length, goal: { max: 4 } });
rows.push({
  metric: "GetLivestate resources",
  value: live.applicationLiveState?.resources.length ?? 0,
  goal: { max: 20 },
});
rows.push({ metric: "GetLivestate reply (JSON)", value: JSON.stringify(live).length / 1024, unit: "KiB" });
rows.push({ metric: "GetLivestate time", value: livestateMs, unit: "ms" });

log(`cleanup of ${CLEANUP_REVISIONS} revisions at ${DELETE_LATENCY_MS} ms per delete`);
emulator.control.stall("DeleteRevision", { delayMs: DELETE_LATENCY_MS, times: "always" });
// A pipeline deployment (its image changed) whose CLEANUP stage runs alone.
const bigRunning = canaryCommit(big, "big1aaaaaaaaaaa", "v0.9.0");
const cleanupPlan = await plugin.plan({ target: bigCommit, running: bigRunning, deployTargets: [target.name] });
const cleanupStage = cleanupPlan.stages.find((s) => s.name === "CLOUDRUN_CANARY_CLEANUP");
emulator.control.clearJournal();
started = performance.now();
const cleanup = await plugin.executeStage(cleanupPlan, cleanupStage, { target: bigCommit, running: bigRunning });
const cleanupMs = performance.now() - started;
const cleanupCalls = callCounts(journal());
rows.push({
  metric: "cleanup deletes",
  value: journal().filter((e) => e.method === "DeleteRevision").length,
});
rows.push({ metric: "cleanup reads", value: cleanupCalls.reads, goal: { max: 2 } });
rows.push({
  metric: "cleanup time (50 ms per delete)",
  value: cleanup.status === StageStatus.STAGE_SUCCESS ? cleanupMs / 1000 : Number.POSITIVE_INFINITY,
  unit: "s",
  goal: { max: 10 },
});

await plugin.stop();
await cloudRun.close();
await piped.stop();
await emulator.stop();

const ok = printTable(rows);
// The soak (1 000 deployments through one process; SOAK_DEPLOYMENTS overrides) runs after the goals.
const soak = spawnSync(process.execPath, [fileURLToPath(new URL("./soak.mjs", import.meta.url))], { stdio: "inherit" });
process.exit(ok && soak.status === 0 ? 0 : 1);
