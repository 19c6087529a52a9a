import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { CloudRunClient } from "@cr/cloudrun";
import { createEmulatorClient } from "@cr/cloudrun/testing";
import { type Emulator, startEmulator } from "@cr/cloudrun-emulator";
import { type AppSource, FakePiped, PluginProcess } from "@cr/sdk-host/testing";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { parse } from "yaml";
import { requireBuiltPlugin } from "./built-plugin.js";
import { revisionFor } from "./live.js";

export const EXAMPLES = fileURLToPath(new URL("../../../examples/", import.meta.url));

/** Commit hashes of successive commits of an example application. */
export const C1 = "1111111a2b3c4d5e6f";
export const C2 = "2222222a2b3c4d5e6f";
export const C3 = "3333333a2b3c4d5e6f";

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
  /** Launches the plugin again, as piped does after the process was stopped (it must be stopped first). */
  relaunch(): Promise<void>;
  /** The Cloud Run changes the emulator has seen (since its last reset). */
  mutations(): ReturnType<Emulator["control"]["journal"]>;
  stop(): Promise<void>;
}

/** How to launch the plugin: another executable, working directory, PATH, extra environment. */
export interface PluginLaunch {
  command?: string;
  cwd?: string;
  path?: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * The emulator, a fake piped and the built plugin launched as piped launches it (with
 * CLOUD_RUN_EMULATOR_HOST). `launch` runs another executable (a release artifact), from `cwd`, with `path`
 * as PATH and `env` added to the environment.
 */
export async function startWorld(launch: PluginLaunch = {}): Promise<World> {
  const emulator = await startEmulator({ readyDelayMs: 30 });
  const piped = await FakePiped.start();
  const entry = examplePluginEntry();
  const plugin = await launchPlugin(emulator, piped, launch);
  const target = entry.deployTargets[0]!;
  const cloudRun = createEmulatorClient(emulator.host, target.config);
  const world: World = {
    emulator,
    piped,
    plugin,
    cloudRun,
    deployTarget: target.name,
    mutations: () => emulator.control.journal({ mutating: true }),
    async relaunch() {
      this.plugin = await launchPlugin(emulator, piped);
    },
    async stop() {
      // The plugin now running, and the first one when it was relaunched since.
      await this.plugin.stop();
      if (this.plugin !== plugin) await plugin.stop();
      await cloudRun.close();
      await piped.stop();
      await emulator.stop();
    },
  };
  return world;
}

/** The plugin of the example piped config, launched as piped launches it, against `emulator`. */
function launchPlugin(emulator: Emulator, piped: FakePiped, launch: PluginLaunch = {}): Promise<PluginProcess> {
  const entry = examplePluginEntry();
  return PluginProcess.launch({
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
}

/** The canary example's service and the revisions of its v1 (commit C1) and v2 (commit C2) images. */
export const CANARY = {
  service: "helloworld-canary",
  rev1: revisionFor("helloworld-canary", "gcr.io/example/helloworld:v1.0.0", C1),
  rev2: revisionFor("helloworld-canary", "gcr.io/example/helloworld:v2.0.0", C2),
};

/** Deploys v1 of the canary example by quick sync and plans v2 (a new image) through the canary pipeline. */
export async function canaryV1DeployedV2Planned(world: World) {
  const v1 = commitOf("canary", C1);
  await world.plugin.run(await world.plugin.plan({ target: v1, deployTargets: [world.deployTarget] }), { target: v1 });
  const v2 = commitOf("canary", C2, withImage("v2.0.0"));
  const planned = await world.plugin.plan({ target: v2, running: v1, deployTargets: [world.deployTarget] });
  return { v1, v2, planned, sync: planned.stages[0]! };
}

/**
 * One world for the calling suite (or file): the returned object is filled before its tests and stopped after
 * them (after the suite's own afterAll hooks); the emulator is reset before each test unless `resetEachTest` is
 * false.
 */
export function worldForSuite({ resetEachTest = true } = {}): World {
  const world = {} as World;
  beforeAll(async () => {
    Object.assign(world, await startWorld());
  });
  afterAll(async () => world.stop?.());
  if (resetEachTest) beforeEach(() => world.emulator.control.reset());
  return world;
}
