import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { requireBuiltPlugin } from "./built-plugin.js";

// `pnpm demo` is a front-door command: keep it working.
describe("pnpm demo", () => {
  it("deploys the canary example twice, then the multi-region one, and ends with v2 serving all traffic", async () => {
    requireBuiltPlugin();
    const script = fileURLToPath(new URL("../scripts/demo.mjs", import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, [script], { timeout: 90_000 });
    expect(stdout).toContain(
      "PIPELINE — Sync progressively because of updating image helloworld from v1.0.0 to v2.0.0",
    );
    expect(stdout).toMatch(/CLOUDRUN_PROMOTE — Half of the traffic: STAGE_SUCCESS/);
    expect(stdout).toMatch(/CLOUDRUN_PROMOTE succeeded on all 2 deploy targets/);
    expect(stdout).toMatch(
      /f6e5d4c CLOUDRUN_PROMOTE SUCCESS +│ v1-0-0-a1b2c3d 90% · v2-0-0-f6e5d4c 10% +│ v1-0-0-a1b2c3d 90% · v2-0-0-f6e5d4c 10%/,
    );
    expect(stdout).toContain("Done: v2.0.0 serves all traffic after a canary rollout, in one region and in two.");
  }, 120_000);
});
