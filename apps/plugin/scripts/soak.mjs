// The soak of `pnpm bench`: SOAK_DEPLOYMENTS (default 1 000) sequential deployments through one
// plugin process against the emulator. Passes when the plugin's RSS after the run and an idle
// period is within 10% of its RSS after the first 100 deployments and the same idle period, and
// its open file descriptors did not grow. Exits 1 otherwise.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startEmulator } from "@cr/cloudrun-emulator";
import { FakePiped, PluginProcess } from "@cr/sdk-host/testing";

const DEPLOYMENTS = Number(process.env.SOAK_DEPLOYMENTS ?? 1_000);
const WARM_UP = Math.min(100, Math.max(1, Math.floor(DEPLOYMENTS / 10)));
const IDLE_MS = Number(process.env.SOAK_IDLE_MS ?? 15_000);
const RSS_TOLERANCE = 0.1;
const FD_SLACK = 2;

const pluginFile = fileURLToPath(new URL("../dist/cloudrun-plugin.cjs", import.meta.url));
const examples = fileURLToPath(new URL("../../../examples/", import.meta.url));
const target = { name: "soak", config: { project: "soak-project", region: "us-central1" } };

const rssMiB = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;
const fds = (pid) => readdirSync(`/proc/${pid}/fd`).length;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** RSS and fds after `IDLE_MS` without requests: the lowest of five samples over the last fifth of it. */
async function afterIdle(pid) {
  await sleep((IDLE_MS * 4) / 5);
  const samples = [];
  for (let i = 0; i < 5; i++) {
    samples.push(rssMiB(pid));
    await sleep(IDLE_MS / 25);
  }
  return { rss: Math.min(...samples), fds: fds(pid) };
}

/** One commit of examples/quick-sync with its own image tag and an env value that looks like a secret. */
function commit(i) {
  const directory = mkdtempSync(join(tmpdir(), "cr-soak-"));
  cpSync(join(examples, "quick-sync"), directory, { recursive: true });
  const path = join(directory, "service.yaml");
  const yaml = readFileSync(path, "utf8")
    .replace(/(image: gcr\.io\/example\/helloworld:)\S+/, `$1v${i}`)
    .replace("value: hello", `value: soak-secret-${i}-value`);
  writeFileSync(path, yaml);
  return { directory, commitHash: `${String(i).padStart(7, "0")}abcdef` };
}

const emulator = await startEmulator({ readyDelayMs: 0 });
const piped = await FakePiped.start();
const env = { ...process.env, CLOUD_RUN_EMULATOR_HOST: emulator.host, METADATA_SERVER_DETECTION: "none" };
const plugin = await PluginProcess.launch({ command: pluginFile, deployTargets: [target], piped, env });
const pid = plugin.child.pid;

let warm;
let failures = 0;
const started = performance.now();
try {
  for (let i = 1; i <= DEPLOYMENTS; i++) {
    const app = commit(i);
    const planned = await plugin.plan({ target: app, deployTargets: [target.name] });
    const run = await plugin.run(planned, { target: app });
    if (run.stages.some((s) => s.status !== 2)) failures += 1;
    rmSync(app.directory, { recursive: true, force: true });
    piped.calls.length = 0;
    if (i === WARM_UP) warm = await afterIdle(pid);
    if (i % 100 === 0) console.log(`soak: ${i}/${DEPLOYMENTS} deployments, RSS ${rssMiB(pid).toFixed(0)} MiB`);
  }
  const end = await afterIdle(pid);
  const seconds = ((performance.now() - started) / 1000).toFixed(0);
  const rssOk = end.rss <= warm.rss * (1 + RSS_TOLERANCE);
  const fdsOk = end.fds <= warm.fds + FD_SLACK;
  console.log(`soak: ${DEPLOYMENTS} deployments in ${seconds} s, ${failures} failed`);
  console.log(
    `soak: RSS after ${WARM_UP}: ${warm.rss.toFixed(1)} MiB, after all and ${IDLE_MS} ms idle: ${end.rss.toFixed(1)} MiB (≤ +${RSS_TOLERANCE * 100}%: ${rssOk ? "ok" : "OVER"})`,
  );
  console.log(`soak: open fds after ${WARM_UP}: ${warm.fds}, at the end: ${end.fds} (${fdsOk ? "flat" : "GREW"})`);
  process.exitCode = rssOk && fdsOk && failures === 0 ? 0 : 1;
} finally {
  await plugin.stop();
  await piped.stop();
  await emulator.stop();
}
