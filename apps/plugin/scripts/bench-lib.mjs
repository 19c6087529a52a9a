// Measuring helpers of `pnpm bench` (see bench.mjs): processes, memory, start-up and the table.
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { canConnect, freePort, pipedPluginConfigJson } from "@cr/sdk-host/testing";

// grpc-js as @cr/sdk-host resolves it (pnpm does not hoist it here).
const require = createRequire(fileURLToPath(import.meta.resolve("@cr/sdk-host")));
const grpc = require("@grpc/grpc-js");
export const GRPC_JS_PATH = require.resolve("@grpc/grpc-js");

export const EXAMPLES = fileURLToPath(new URL("../../../examples/", import.meta.url));

export const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
export const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};

function statusKiB(pid, field) {
  const match = new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return Number(match?.[1] ?? Number.NaN);
}
export const rssMiB = (pid) => statusKiB(pid, "VmRSS") / 1024;
/** Peak resident memory since the process started. */
export const peakRssMiB = (pid) => statusKiB(pid, "VmHWM") / 1024;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Milliseconds from spawn to exit of `node -e 0`. */
export async function bareNodeMs() {
  const started = performance.now();
  await new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["-e", "0"], { stdio: "ignore" });
    child.once("exit", resolve);
    child.once("error", reject);
  });
  return performance.now() - started;
}

/** A bare grpc-js server (one empty service on loopback): spawn → listening ms, and its idle RSS. */
export async function bareGrpcServer() {
  const script = `
    const grpc = require(${JSON.stringify(GRPC_JS_PATH)});
    const server = new grpc.Server();
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (e, port) => console.log(port));
  `;
  const started = performance.now();
  const child = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "inherit"] });
  await new Promise((resolve) => child.stdout.once("data", resolve));
  const startupMs = performance.now() - started;
  await sleep(500);
  const rss = rssMiB(child.pid);
  child.kill();
  return { startupMs, rssMiB: rss };
}

/**
 * Spawns the plugin as piped does and resolves when its first FetchDefinedStages answers, with the
 * time from spawn to that answer.
 */
export async function launchPlugin({ command, deployTargets, pipedAddress, env }) {
  const port = await freePort();
  const config = pipedPluginConfigJson({ name: "cloudrun", url: "file:///bench", port, deployTargets });
  const started = performance.now();
  const child = spawn(command, ["start", "--piped-plugin-service", pipedAddress, "--config", config], {
    env,
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d) => {
    stderr += d;
  });
  const deadline = started + 20_000;
  while (!(await canConnect(port))) {
    if (child.exitCode !== null || performance.now() > deadline) throw new Error(`plugin did not start:\n${stderr}`);
    await sleep(2);
  }
  const client = new grpc.Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  await new Promise((resolve, reject) =>
    client.makeUnaryRequest(
      "/grpc.plugin.deploymentapi.v1alpha1.DeploymentService/FetchDefinedStages",
      () => Buffer.alloc(0),
      (bytes) => bytes,
      {},
      { deadline: Date.now() + 10_000 },
      (error) => (error ? reject(error) : resolve()),
    ),
  );
  const startupMs = performance.now() - started;
  client.close();
  return {
    child,
    port,
    startupMs,
    async stop() {
      child.kill("SIGTERM");
      await new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once("exit", resolve)));
    },
  };
}

/** A fresh checkout of examples/canary for one commit, its service renamed and its image set. */
export function canaryCommit(service, commitHash, image) {
  const directory = mkdtempSync(join(tmpdir(), "cr-bench-"));
  cpSync(join(EXAMPLES, "canary"), directory, { recursive: true });
  const path = join(directory, "service.yaml");
  const yaml = readFileSync(path, "utf8")
    .replace(/name: helloworld-canary\b/, `name: ${service}`)
    .replace(/(image: gcr\.io\/example\/helloworld:)\S+/, `$1${image}`);
  writeFileSync(path, yaml);
  return { directory, commitHash };
}

/** Cloud Run calls by method, operation waits apart, from emulator journal entries. */
export function callCounts(entries) {
  const counts = { reads: 0, writes: 0, waits: 0 };
  for (const e of entries) {
    if (e.method === "WaitOperation" || e.method === "GetOperation") counts.waits++;
    else if (e.mutating) counts.writes++;
    else counts.reads++;
  }
  return counts;
}

/** Prints the table; returns true when every goal is met. */
export function printTable(rows) {
  const fmt = (v) => (typeof v === "number" ? (Number.isInteger(v) ? String(v) : v.toFixed(1)) : (v ?? ""));
  const lines = [["metric", "value", "baseline", "ratio", "goal", ""]];
  let ok = true;
  for (const r of rows) {
    const value = r.ratio ?? r.value;
    const met = r.goal === undefined || (r.goal.max !== undefined ? value <= r.goal.max : value >= r.goal.min);
    ok &&= met;
    const goal = r.goal === undefined ? "" : r.goal.max !== undefined ? `≤ ${r.goal.max}` : `≥ ${r.goal.min}`;
    lines.push([
      r.metric,
      `${fmt(r.value)}${r.unit ? ` ${r.unit}` : ""}`,
      r.baseline === undefined ? "" : `${fmt(r.baseline)}${r.unit ? ` ${r.unit}` : ""}`,
      r.ratio === undefined ? "" : `${r.ratio.toFixed(2)}×`,
      goal,
      r.goal === undefined ? "" : met ? "ok" : "MISSED",
    ]);
  }
  const widths = lines[0].map((_, i) => Math.max(...lines.map((l) => String(l[i]).length)));
  for (const l of lines) console.log(l.map((c, i) => String(c).padEnd(widths[i])).join("  "));
  return ok;
}
