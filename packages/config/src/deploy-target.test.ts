// A deploy target's config: project, region, credentials file and endpoint rules.
import { describe, expect, it } from "vitest";
import { validateDeployTargetConfig } from "./deploy-target.js";

const base = { project: "example-staging", region: "asia-northeast1" };

describe("validateDeployTargetConfig", () => {
  it.each(
    Object.entries<object>({
      "project and region": base,
      "all keys": { ...base, credentialsFile: "/etc/piped-secret/gcp-sa.json", endpoint: "127.0.0.1:8080" },
      "project number": { ...base, project: "123456789012" },
      "domain-scoped project": { ...base, project: "example.com:my-project" },
      "us-central1": { ...base, region: "us-central1" },
      "three-part region": { ...base, region: "northamerica-northeast2" },
      "endpoint with DNS name": { ...base, endpoint: "run.googleapis.com:443" },
      "endpoint with IPv6": { ...base, endpoint: "[::1]:9000" },
      "endpoint localhost": { ...base, endpoint: "localhost:1" },
    }),
  )("accepts %s", (_name, config) => {
    expect(validateDeployTargetConfig(config)).toEqual({ ok: true, value: config, warnings: [] });
  });

  it("accepts JSON text from --config", () => {
    expect(validateDeployTargetConfig(JSON.stringify(base))).toEqual({ ok: true, value: base, warnings: [] });
  });

  it.each([
    { name: "null (no config in YAML)", input: null, paths: ["/project", "/region"] },
    { name: "empty object", input: {}, paths: ["/project", "/region"] },
    { name: "missing project", input: { region: "asia-northeast1" }, paths: ["/project"] },
    { name: "missing region", input: { project: "p1" }, paths: ["/region"] },
  ])("reports required keys: $name", ({ input, paths }) => {
    const result = validateDeployTargetConfig(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.path)).toEqual(paths);
    for (const error of result.errors)
      expect(error.message).toMatch(/^(project|region) is required but missing\. Set /);
  });

  it.each([
    { name: "empty project", input: { ...base, project: "" }, path: "/project" },
    { name: "project with spaces", input: { ...base, project: "my project" }, path: "/project" },
    { name: "uppercase project", input: { ...base, project: "My-Project" }, path: "/project" },
    { name: "project as number", input: { ...base, project: 42 }, path: "/project" },
    { name: "empty region", input: { ...base, region: "" }, path: "/region" },
    { name: "zone instead of region", input: { ...base, region: "asia-northeast1-a" }, path: "/region" },
    { name: "uppercase region", input: { ...base, region: "ASIA-NORTHEAST1" }, path: "/region" },
    { name: "empty credentialsFile", input: { ...base, credentialsFile: "" }, path: "/credentialsFile" },
    { name: "endpoint with scheme", input: { ...base, endpoint: "https://run.googleapis.com:443" }, path: "/endpoint" },
    { name: "endpoint without port", input: { ...base, endpoint: "run.googleapis.com" }, path: "/endpoint" },
    { name: "endpoint port 0", input: { ...base, endpoint: "localhost:0" }, path: "/endpoint" },
    { name: "endpoint port too big", input: { ...base, endpoint: "localhost:65536" }, path: "/endpoint" },
    { name: "endpoint with path", input: { ...base, endpoint: "localhost:80/v1" }, path: "/endpoint" },
  ])("rejects $name", ({ input, path }) => {
    const result = validateDeployTargetConfig(input);
    expect(result).toEqual({
      ok: false,
      errors: [
        { path, message: expect.stringMatching(new RegExp(`^${path.slice(1)} must be .+, but got .+\\. .+\\.$`)) },
      ],
      warnings: [],
    });
  });

  it("rejects an unknown key, naming it and listing the allowed keys", () => {
    const result = validateDeployTargetConfig({ ...base, zone: "x" });
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          path: "/zone",
          message:
            '"zone" is not a known key of the deploy target config. Remove it or fix its spelling; the allowed keys are: project, region, credentialsFile, endpoint.',
        },
      ],
      warnings: [],
    });
  });

  it("suggests the key a typo was meant to be", () => {
    const result = validateDeployTargetConfig({ ...base, regoin: "x" });
    expect(!result.ok && result.errors[0]!.message).toMatch(/Did you mean "region"\?/);
  });

  it("does not echo the credentials file path", () => {
    const result = validateDeployTargetConfig({ ...base, credentialsFile: ["/secret/key.json"] });
    expect(!result.ok && result.errors[0]!.message).not.toContain("secret");
  });

  it("reports all problems at once", () => {
    const result = validateDeployTargetConfig({ project: 1, region: "Tokyo", extra: true });
    expect(!result.ok && result.errors.map((e) => e.path).sort()).toEqual(["/extra", "/project", "/region"]);
  });
});
