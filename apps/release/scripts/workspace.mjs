// Where things are in the repository, and packing its libraries as they would be published.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
export const PLUGIN_BUNDLE = join(REPO_ROOT, "apps/plugin/dist/cloudrun-plugin.cjs");
export const RELEASE_DIR = join(REPO_ROOT, "dist/release");
/** npm's cache for installs this repository's scripts make, kept between runs (`.tmp/` is ignored by git). */
export const NPM_CACHE = join(REPO_ROOT, ".tmp/npm-cache");

/** The publishable libraries: every packages/* that is not private, with its manifest. */
export function libraries() {
  const dir = join(REPO_ROOT, "packages");
  return readdirSync(dir)
    .map((name) => ({
      dir: join(dir, name),
      manifest: JSON.parse(readFileSync(join(dir, name, "package.json"), "utf8")),
    }))
    .filter(({ manifest }) => !manifest.private);
}

/**
 * Packs every library into `destination` with pnpm (which turns `workspace:` ranges into versions, as
 * `changeset publish` does) and returns `{ name, tarball }` for each.
 */
export function packLibraries(destination) {
  return libraries().map(({ dir, manifest }) => {
    const out = execFileSync("pnpm", ["pack", "--pack-destination", destination], { cwd: dir, encoding: "utf8" });
    const tarball = out.trim().split("\n").pop().trim();
    return { name: manifest.name, tarball: join(destination, basename(tarball)) };
  });
}
