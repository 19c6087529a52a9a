// `spec.plugins.cloudrun`: defaults, manifest path and image rules, the deprecated key, and the errors.
import { describe, expect, it } from "vitest";
import { parseApplicationSpec, staysInside } from "./application-spec.js";

const defaults = {
  input: { serviceManifestFile: "service.yaml" },
  quickSync: { skipTrafficShift: false, prune: false },
};

describe("parseApplicationSpec", () => {
  it.each([
    { name: "undefined (no spec.plugins.cloudrun)", input: undefined },
    { name: "null", input: null },
    { name: "empty object", input: {} },
    { name: "empty input", input: { input: {} } },
    { name: "empty quickSync", input: { quickSync: {} } },
  ])("applies defaults to $name", ({ input }) => {
    expect(parseApplicationSpec(input)).toEqual({ ok: true, value: defaults, warnings: [] });
  });

  it("keeps given values and normalises quickSync like CLOUDRUN_SYNC", () => {
    const result = parseApplicationSpec({
      input: { serviceManifestFile: "manifests/service.yaml", image: "gcr.io/example/helloworld:v1.2.0" },
      quickSync: { prune: true, tag: "latest-sync", readinessTimeout: "2m" },
    });
    expect(result).toEqual({
      ok: true,
      value: {
        input: { serviceManifestFile: "manifests/service.yaml", image: "gcr.io/example/helloworld:v1.2.0" },
        quickSync: { skipTrafficShift: false, prune: true, tag: "latest-sync", readinessTimeoutMs: 120_000 },
      },
      warnings: [],
    });
  });

  it.each(
    Object.entries<string>({
      nested: "deploy/prod/service.yaml",
      "dot segment": "./service.yaml",
      ".. that stays inside": "a/../service.yaml",
      "name starting with dots": "..service.yaml",
    }),
  )("accepts serviceManifestFile: %s", (_name, file) => {
    const result = parseApplicationSpec({ input: { serviceManifestFile: file } });
    expect(result.ok && result.value.input.serviceManifestFile).toBe(file);
  });

  it.each(
    Object.entries<unknown>({
      absolute: "/etc/service.yaml",
      "escaping with ..": "../service.yaml",
      "escaping deeper": "a/../../service.yaml",
      "backslash escape": "..\\service.yaml",
      "Windows drive": "C:\\service.yaml",
      "the directory itself": ".",
      empty: "",
      "not a string": 1,
    }),
  )("rejects serviceManifestFile: %s", (_name, file) => {
    const result = parseApplicationSpec({ input: { serviceManifestFile: file } });
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          path: "/input/serviceManifestFile",
          message: expect.stringMatching(
            /^input\.serviceManifestFile must be a path relative to the application directory .* Set input\.serviceManifestFile/,
          ),
        },
      ],
      warnings: [],
    });
  });

  it.each(
    Object.entries<string>({
      "short name": "nginx",
      "name and tag": "nginx:1.25",
      "registry path and tag": "gcr.io/example/helloworld:v1.2.0",
      "Artifact Registry": "asia-northeast1-docker.pkg.dev/my-project/repo/app:2024-01-01_1",
      "registry with port": "localhost:5000/app",
      digest: `us-docker.pkg.dev/p/r/app@sha256:${"a".repeat(64)}`,
      "tag and digest": `gcr.io/p/app:v1@sha256:${"0".repeat(64)}`,
    }),
  )("accepts image: %s", (_name, image) => {
    const result = parseApplicationSpec({ input: { image } });
    expect(result.ok && result.value.input.image).toBe(image);
  });

  it.each([
    { name: "empty", image: "" },
    { name: "with spaces", image: "gcr.io/p/app: v1" },
    { name: "uppercase path", image: "gcr.io/P/App" },
    { name: "scheme", image: "https://gcr.io/p/app" },
    { name: "bad digest", image: "gcr.io/p/app@sha256:xyz" },
  ])("rejects image: $name", ({ image }) => {
    const result = parseApplicationSpec({ input: { image } });
    expect(result).toEqual({
      ok: false,
      errors: [{ path: "/input/image", message: expect.stringMatching(/^input\.image must be a container image/) }],
      warnings: [],
    });
  });

  it.each([
    { name: "true", autoRollback: true, pattern: /input\.autoRollback is deprecated and ignored/ },
    { name: "false", autoRollback: false, pattern: /input\.autoRollback: false is deprecated and ignored/ },
  ])("accepts and ignores the deprecated input.autoRollback ($name) with a warning", ({ autoRollback, pattern }) => {
    const result = parseApplicationSpec({ input: { autoRollback } });
    expect(result).toEqual({
      ok: true,
      value: defaults,
      warnings: [{ path: "/input/autoRollback", message: expect.stringMatching(pattern) }],
    });
  });

  it("rejects a non-boolean autoRollback", () => {
    const result = parseApplicationSpec({ input: { autoRollback: "yes" } });
    expect(!result.ok && result.errors).toEqual([
      { path: "/input/autoRollback", message: expect.stringMatching(/must be true or false/) },
    ]);
  });

  it.each([
    {
      name: "top level",
      input: { inputs: {} },
      path: "/inputs",
      pattern: /"inputs" is not a known key of the Cloud Run application spec\. Did you mean "input"\?/,
    },
    {
      name: "in input",
      input: { input: { manifest: "x" } },
      path: "/input/manifest",
      pattern: /"manifest" is not a known key of input\./,
    },
    {
      name: "in quickSync",
      input: { quickSync: { percent: 10 } },
      path: "/quickSync/percent",
      pattern: /"percent" is not a known key of quickSync\./,
    },
    {
      name: "v0 platformProvider",
      input: { platformProvider: "x" },
      path: "/platformProvider",
      pattern: /not a known key/,
    },
  ])("rejects an unknown key $name", ({ input, path, pattern }) => {
    const result = parseApplicationSpec(input);
    expect(!result.ok && result.errors).toEqual([{ path, message: expect.stringMatching(pattern) }]);
  });

  it.each([
    { name: "quickSync tag", input: { quickSync: { tag: "BAD" } }, path: "/quickSync/tag" },
    {
      name: "quickSync readinessTimeout",
      input: { quickSync: { readinessTimeout: "forever" } },
      path: "/quickSync/readinessTimeout",
    },
    {
      name: "quickSync readinessTimeout out of range",
      input: { quickSync: { readinessTimeout: "48h" } },
      path: "/quickSync/readinessTimeout",
    },
    { name: "input as string", input: { input: "service.yaml" }, path: "/input" },
    { name: "quickSync as bool", input: { quickSync: true }, path: "/quickSync" },
    { name: "spec as array", input: [], path: "" },
  ])("rejects $name", ({ input, path }) => {
    const result = parseApplicationSpec(input);
    expect(!result.ok && result.errors.map((e) => e.path)).toEqual([path]);
  });

  it("reports every problem at once, each at its own pointer, naming the field and the fix", () => {
    const result = parseApplicationSpec({
      input: { serviceManifestFile: "/abs/service.yaml", imagee: "x" },
      quickSync: { readinessTimeout: 10 },
    });
    expect(!result.ok && result.errors).toEqual([
      {
        path: "/input/imagee",
        message: expect.stringMatching(/^"imagee" is not a known key of input\. Did you mean "image"\?/),
      },
      {
        path: "/input/serviceManifestFile",
        message: expect.stringMatching(/^input\.serviceManifestFile must be a path relative/),
      },
      {
        path: "/quickSync/readinessTimeout",
        message: expect.stringMatching(
          /^quickSync\.readinessTimeout must be a duration from 1s to 24h, .*, but got the number 10\./,
        ),
      },
    ]);
  });

  it("does not read JSON text (the host passes the decoded object)", () => {
    const result = parseApplicationSpec("{}");
    expect(!result.ok && result.errors[0]!.message).toMatch(/^The Cloud Run application spec must be an object/);
  });
});

describe("staysInside", () => {
  it.each([
    { name: "file", path: "a.yaml", expected: true },
    { name: "nested", path: "a/b/c.yaml", expected: true },
    { name: "up and down", path: "a/../b.yaml", expected: true },
    { name: "up", path: "../a.yaml", expected: false },
    { name: "current dir", path: "./", expected: false },
    { name: "empty", path: "", expected: false },
  ])("$name", ({ path, expected }) => {
    expect(staysInside(path)).toBe(expected);
  });
});
