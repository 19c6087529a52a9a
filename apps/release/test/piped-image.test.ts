import { existsSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { validateDeployTargetConfig, validatePluginConfig } from "@cr/config";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ARTIFACTS } from "../scripts/artifacts.mjs";
import { RELEASE_DIR, REPO_ROOT } from "../scripts/workspace.mjs";

// No container runtime runs here, so the image is never built: this checks what can be checked
// without one — pins, the files the Dockerfile copies and the config it registers.
const IMAGE_DIR = join(REPO_ROOT, "examples/piped-image");
const dockerfile = readFileSync(join(IMAGE_DIR, "Dockerfile"), "utf8");
const instructions = dockerfile
  .split("\n")
  .filter((line) => line.trim() !== "" && !line.trimStart().startsWith("#"))
  .map((line) => {
    const [keyword = "", ...rest] = line.trim().split(/\s+/);
    return { keyword: keyword.toUpperCase(), args: rest.filter((a) => !a.startsWith("--")) };
  });
const copies = instructions.filter((i) => i.keyword === "COPY").map(({ args }) => ({ from: args[0], to: args[1] }));

describe("examples/piped-image", () => {
  it("builds on a pinned piped image and a pinned Node.js line", () => {
    const from = instructions.find((i) => i.keyword === "FROM")?.args[0] ?? "";
    expect(from).toMatch(/^ghcr\.io\/pipe-cd\/pipedv1-exp(:v\d+\.\d+\.\d+[\w.-]*|@sha256:[0-9a-f]{64})$/);
    expect(dockerfile).toMatch(/apk add --no-cache "nodejs~(22|24)"/);
  });

  it("copies the release's plugin file and its own piped.yaml, from the repository root", () => {
    expect(copies.map((c) => c.from)).toEqual([
      relative(REPO_ROOT, join(RELEASE_DIR, ARTIFACTS.file)),
      relative(REPO_ROOT, join(IMAGE_DIR, "piped.yaml")),
    ]);
    expect(existsSync(join(REPO_ROOT, copies[1]?.from ?? ""))).toBe(true);
  });

  it("registers the copied plugin file in the copied config, which piped reads", () => {
    const config = parse(readFileSync(join(IMAGE_DIR, "piped.yaml"), "utf8"));
    const plugin = config.spec.plugins.find((p: { name: string }) => p.name === "cloudrun");
    expect(plugin.url).toBe(`file://${copies[0]?.to}`);
    const cmd = instructions.find((i) => i.keyword === "CMD")?.args.join(" ") ?? "";
    expect(cmd).toContain(`--config-file=${copies[1]?.to}`);
  });

  it("has a plugin entry the plugin itself accepts", () => {
    const config = parse(readFileSync(join(IMAGE_DIR, "piped.yaml"), "utf8"));
    const plugin = config.spec.plugins.find((p: { name: string }) => p.name === "cloudrun");
    expect(Number.isInteger(plugin.port)).toBe(true);
    expect(validatePluginConfig(plugin.config ?? {}).ok).toBe(true);
    expect(plugin.deployTargets.length).toBeGreaterThan(0);
    for (const target of plugin.deployTargets) {
      const result = validateDeployTargetConfig(target.config);
      expect(result.ok ? [] : result.errors, target.name).toEqual([]);
    }
  });
});
