import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { revisionName } from "@cr/cloudrun";
import { DeploymentStatus, StageStatus } from "@cr/sdk-host/testing";
import { afterAll, describe, expect, it } from "vitest";
import { commitOf, startWorld, withImage } from "../../plugin/test/harness.js";
import { percentages } from "../../plugin/test/live.js";
import { ARTIFACTS } from "../scripts/artifacts.mjs";
import { NODE_BINARIES, pinnedNode } from "../scripts/node-binary.mjs";
import { RELEASE_DIR, REPO_ROOT } from "../scripts/workspace.mjs";

// The files `pnpm release:artifacts` wrote, used as an operator would: each copied alone into an empty
// folder and launched from there as piped launches a plugin; the standalone with no node on PATH.
const { version } = JSON.parse(readFileSync(join(REPO_ROOT, "apps/plugin/package.json"), "utf8"));
const scratch = mkdtempSync(join(tmpdir(), "cr-artifacts-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A fresh empty folder holding only a copy of the artifact; returns the copy's path. */
function installAlone(name: string): string {
  const dir = mkdtempSync(join(scratch, "install-"));
  const artifact = join(RELEASE_DIR, name);
  if (!existsSync(artifact)) throw new Error(`${artifact} is missing: run \`pnpm release:artifacts\``);
  copyFileSync(artifact, join(dir, name));
  execFileSync("chmod", ["+x", join(dir, name)]);
  return join(dir, name);
}

/** A PATH with one empty folder: no node, no shell tools. */
function pathWithoutNode(): string {
  const dir = mkdtempSync(join(scratch, "empty-path-"));
  expect(readdirSync(dir)).toEqual([]);
  return dir;
}

function runVersion(executable: string, path: string): string {
  return execFileSync(executable, ["version"], { cwd: dirname(executable), env: { PATH: path }, encoding: "utf8" });
}

/** Deploys the canary example twice (quick sync, then the canary pipeline) through `command`. */
async function runCanary(command: string, path: string) {
  const world = await startWorld({ command, cwd: dirname(command), path });
  try {
    const v1 = commitOf("canary", "1111111a2b3c4d5e6f");
    const first = await world.plugin.run(await world.plugin.plan({ target: v1, deployTargets: [world.deployTarget] }), {
      target: v1,
    });
    expect(first.status).toBe(DeploymentStatus.DEPLOYMENT_SUCCESS);
    const v2 = commitOf("canary", "2222222a2b3c4d5e6f", withImage("v2.0.0"));
    const planned = await world.plugin.plan({ target: v2, running: v1, deployTargets: [world.deployTarget] });
    const canary = await world.plugin.run(planned, { target: v2, running: v1 });
    expect(canary.status).toBe(DeploymentStatus.DEPLOYMENT_SUCCESS);
    expect(canary.stages.map((s) => [s.stage.name, s.status])).toEqual([
      ["CLOUDRUN_SYNC", StageStatus.STAGE_SUCCESS],
      ["CLOUDRUN_PROMOTE", StageStatus.STAGE_SUCCESS],
      ["CLOUDRUN_PROMOTE", StageStatus.STAGE_SUCCESS],
      ["CLOUDRUN_PROMOTE", StageStatus.STAGE_SUCCESS],
      ["CLOUDRUN_CANARY_CLEANUP", StageStatus.STAGE_SUCCESS],
    ]);
    const rev2 = revisionName({
      service: "helloworld-canary",
      image: "gcr.io/example/helloworld:v2.0.0",
      commit: "2222222a2b3c4d5e6f",
    });
    if (!rev2.ok) throw new Error(rev2.error);
    const service = await world.cloudRun.getService("helloworld-canary", { signal: AbortSignal.timeout(20_000) });
    expect(percentages(service)).toEqual({ [rev2.name]: 100 });
  } finally {
    await world.stop();
  }
}

describe("release artifacts", () => {
  it("SHA256SUMS lists both artifacts with their checksums", () => {
    const lines = readFileSync(join(RELEASE_DIR, ARTIFACTS.checksums), "utf8").trimEnd().split("\n");
    const listed = lines.map((line) => {
      const [hash, name] = line.split(/ {2}/);
      return { name, hash };
    });
    expect(listed.map((l) => l.name)).toEqual([ARTIFACTS.file, ARTIFACTS.standalone]);
    for (const { name, hash } of listed) {
      const actual = createHash("sha256")
        .update(readFileSync(join(RELEASE_DIR, name ?? "")))
        .digest("hex");
      expect(hash, name).toBe(actual);
    }
  });

  describe(ARTIFACTS.file, () => {
    it("is one minified file with a shebang", () => {
      const text = readFileSync(join(RELEASE_DIR, ARTIFACTS.file), "utf8");
      expect(text.startsWith("#!/usr/bin/env node\n")).toBe(true);
      // Minified: lines thousands of characters long (a readable bundle averages well under 100).
      expect(text.length / text.split("\n").length).toBeGreaterThan(1000);
    });

    it.each(["machine", ...Object.keys(NODE_BINARIES)])("runs alone on the %s Node.js through its shebang", (line) => {
      const node = line === "machine" ? process.execPath : pinnedNode(line);
      const reported = execFileSync(node, ["--version"], { encoding: "utf8" }).trim();
      const out = runVersion(installAlone(ARTIFACTS.file), [dirname(node), pathWithoutNode()].join(delimiter));
      expect(out).toBe(`${version} (Node.js ${reported}, linux-x64)\n`);
    });

    it("runs a canary against the emulator, launched as piped launches it", async () => {
      await runCanary(installAlone(ARTIFACTS.file), [dirname(process.execPath), pathWithoutNode()].join(delimiter));
    });
  });

  describe(ARTIFACTS.standalone, () => {
    it("runs with no node on PATH and reports the Node.js it embeds", () => {
      const out = runVersion(installAlone(ARTIFACTS.standalone), pathWithoutNode());
      expect(out).toMatch(
        new RegExp(`^${version.replaceAll(".", "\\.")} \\(Node\\.js v2[24]\\.\\d+\\.\\d+, linux-x64\\)\\n$`),
      );
    });

    it("runs a canary against the emulator with no node on PATH", async () => {
      await runCanary(installAlone(ARTIFACTS.standalone), pathWithoutNode());
    });
  });
});
