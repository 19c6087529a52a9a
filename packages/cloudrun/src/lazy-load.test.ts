import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// Start-up cost matters (piped starts every plugin at once): importing @cr/cloudrun must not load
// @google-cloud/run; the first client call does. Checked on the built entry in a fresh process.
const dist = fileURLToPath(new URL("../dist/index.js", import.meta.url));

describe("@cr/cloudrun loads the Google client on first use", () => {
  it("importing the package loads neither @google-cloud/run nor google-gax", () => {
    if (!existsSync(dist)) throw new Error(`${dist} is missing: run \`pnpm build\` (\`pnpm test\` builds first)`);
    const script = `
      import { createRequire } from "node:module";
      const require = createRequire(import.meta.url);
      const mod = await import(${JSON.stringify(dist)});
      if (typeof mod.createCloudRunClient !== "function") throw new Error("no client export");
      const loaded = Object.keys(require.cache).filter((k) => /@google-cloud[\\\\/]run|google-gax/.test(k));
      console.log(JSON.stringify(loaded));
    `;
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
    expect(JSON.parse(out.trim())).toEqual([]);
  });
});
