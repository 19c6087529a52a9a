import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { requireBuiltPlugin } from "./built-plugin.js";

const plugin = requireBuiltPlugin();
const { version, engines } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
const scratch = mkdtempSync(join(tmpdir(), "cr-plugin-node-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function runPlugin(args: string[], preload?: string) {
  return spawnSync(process.execPath, [...(preload ? ["--require", preload] : []), plugin, ...args], {
    cwd: scratch,
    encoding: "utf8",
    timeout: 20_000,
  });
}

describe("the built plugin and the Node.js it runs on", () => {
  it("`version` prints the package version and the Node.js running it", () => {
    const result = runPlugin(["version"]);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`${version} (Node.js ${process.version}, ${process.platform}-${process.arch})\n`);
  });

  it("declares the same minimum Node.js in engines as the runtime guard enforces", () => {
    expect(engines.node).toBe(">=20.19");
  });

  it.each(["18.20.4", "20.18.1"])("refuses to start on Node %s with one clear line, before loading anything", (old) => {
    // Node cannot be downgraded here, so the process is made to report an old version before the
    // bundle runs; the guard must stop it before the host, the CLI or gRPC load.
    const preload = join(scratch, `pretend-${old}.cjs`);
    writeFileSync(
      preload,
      `Object.defineProperty(process.versions, "node", { value: ${JSON.stringify(old)} });
       process.on("exit", () => {
         if (process.moduleLoadList.some((m) => /\\bhttp2\\b/.test(m))) process.stderr.write("gRPC's http2 was loaded\\n");
       });`,
    );
    const result = runPlugin(["start", "--piped-plugin-service", "localhost:1", "--config", "{}"], preload);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("");
    const lines = result.stderr.trimEnd().split("\n");
    expect(lines).toEqual([
      expect.stringContaining(`needs Node.js >= 20.19.0 (22 or 24 recommended), but runs on Node.js ${old}`),
    ]);
  });
});
