// Spawning a plugin as piped does: free ports, the --config JSON, waiting for the port, running to exit.
import { type ChildProcess, spawn } from "node:child_process";
import { connect, createServer } from "node:net";
import type { FakePiped } from "./fake-piped.js";

export interface PluginLaunchOptions {
  /** The executable piped would run (the single plugin file), or `node` with `args`. */
  command: string;
  /** Arguments placed before piped's own (e.g. a script path when command is `node`). */
  args?: string[];
  name?: string;
  port?: number;
  url?: string;
  config?: unknown;
  deployTargets?: { name: string; labels?: Record<string, string>; config: unknown }[];
  /** Replaces the generated `--config` JSON, to test malformed input. */
  configJson?: string;
  env?: NodeJS.ProcessEnv;
  /** Working directory of the plugin process (default: this process's). */
  cwd?: string;
  piped?: FakePiped;
  startTimeoutMs?: number;
}

/** Whether something accepts TCP connections on loopback `port` (how a launched plugin is seen to be up). */
export function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** A free TCP port on loopback (closed again before it is returned). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** piped's `--config` JSON: key order and omissions as Go's encoding/json writes them. */
export function pipedPluginConfigJson(o: {
  name: string;
  url: string;
  port: number;
  config?: unknown;
  deployTargets?: { name: string; labels?: Record<string, string>; config: unknown }[];
}): string {
  const entry: Record<string, unknown> = { name: o.name, url: o.url, port: o.port };
  if (o.config !== undefined && o.config !== null) entry.config = o.config;
  if (o.deployTargets && o.deployTargets.length > 0) {
    entry.deployTargets = o.deployTargets.map((t) => ({
      name: t.name,
      ...(t.labels && Object.keys(t.labels).length > 0 ? { labels: t.labels } : {}),
      config: t.config ?? null,
    }));
  }
  return JSON.stringify(entry);
}

/** Spawns the plugin exactly as piped does: no shell, `start --piped-plugin-service localhost:N --config JSON`. */
export function spawnAsPiped(o: PluginLaunchOptions, pipedAddress: string, port: number): ChildProcess {
  const configJson =
    o.configJson ??
    pipedPluginConfigJson({
      name: o.name ?? "cloudrun",
      url: o.url ?? "file:///opt/pipecd/plugins/cloudrun",
      port,
      config: o.config,
      deployTargets: o.deployTargets,
    });
  return spawn(
    o.command,
    [...(o.args ?? []), "start", "--piped-plugin-service", pipedAddress, "--config", configJson],
    {
      env: o.env ?? process.env,
      ...(o.cwd ? { cwd: o.cwd } : {}),
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
}

/** Runs the plugin until it exits by itself (for start-up failures); resolves with its exit code and output. */
export async function runPluginToExit(
  o: PluginLaunchOptions,
  timeoutMs = 15_000,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; stdout: string }> {
  const port = o.port ?? (await freePort());
  const child = spawnAsPiped(o, "localhost:9", port);
  let stderr = "";
  let stdout = "";
  child.stderr?.on("data", (d) => (stderr += d));
  child.stdout?.on("data", (d) => (stdout += d));
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.on("exit", (c, s) => resolve([c, s])),
  );
  clearTimeout(timer);
  return { code, signal, stderr, stdout };
}
