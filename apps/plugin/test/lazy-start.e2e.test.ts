/**
 * Start-up compiles only what answering FetchDefinedStages needs: the deployment logic, the YAML
 * parser and the Google client are embedded in the bundle and compiled the first time they are
 * used, each once. A preloaded script reports every compilation on stderr. The bundle runs from a
 * directory of its own, as piped runs it: nothing may come from a node_modules on disk.
 */
import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DeploymentStatus } from "@cr/sdk-host/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireBuiltPlugin } from "./built-plugin.js";
import { commitOf, startWorld, type World } from "./harness.js";

const REPORTER = fileURLToPath(new URL("./fixtures/report-lazy-chunks.cjs", import.meta.url));

describe("the built plugin compiles its embedded parts on first use", () => {
  let world: World;
  const compiled = () => [...world.plugin.stderr.matchAll(/^lazy chunk compiled: (\S+)$/gm)].map((m) => m[1]);

  beforeAll(async () => {
    const alone = join(mkdtempSync(join(tmpdir(), "cr-plugin-alone-")), "cloudrun-plugin");
    copyFileSync(requireBuiltPlugin(), alone);
    world = await startWorld({ command: alone, cwd: tmpdir(), env: { NODE_OPTIONS: `--require ${REPORTER}` } });
  });
  afterAll(async () => world?.stop());

  it("starts and answers FetchDefinedStages without compiling any of them", async () => {
    const { stages } = await world.plugin.fetchDefinedStages();
    expect(stages).toContain("CLOUDRUN_PROMOTE");
    expect(compiled()).toEqual([]);
  });

  it("compiles the deployment logic and YAML parser to plan, the Google client for the first Cloud Run call", async () => {
    const v1 = commitOf("canary", "1111111a2b3c4d5e6f");
    const planned = await world.plugin.plan({ target: v1, deployTargets: [world.deployTarget] });
    expect(compiled().sort()).toEqual(["deployment-logic", "yaml"]);

    expect((await world.plugin.run(planned, { target: v1 })).status).toBe(DeploymentStatus.DEPLOYMENT_SUCCESS);
    expect(compiled().sort()).toEqual(["deployment-logic", "google-client", "yaml"]);
  });
});
