import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type CloudRunClient, revisionName, type Service, shortName } from "@cr/cloudrun";
import { createEmulatorClient } from "@cr/cloudrun/testing";
import { type Emulator, startEmulator } from "@cr/cloudrun-emulator";
import { type AppSource, FakePiped, PluginProcess } from "@cr/sdk-host/testing";
import { parse } from "yaml";
import { requireBuiltPlugin } from "./built-plugin.js";

export const EXAMPLES = fileURLToPath(new URL("../../../examples/", import.meta.url));

interface PipedPluginEntry {
  name: string;
  port: number;
  url: string;
  deployTargets: { name: string; labels?: Record<string, string>; config: { project: string; region: string } }[];
}

/** The `plugins[0]` entry of examples/piped-config.yaml, as piped would pass it. */
export function examplePluginEntry(): PipedPluginEntry {
  const config = parse(readFileSync(join(EXAMPLES, "piped-config.yaml"), "utf8"));
  return config.spec.plugins[0];
}

/**
 * One "commit" of an example application: a fresh copy of examples/<name> with optional edits
 * to service.yaml, as piped hands plugins a fresh checkout per commit.
 */
export function commitOf(example: string, commitHash: string, edit?: (serviceYaml: string) => string): AppSource {
  const directory = mkdtempSync(join(tmpdir(), `cr-${example}-${commitHash.slice(0, 7)}-`));
  cpSync(join(EXAMPLES, example), directory, { recursive: true });
  if (edit) {
    const path = join(directory, "service.yaml");
    writeFileSync(path, edit(readFileSync(path, "utf8")));
  }
  return { directory, commitHash };
}

export function withImage(tag: string) {
  return (yaml: string) => yaml.replace(/(image: gcr\.io\/example\/helloworld:)[^\s]+/, `$1${tag}`);
}

export interface World {
  emulator: Emulator;
  piped: FakePiped;
  plugin: PluginProcess;
  /** A client on the first example deploy target (same project and region as the plugin uses). */
  cloudRun: CloudRunClient;
  deployTarget: string;
  stop(): Promise<void>;
}

/**
 * The emulator, a fake piped and the built plugin launched as piped launches it (with
 * CLOUD_RUN_EMULATOR_HOST). `launch` runs another executable (a release artifact), from `cwd`, with `path`
 * as PATH and `env` added to the environment.
 */
export async function startWorld(
  launch: { command?: string; cwd?: string; path?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<World> {
  const emulator = await startEmulator({ readyDelayMs: 30 });
  const piped = await FakePiped.start();
  const entry = examplePluginEntry();
  const plugin = await PluginProcess.launch({
    command: launch.command ?? requireBuiltPlugin(),
    ...(launch.cwd ? { cwd: launch.cwd } : {}),
    name: entry.name,
    url: entry.url,
    deployTargets: entry.deployTargets,
    piped,
    env: {
      ...process.env,
      ...(launch.path !== undefined ? { PATH: launch.path } : {}),
      ...launch.env,
      CLOUD_RUN_EMULATOR_HOST: emulator.host,
      METADATA_SERVER_DETECTION: "none",
    },
  });
  const target = entry.deployTargets[0]!;
  const cloudRun = createEmulatorClient(emulator.host, target.config);
  return {
    emulator,
    piped,
    plugin,
    cloudRun,
    deployTarget: target.name,
    async stop() {
      await plugin.stop();
      await cloudRun.close();
      await piped.stop();
      await emulator.stop();
    },
  };
}

/** The live traffic as `{revisionOrLATEST: percent}` plus tags, from traffic_statuses. */
export function trafficOf(service: Service | null) {
  return (service?.trafficStatuses ?? []).map((t) => ({
    revision: t.revision ? shortName(t.revision) : "LATEST",
    percent: t.percent ?? 0,
    ...(t.tag ? { tag: t.tag } : {}),
  }));
}

export function percentages(service: Service | null): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of trafficOf(service)) if (t.percent > 0) out[t.revision] = (out[t.revision] ?? 0) + t.percent;
  return out;
}

/** The deterministic name the plugin gives the revision of `image` deployed from `commit`. */
export function revisionFor(service: string, image: string, commit: string): string {
  const name = revisionName({ service, image, commit });
  if (!name.ok) throw new Error(name.error);
  return name.name;
}
