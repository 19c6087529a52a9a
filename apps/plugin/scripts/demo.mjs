// `pnpm demo`: the canary example deployed twice by the built plugin, driven exactly as piped
// drives it, against the Cloud Run emulator. Prints each stage's log and the traffic after it.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createEmulatorClient } from "@cr/cloudrun/testing";
import { startEmulator } from "@cr/cloudrun-emulator";
import { DeploymentStatus, FakePiped, PluginProcess, StageStatus, SyncStrategy } from "@cr/sdk-host/testing";
import { parse } from "yaml";

const examples = fileURLToPath(new URL("../../../examples/", import.meta.url));
const pluginFile = fileURLToPath(new URL("../dist/cloudrun-plugin.cjs", import.meta.url));
const SERVICE = "helloworld-canary";
const workDir = mkdtempSync(join(tmpdir(), "cloudrun-demo-"));

const bold = (text) => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text);
const statusName = (value, names) => Object.keys(names).find((key) => names[key] === value) ?? String(value);

/** A checkout of examples/<example> at one "commit", with the image tag it deploys. */
function checkout(example, commitHash, imageTag) {
  const directory = join(workDir, `${example}-${commitHash.slice(0, 7)}`);
  cpSync(join(examples, example), directory, { recursive: true });
  const manifest = join(directory, "service.yaml");
  writeFileSync(manifest, readFileSync(manifest, "utf8").replace(/helloworld:v[\d.]+/, `helloworld:${imageTag}`));
  return { directory, commitHash };
}

async function printTraffic(cloudRun) {
  const service = await cloudRun.getService(SERVICE, { signal: AbortSignal.timeout(10_000) });
  console.log("  traffic now:");
  for (const t of service?.trafficStatuses ?? []) {
    const revision = t.revision ? t.revision.split("/").pop() : "LATEST";
    console.log(
      `    ${revision.padEnd(40)} ${String(t.percent ?? 0).padStart(3)}%${t.tag ? `  tag ${t.tag} → ${t.uri}` : ""}`,
    );
  }
}

async function deploy(plugin, piped, cloudRun, deployTarget, target, running) {
  const planned = await plugin.plan({ target, running, deployTargets: [deployTarget] });
  const strategy = statusName(planned.trigger.syncStrategy, SyncStrategy);
  console.log(bold(`\n■ Deploying commit ${target.commitHash.slice(0, 7)}: ${strategy} — ${planned.summary}`));
  console.log(`  versions: ${planned.versions.map((v) => `${v.name}@${v.version}`).join(", ")}`);
  console.log(`  stages:   ${planned.stages.map((s) => `${s.name}${s.rollback ? " (rollback)" : ""}`).join(" → ")}`);
  const run = await plugin.run(planned, { target, running }, async ({ stage, status }) => {
    console.log(
      bold(
        `\n  ▸ ${stage.name}${stage.desc ? ` — ${stage.desc.replace(/\.$/, "")}` : ""}: ${statusName(status, StageStatus)}`,
      ),
    );
    for (const line of piped.stageLogText(planned.id, stage.id)) console.log(`    │ ${line}`);
    await printTraffic(cloudRun);
  });
  console.log(bold(`\n  deployment ${statusName(run.status, DeploymentStatus)}`));
  return run.status === DeploymentStatus.DEPLOYMENT_SUCCESS;
}

/** Who serves how much of `service` in one region, revisions without the service prefix, e.g. `v1-0-0-a1b2c3d 90% · …`. */
async function splitOf(client, service) {
  const live = await client.getService(service, { signal: AbortSignal.timeout(10_000) });
  const parts = (live?.trafficStatuses ?? [])
    .filter((t) => (t.percent ?? 0) > 0)
    .map((t) => `${(t.revision ?? "LATEST").split("/").pop().replace(`${service}-`, "")} ${t.percent}%`);
  return parts.join(" · ") || "(no service)";
}

/** examples/multi-region: one application on two regions, a canary on both, a table of traffic per region. */
async function multiRegion(plugin, piped, regions) {
  const service = "helloworld-global";
  const deployTargets = regions.map((r) => r.name);
  console.log(bold(`\n■ Several regions: examples/multi-region on ${deployTargets.join(" and ")}`));
  const v1 = checkout("multi-region", "a1b2c3d4e5f6a7b8", "v1.0.0");
  const v2 = checkout("multi-region", "f6e5d4c3b2a1f0e9", "v2.0.0");
  const rows = [];
  const row = async (step) => rows.push([step, ...(await Promise.all(regions.map((r) => splitOf(r.client, service))))]);
  let ok = true;
  for (const [target, running] of [[v1], [v2, v1]]) {
    const planned = await plugin.plan({ target, running, deployTargets });
    const run = await plugin.run(planned, { target, running }, async ({ stage, status }) => {
      const lines = piped.stageLogText(planned.id, stage.id);
      const closing = lines.findIndex((line) => / on (all \d+|.+ \(\d+ of \d+) deploy targets/.test(line));
      if (closing >= 0) for (const line of lines.slice(closing)) console.log(`    │ ${line}`);
      await row(
        `${target.commitHash.slice(0, 7)} ${stage.name} ${statusName(status, StageStatus).replace("STAGE_", "")}`,
      );
    });
    ok &&= run.status === DeploymentStatus.DEPLOYMENT_SUCCESS;
  }
  const headers = ["stage", ...regions.map((r) => `${r.name} (${r.region})`)];
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const format = (cells) => `  ${cells.map((c, i) => c.padEnd(widths[i])).join(" │ ")}`.trimEnd();
  console.log(bold("\n  traffic per region after each stage:"));
  console.log(format(headers));
  console.log(`  ${widths.map((w) => "─".repeat(w)).join("─┼─")}`);
  for (const r of rows) console.log(format(r));
  return ok;
}

const emulator = await startEmulator({ readyDelayMs: 300 });
const piped = await FakePiped.start();
const entry = parse(readFileSync(join(examples, "piped-config.yaml"), "utf8")).spec.plugins[0];
const target = entry.deployTargets[0];
console.log(bold("Cloud Run plugin demo"));
console.log(`  Cloud Run emulator at ${emulator.host}; plugin "${entry.name}" on deploy target "${target.name}"`);
console.log(`  (project ${target.config.project}, region ${target.config.region}), launched as piped launches it.`);
const plugin = await PluginProcess.launch({
  command: pluginFile,
  name: entry.name,
  url: entry.url,
  deployTargets: entry.deployTargets,
  piped,
  env: { ...process.env, CLOUD_RUN_EMULATOR_HOST: emulator.host, METADATA_SERVER_DETECTION: "none" },
});
const cloudRun = createEmulatorClient(emulator.host, target.config);
const regions = ["cloudrun-tokyo", "cloudrun-iowa"].map((name) => {
  const config = entry.deployTargets.find((t) => t.name === name).config;
  return { name, region: config.region, client: createEmulatorClient(emulator.host, config) };
});
let ok = false;
try {
  const v1 = checkout("canary", "a1b2c3d4e5f6a7b8", "v1.0.0");
  const v2 = checkout("canary", "f6e5d4c3b2a1f0e9", "v2.0.0");
  ok =
    (await deploy(plugin, piped, cloudRun, target.name, v1)) &&
    (await deploy(plugin, piped, cloudRun, target.name, v2, v1)) &&
    (await multiRegion(plugin, piped, regions));
} finally {
  await plugin.stop();
  await cloudRun.close();
  await Promise.all(regions.map((r) => r.client.close()));
  await piped.stop();
  await emulator.stop();
  rmSync(workDir, { recursive: true, force: true });
}
console.log(
  ok
    ? "\nDone: v2.0.0 serves all traffic after a canary rollout, in one region and in two."
    : "\nThe demo did not complete.",
);
process.exit(ok ? 0 : 1);
