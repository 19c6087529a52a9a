// Start-up cost matters (piped starts every plugin at once): importing @cr/cloudrun must not load
// @google-cloud/run; the first client call does. Checked on the sources, bundled as they are.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";

const PACKAGE_DIR = join(import.meta.dirname, "..");
const REPO_ROOT = join(PACKAGE_DIR, "../..");
// Third-party modules stay imports, so the fresh process loads them exactly as an installed
// package would; @cr/* packages are taken from their sources through the repository's tsconfig paths.
const THIRD_PARTY = ["@google-cloud/*", "@grpc/*", "google-auth-library", "google-gax", "yaml"];

// The bundle is written inside the package so that its imports resolve from this package's node_modules.
const outDir = mkdtempSync(join(PACKAGE_DIR, "node_modules", ".lazy-load-"));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

/** The names of Google client modules a fresh Node process has loaded after importing `entry`. */
async function googleModulesLoadedBy(entry: string): Promise<string[]> {
  const outfile = join(outDir, "entry.mjs");
  await build({
    entryPoints: [join(PACKAGE_DIR, entry)],
    outfile,
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    external: THIRD_PARTY,
    tsconfig: join(REPO_ROOT, "tsconfig.json"),
    logLevel: "silent",
  });
  const script = `
    import { createRequire } from "node:module";
    const require = createRequire(import.meta.url);
    const mod = await import(${JSON.stringify(outfile)});
    if (typeof mod.createCloudRunClient !== "function") throw new Error("no client export");
    const loaded = Object.keys(require.cache).filter((k) => /@google-cloud[\\\\/]run|google-gax/.test(k));
    console.log(JSON.stringify(loaded));
  `;
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
  return JSON.parse(out.trim());
}

describe("@cr/cloudrun loads the Google client on first use", () => {
  it("importing the package loads neither @google-cloud/run nor google-gax", async () => {
    expect(await googleModulesLoadedBy("src/index.ts")).toEqual([]);
  });

  it("the check sees a Google client that is loaded eagerly", async () => {
    // A module that imports the client at the top, as the entry must not: the check must catch it.
    expect(await googleModulesLoadedBy("test/eager-google-client.ts")).not.toEqual([]);
  });
});
