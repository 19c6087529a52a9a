import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { MIN_NODE_VERSION } from "../../plugin/src/node-support.js";
import { ARTIFACTS } from "../scripts/artifacts.mjs";
import { REPO_ROOT } from "../scripts/workspace.mjs";

const json = (path: string) => JSON.parse(readFileSync(join(REPO_ROOT, path), "utf8"));
const workspacePackages = ["packages", "apps"].flatMap((group) =>
  readdirSync(join(REPO_ROOT, group)).map((dir) => `${group}/${dir}/package.json`),
);

describe("the release process", () => {
  it("versions every package with changesets, the private plugin included", () => {
    const config = json(".changeset/config.json");
    expect(config.privatePackages).toEqual({ version: true, tag: true });
    expect(config.ignore).toEqual([]);
    expect(json("apps/plugin/package.json").private).toBe(true);
  });

  it("publishes through changesets and attaches the artifacts in the release workflow", () => {
    const scripts = json("package.json").scripts;
    expect(scripts["release:publish"]).toMatch(/changeset publish$/);
    expect(scripts["release:artifacts"]).toContain("apps/release/scripts/artifacts.mjs");
    expect(scripts["release:check"]).toContain("apps/release/scripts/check.mjs");
    const workflow = parse(readFileSync(join(REPO_ROOT, ".github/workflows/release.yml"), "utf8"));
    const steps: { uses?: string; with?: Record<string, string>; run?: string }[] = workflow.jobs.release.steps;
    expect(steps.find((s) => s.uses?.startsWith("changesets/action"))?.with?.publish).toBe("pnpm release:publish");
    const attach = steps.map((s) => s.run ?? "").join("\n");
    expect(attach).toContain("apps/release/scripts/check.mjs");
    expect(attach).toContain("gh release upload");
    expect(attach).toContain("dist/release/*");
    expect(Object.values(ARTIFACTS)).toHaveLength(3);
  });

  it("declares the Node.js range the plugin enforces in every package", () => {
    const [major, minor] = MIN_NODE_VERSION.split(".");
    for (const path of ["package.json", ...workspacePackages]) {
      expect(json(path).engines?.node, path).toBe(`>=${major}.${minor}`);
    }
  });

  it("has a LICENSE in every package, identical to the repository's", () => {
    const license = readFileSync(join(REPO_ROOT, "LICENSE"), "utf8");
    expect(license).toContain("Apache License");
    for (const path of workspacePackages.filter((p) => !json(p).private || p.startsWith("apps/plugin"))) {
      expect(readFileSync(join(REPO_ROOT, path.replace("package.json", "LICENSE")), "utf8"), path).toBe(license);
    }
  });
});
