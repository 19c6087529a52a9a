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

/** A checkout of examples/canary at one "commit", with the image tag it deploys. */
function checkout(commitHash, imageTag) {
  const directory = join(workDir, commitHash.slice(0, 7));
  cpSync(join(examples, "canary"), directory, { recursive: true });
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
let ok = false;
try {
  const v1 = checkout("a1b2c3d4e5f6a7b8", "v1.0.0");
  const v2 = checkout("f6e5d4c3b2a1f0e9", "v2.0.0");
  ok =
    (await deploy(plugin, piped, cloudRun, target.name, v1)) &&
    (await deploy(plugin, piped, cloudRun, target.name, v2, v1));
} finally {
  await plugin.stop();
  await cloudRun.close();
  await piped.stop();
  await emulator.stop();
  rmSync(workDir, { recursive: true, force: true });
}
console.log(ok ? "\nDone: v2.0.0 serves all traffic after a canary rollout." : "\nThe demo did not complete.");
process.exit(ok ? 0 : 1);
