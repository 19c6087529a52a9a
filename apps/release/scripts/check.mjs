// `pnpm release:check`: what the release workflow does, without publishing. Run after `pnpm build`.
//   1. changesets version every package, the plugin included (its version is the artifacts' version);
//   2. every library packs with its exports' files, LICENSE and no `workspace:` range;
//   3. the release artifacts are written, their checksums hold, and the artifact tests pass.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeReleaseArtifacts } from "./artifacts.mjs";
import { packLibraries, REPO_ROOT } from "./workspace.mjs";

const problems = [];
const step = (text) => console.log(`release:check: ${text}`);

step("changesets configuration");
const changesets = JSON.parse(readFileSync(join(REPO_ROOT, ".changeset/config.json"), "utf8"));
if (changesets.privatePackages?.version !== true || changesets.privatePackages?.tag !== true) {
  problems.push(".changeset/config.json: privatePackages must be { version: true, tag: true } to version @cr/plugin");
}
if ((changesets.ignore ?? []).length > 0)
  problems.push(`.changeset/config.json ignores ${changesets.ignore.join(", ")}`);

step("packing every library");
const packs = mkdtempSync(join(tmpdir(), "cr-release-check-"));
try {
  for (const { name, tarball } of packLibraries(packs)) {
    const files = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" }).trim().split("\n");
    const manifest = JSON.parse(execFileSync("tar", ["-xzOf", tarball, "package/package.json"], { encoding: "utf8" }));
    const targets = JSON.stringify(manifest.exports).match(/"\.\/dist\/[^"]+"/g) ?? [];
    for (const target of targets) {
      if (!files.includes(`package/${JSON.parse(target).slice(2)}`))
        problems.push(`${name}: exports ${target}, not packed`);
    }
    if (!files.includes("package/LICENSE")) problems.push(`${name}: no LICENSE in the package`);
    const ranges = JSON.stringify({ ...manifest.dependencies, ...manifest.peerDependencies });
    if (ranges.includes("workspace:")) problems.push(`${name}: a workspace: range would be published`);
    console.log(`  ${name}@${manifest.version}: ${files.length} files`);
  }
} finally {
  rmSync(packs, { recursive: true, force: true });
}

step("release artifacts");
const written = await writeReleaseArtifacts();
for (const path of Object.values(written)) console.log(`  ${path}`);

step("artifact tests");
try {
  execFileSync("pnpm", ["vitest", "run", "--config", "apps/release/vitest.artifacts.config.ts"], {
    cwd: REPO_ROOT,
    stdio: "inherit",
  });
} catch {
  problems.push("the artifact tests failed (output above)");
}

if (problems.length > 0) {
  console.error(`release:check failed:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  process.exit(1);
}
step("ok: nothing was published");
