// Writes the plugin's release artifacts to dist/release/ from the built bundle (run `pnpm build` first;
// `pnpm release:artifacts` does both):
//   cloudrun-plugin.cjs          minified single file with a shebang, for any supported Node.js
//   cloudrun-plugin-linux-x64    standalone executable (Node.js single-executable application, glibc)
//   SHA256SUMS                   `sha256sum -c` format
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { transform } from "esbuild";
import { inject } from "postject";
import { pinnedNode, STANDALONE_NODE_LINE } from "./node-binary.mjs";
import { PLUGIN_BUNDLE, RELEASE_DIR, REPO_ROOT } from "./workspace.mjs";

export const ARTIFACTS = {
  file: "cloudrun-plugin.cjs",
  standalone: "cloudrun-plugin-linux-x64",
  checksums: "SHA256SUMS",
};
const SHEBANG = "#!/usr/bin/env node\n";
// Node's fixed fuse string for single-executable applications.
const SEA_FUSE = "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2";

export async function writeReleaseArtifacts(outDir = RELEASE_DIR) {
  if (!existsSync(PLUGIN_BUNDLE)) throw new Error(`${PLUGIN_BUNDLE} is missing: run \`pnpm build\` first`);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });

  const code = await minify(readFileSync(PLUGIN_BUNDLE, "utf8"));
  const file = join(outDir, ARTIFACTS.file);
  writeFileSync(file, SHEBANG + code);
  chmodSync(file, 0o755);

  const standalone = join(outDir, ARTIFACTS.standalone);
  await buildStandalone(code, standalone);

  const sums = [ARTIFACTS.file, ARTIFACTS.standalone].map((name) => `${sha256(join(outDir, name))}  ${name}\n`);
  writeFileSync(join(outDir, ARTIFACTS.checksums), sums.join(""));
  return { file, standalone, checksums: join(outDir, ARTIFACTS.checksums) };
}

/** Minifies the bundle (names kept: error classes and protobuf types are looked up by name). */
async function minify(bundle) {
  const source = bundle.startsWith("#!") ? bundle.slice(bundle.indexOf("\n") + 1) : bundle;
  const result = await transform(source, {
    loader: "js",
    format: "cjs",
    platform: "node",
    target: "node20",
    minify: true,
    keepNames: true,
    legalComments: "none",
  });
  return result.code;
}

/**
 * A single-executable application: the bundle (which requires only built-ins) as a blob made by the
 * pinned Node binary, injected into a copy of that same binary.
 */
async function buildStandalone(code, output) {
  const node = pinnedNode(STANDALONE_NODE_LINE);
  const work = join(REPO_ROOT, ".tmp/sea");
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  try {
    const main = join(work, "plugin.cjs");
    const blob = join(work, "plugin.blob");
    writeFileSync(main, code);
    const config = { main, output: blob, disableExperimentalSEAWarning: true, useCodeCache: true };
    writeFileSync(join(work, "sea-config.json"), JSON.stringify(config));
    execFileSync(node, ["--experimental-sea-config", join(work, "sea-config.json")], { stdio: "ignore" });
    copyFileSync(node, output);
    chmodSync(output, 0o755);
    console.log("injecting the plugin into Node.js (postject's \"Can't find string offset\" warnings are harmless)");
    await inject(output, "NODE_SEA_BLOB", readFileSync(blob), { sentinelFuse: SEA_FUSE });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function sha256(path) {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const written = await writeReleaseArtifacts();
  for (const path of Object.values(written)) console.log(path);
}
