import { execFile, execFileSync } from "node:child_process";
import {
  copyFileSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { planPrune, splitForCandidate, toTrafficTargets } from "@cr/cloudrun/pure";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NPM_CACHE, packLibraries, REPO_ROOT } from "../scripts/workspace.mjs";

// What a developer gets from npm: every library packed as it would be published, installed with plain
// npm into fresh projects outside the repository (no workspace, no pnpm, no path mappings).
const MAX_TRAFFIC_MATH_INSTALL_BYTES = 5 * 1024 * 1024;
const CLIENT_PEERS = ["@google-cloud/run", "google-auth-library", "@grpc/grpc-js"];
const run = promisify(execFile);
const work = mkdtempSync(join(tmpdir(), "cr-consumer-"));
const tsc = join(REPO_ROOT, "node_modules/typescript/bin/tsc");
const scenarioFile = new URL("../consumer/scenario.json", import.meta.url);
const mathDir = join(work, "traffic-math");
const fullDir = join(work, "everything");
let tarballs: { name: string; tarball: string }[] = [];

function project(dir: string, type: "module" | "commonjs") {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "consumer", private: true, type }));
}

async function npmInstall(dir: string, specs: string[]) {
  const args = ["install", "--no-audit", "--no-fund", "--loglevel=error", "--prefer-offline", `--cache=${NPM_CACHE}`];
  await run("npm", [...args, ...specs], { cwd: dir, maxBuffer: 16 * 1024 * 1024 });
}

function node(dir: string, args: string[], env: NodeJS.ProcessEnv = {}): string {
  return execFileSync(process.execPath, args, { cwd: dir, encoding: "utf8", env: { ...process.env, ...env } });
}

function tarballOf(name: string): string {
  const found = tarballs.find((t) => t.name === name);
  if (!found) throw new Error(`${name} was not packed`);
  return found.tarball;
}

beforeAll(async () => {
  mkdirSync(join(work, "tarballs"));
  tarballs = packLibraries(join(work, "tarballs"));
  project(mathDir, "commonjs");
  project(fullDir, "commonjs");
  // The library versions the workspace pins for the client's optional peers.
  const pinned = JSON.parse(readFileSync(join(REPO_ROOT, "packages/cloudrun/package.json"), "utf8")).devDependencies;
  await Promise.all([
    npmInstall(mathDir, [tarballOf("@cr/config"), tarballOf("@cr/cloudrun")]),
    npmInstall(fullDir, [...tarballs.map((t) => t.tarball), ...CLIENT_PEERS.map((name) => `${name}@${pinned[name]}`)]),
  ]);
}, 600_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("a traffic-math consumer installing from npm", () => {
  it("installs at most 5 MB, without the Google client and without install scripts", () => {
    const bytes = sizeOf(join(mathDir, "node_modules"));
    console.log(`installed size of @cr/cloudrun for traffic math: ${(bytes / 1024 / 1024).toFixed(2)} MiB`);
    expect(bytes).toBeLessThanOrEqual(MAX_TRAFFIC_MATH_INSTALL_BYTES);
    const lock = JSON.parse(readFileSync(join(mathDir, "package-lock.json"), "utf8"));
    const installed = Object.entries<{ hasInstallScript?: boolean }>(lock.packages).filter(([path]) => path !== "");
    expect(installed.filter(([, entry]) => entry.hasInstallScript).map(([path]) => path)).toEqual([]);
    for (const peer of CLIENT_PEERS) expect(installed.map(([path]) => path)).not.toContain(`node_modules/${peer}`);
  });

  it("type-checks under --strict with bundler resolution", async () => {
    const dir = join(mathDir, "bundler");
    writeConsumerSources(dir);
    await typescript(["--noEmit", "--module", "preserve", "--moduleResolution", "bundler"], dir);
  });

  it("type-checks under --strict with nodenext resolution, and computes the same canary split and prune plan from an ES module and from CommonJS", async () => {
    const dir = join(mathDir, "src");
    writeConsumerSources(dir);
    await typescript(["--module", "nodenext", "--moduleResolution", "nodenext", "--outDir", join(mathDir, "out")], dir);
    const scenario = join(mathDir, "scenario.json");
    copyFileSync(scenarioFile, scenario);
    const fromEsm = JSON.parse(node(mathDir, ["out/esm.mjs", scenario]));
    const fromCjs = JSON.parse(node(mathDir, ["out/cjs.cjs", scenario]));
    expect(readFileSync(join(mathDir, "out/cjs.cjs"), "utf8")).toContain('require("@cr/cloudrun/pure")');
    expect(readFileSync(join(mathDir, "out/esm.mjs"), "utf8")).toContain('from "@cr/cloudrun/pure"');

    const s = JSON.parse(readFileSync(scenarioFile, "utf8"));
    const canary = splitForCandidate(s.live, s.candidate, s.percent);
    const state = {
      traffic: toTrafficTargets(canary),
      latestCreatedRevision: s.candidate,
      latestReadyRevision: s.candidate,
    };
    const expected = { canary, prune: planPrune(s.revisions, state, { keepCount: 1 }) };
    expect(fromEsm).toEqual(expected);
    expect(fromCjs).toEqual(expected);
    expect(fromEsm.canary).toContainEqual({ type: "REVISION", revision: s.candidate, percent: s.percent });
    expect(fromEsm.prune.delete.length).toBeGreaterThan(0);
  });

  it("says what to install on the first client call, from import and from require", () => {
    const call = `c.createCloudRunClient({ project: "p", region: "r" }).getService("hello", { signal: AbortSignal.timeout(10000) })
      .then(() => console.log("no error"), (e) => console.log(JSON.stringify({ code: e.code, message: e.message })))`;
    const env = { CLOUD_RUN_EMULATOR_HOST: "127.0.0.1:9" };
    for (const out of [
      node(mathDir, ["--input-type=module", "-e", `const c = await import("@cr/cloudrun"); await ${call};`], env),
      node(mathDir, ["-e", `const c = require("@cr/cloudrun"); ${call};`], env),
    ]) {
      const failure = JSON.parse(out);
      expect(failure.code).toBe("FailedPrecondition");
      expect(failure.message).toMatch(
        /needs (@google-cloud\/run|google-auth-library|@grpc\/grpc-js), which is not installed/,
      );
      expect(failure.message).toContain("npm install @google-cloud/run google-auth-library @grpc/grpc-js");
    }
  });
});

describe("every library installed from npm with the client's peers", () => {
  it("ships a LICENSE, its metadata and only caret ranges", () => {
    const rootLicense = readFileSync(join(REPO_ROOT, "LICENSE"), "utf8");
    for (const { name } of tarballs) {
      const dir = join(fullDir, "node_modules", name);
      const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
      expect(readFileSync(join(dir, "LICENSE"), "utf8"), name).toBe(rootLicense);
      expect(manifest.license, name).toBe("Apache-2.0");
      expect(manifest.repository?.url, name).toMatch(/^git\+https:\/\//);
      expect(manifest.homepage, name).toMatch(/^https:\/\//);
      expect(manifest.bugs?.url, name).toMatch(/^https:\/\//);
      expect(manifest.engines?.node, name).toBe(">=20.19");
      const ranges = { ...manifest.dependencies, ...manifest.peerDependencies };
      for (const [dependency, range] of Object.entries(ranges))
        expect(range, `${name} → ${dependency}`).toMatch(/^\^\d/);
    }
  });

  it("exports the same names from require and from import, on every entry", () => {
    const entries = tarballs.flatMap(({ name }) => {
      const manifest = JSON.parse(readFileSync(join(fullDir, "node_modules", name, "package.json"), "utf8"));
      return Object.keys(manifest.exports)
        .filter((subpath) => !subpath.includes("*") && subpath !== "./package.json")
        .map((subpath) => join(name, subpath));
    });
    expect(entries.length).toBeGreaterThanOrEqual(tarballs.length);
    const list = JSON.stringify(entries);
    const names = `(m) => Object.keys(m).filter((k) => k !== "default" && k !== "module.exports").sort()`;
    const viaRequire = JSON.parse(
      node(fullDir, ["-e", `console.log(JSON.stringify(${list}.map((e) => (${names})(require(e)))))`]),
    );
    const viaImport = JSON.parse(
      node(fullDir, [
        "--input-type=module",
        "-e",
        `const out = []; for (const e of ${list}) out.push((${names})(await import(e))); console.log(JSON.stringify(out));`,
      ]),
    );
    expect(viaRequire).toEqual(viaImport);
    for (const exported of viaRequire) expect(exported.length).toBeGreaterThan(0);
  });

  it("runs the client against the emulator from require and from import", () => {
    const body = `const emu = await startEmulator({ readyDelayMs: 10, controlPort: false });
      process.env.CLOUD_RUN_EMULATOR_HOST = emu.host;
      const client = createCloudRunClient({ project: "p", region: "r" });
      const found = await client.getService("missing", { signal: AbortSignal.timeout(20000) });
      await client.close(); await emu.stop();
      console.log(JSON.stringify({ found }));`;
    const cjs = `const { startEmulator } = require("@cr/cloudrun-emulator");
      const { createCloudRunClient } = require("@cr/cloudrun");
      (async () => { ${body} })().catch((e) => { console.error(e); process.exit(1); });`;
    const esm = `import { startEmulator } from "@cr/cloudrun-emulator";
      import { createCloudRunClient } from "@cr/cloudrun";
      ${body}`;
    expect(JSON.parse(node(fullDir, ["-e", cjs]))).toEqual({ found: null });
    expect(JSON.parse(node(fullDir, ["--input-type=module", "-e", esm]))).toEqual({ found: null });
  });
});

/** tsc --strict on the two consumer sources in `dir`, failing with tsc's own report. */
async function typescript(options: string[], dir: string) {
  const args = [tsc, "--strict", "--skipLibCheck", "false", "--target", "es2022", "--lib", "es2022", ...options];
  args.push("--typeRoots", join(REPO_ROOT, "node_modules/@types"), "--types", "node");
  args.push(join(dir, "esm.mts"), join(dir, "cjs.cts"));
  await run(process.execPath, args, { cwd: mathDir }).catch((error: { stdout?: string }) => {
    throw new Error(`tsc ${options.join(" ")} failed:\n${error.stdout ?? String(error)}`);
  });
}

/** The consumer source, once as an ES module and once as CommonJS. */
function writeConsumerSources(dir: string) {
  mkdirSync(dir, { recursive: true });
  const source = new URL("../consumer/traffic-math.ts", import.meta.url);
  copyFileSync(source, join(dir, "esm.mts"));
  copyFileSync(source, join(dir, "cjs.cts"));
}

/** Bytes of the files below `path` (what npm wrote; links are counted as links). */
function sizeOf(path: string): number {
  const stat = lstatSync(path);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((sum, name) => sum + sizeOf(join(path, name)), 0);
}
