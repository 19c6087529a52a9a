// `pnpm bench`: start-up time, memory and stage latency of the built plugin against the emulator
// (readiness delay 0, so the numbers are the plugin's own overhead). Exits 1 when a budget is exceeded.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startEmulator } from "@cr/cloudrun-emulator";
import { FakePiped, PluginProcess } from "@cr/sdk-host/testing";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const pluginFile = fileURLToPath(new URL("../dist/cloudrun-plugin.cjs", import.meta.url));
const examples = fileURLToPath(new URL("../../../examples/", import.meta.url));
const target = { name: "bench", config: { project: "bench-project", region: "us-central1" } };

/** Budgets: generous for a 2-core CI machine, tight enough to catch a regression. */
const BUDGETS = { startupMs: 800, quickSyncMs: 2000, promoteMs: 1000, rssMiB: 200 };

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const rssMiB = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;

function app(commitHash) {
  const directory = mkdtempSync(join(tmpdir(), "cr-bench-"));
  cpSync(join(examples, "canary"), directory, { recursive: true });
  return { directory, commitHash };
}

const emulator = await startEmulator({ readyDelayMs: 0 });
const piped = await FakePiped.start();
const env = { ...process.env, CLOUD_RUN_EMULATOR_HOST: emulator.host, METADATA_SERVER_DETECTION: "none" };
const samples = { startupMs: [], quickSyncMs: [], promoteMs: [], rssMiB: [] };

for (let i = 0; i < RUNS; i++) {
  emulator.control.reset();
  const started = performance.now();
  const plugin = await PluginProcess.launch({ command: pluginFile, deployTargets: [target], piped, env });
  samples.startupMs.push(performance.now() - started);
  try {
    const v1 = app(`${i}aaaaaaaaaaaa`);
    const quick = await plugin.plan({ target: v1, deployTargets: [target.name] });
    let t = performance.now();
    await plugin.executeStage(quick, quick.stages[0], { target: v1 });
    samples.quickSyncMs.push(performance.now() - t);

    const v2 = app(`${i}bbbbbbbbbbbb`);
    const canary = await plugin.plan({ target: v2, running: v1, deployTargets: [target.name] });
    const [sync, promote10] = canary.stages;
    await plugin.executeStage(canary, sync, { target: v2, running: v1 });
    t = performance.now();
    await plugin.executeStage(canary, promote10, { target: v2, running: v1 });
    samples.promoteMs.push(performance.now() - t);
    samples.rssMiB.push(rssMiB(plugin.child.pid));
  } finally {
    await plugin.stop();
  }
}
await piped.stop();
await emulator.stop();

let failed = false;
console.log(`metric         median   budget   (${RUNS} runs)`);
for (const [metric, values] of Object.entries(samples)) {
  const value = median(values);
  const over = value > BUDGETS[metric];
  failed ||= over;
  console.log(
    `${metric.padEnd(13)} ${value.toFixed(0).padStart(7)}  ${String(BUDGETS[metric]).padStart(7)}  ${over ? "OVER BUDGET" : "ok"}`,
  );
}
// The soak (1 000 deployments through one process; SOAK_DEPLOYMENTS overrides) runs after the budgets.
const soak = spawnSync(process.execPath, [fileURLToPath(new URL("./soak.mjs", import.meta.url))], { stdio: "inherit" });
process.exit(failed || soak.status !== 0 ? 1 : 0);
