// The `cloudrun-emulator` command: prints where it listens, serves real clients, exits cleanly on a signal.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import path from "node:path";
import { v2 } from "@google-cloud/run";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { clientOptions, codeOf, serviceName } from "../test/harness.js";

const PACKAGE_DIR = path.resolve(import.meta.dirname, "..");
const REPO_ROOT = path.resolve(PACKAGE_DIR, "../..");
const CLI = path.join(PACKAGE_DIR, "dist/cli.js");

let child: ChildProcess | undefined;

beforeAll(() => {
  execFileSync("pnpm", ["--filter", "@cr/cloudrun-emulator", "build"], { cwd: REPO_ROOT, stdio: "pipe" });
});

afterEach(() => {
  if (child && child.exitCode === null) child.kill("SIGKILL");
  child = undefined;
});

/** Collects stdout lines until the two address lines have been printed. */
async function startCli(args: string[]): Promise<{ proc: ChildProcess; lines: string[] }> {
  const proc = spawn(process.execPath, [CLI, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  child = proc;
  const lines: string[] = [];
  let buffer = "";
  await new Promise<void>((resolve, reject) => {
    proc.once("exit", (code) => reject(new Error(`cli exited early with ${code}`)));
    proc.stdout?.on("data", (chunk: Buffer) => {
      buffer += chunk.toString("utf8");
      const parts = buffer.split("\n");
      buffer = parts.pop() ?? "";
      lines.push(...parts);
      if (lines.some((l) => l.startsWith("CLOUD_RUN_EMULATOR_CONTROL="))) resolve();
    });
  });
  return { proc, lines };
}

describe("cloudrun-emulator CLI", () => {
  it("prints its host, serves GetService, and exits 0 on SIGTERM", async () => {
    const { proc, lines } = await startCli(["--port", "0", "--ready-delay", "10"]);
    const hostLine = lines.find((l) => l.startsWith("CLOUD_RUN_EMULATOR_HOST="));
    expect(hostLine).toMatch(/^CLOUD_RUN_EMULATOR_HOST=127\.0\.0\.1:\d+$/);
    expect(lines.find((l) => l.startsWith("CLOUD_RUN_EMULATOR_CONTROL="))).toMatch(
      /^CLOUD_RUN_EMULATOR_CONTROL=http:\/\/127\.0\.0\.1:\d+$/,
    );
    const port = Number(hostLine?.split(":").pop());
    const client = new v2.ServicesClient(clientOptions(port));
    try {
      const res = await codeOf(client.getService({ name: serviceName("hello") }));
      expect(res.code).toBe(5);
    } finally {
      await client.close();
    }
    proc.kill("SIGTERM");
    const [code] = await once(proc, "exit");
    expect(code).toBe(0);
  });

  it("prints usage and exits 2 on a bad flag", async () => {
    const proc = spawn(process.execPath, [CLI, "--bogus"], { stdio: ["ignore", "pipe", "pipe"] });
    child = proc;
    let stderr = "";
    proc.stderr?.on("data", (c: Buffer) => {
      stderr += c.toString("utf8");
    });
    const [code] = await once(proc, "exit");
    expect(code).toBe(2);
    expect(stderr).toContain("Usage: cloudrun-emulator");
  });

  it("exits 2 on a non-numeric port", async () => {
    const proc = spawn(process.execPath, [CLI, "--port", "abc"], { stdio: ["ignore", "pipe", "pipe"] });
    child = proc;
    const [code] = await once(proc, "exit");
    expect(code).toBe(2);
  });
});
