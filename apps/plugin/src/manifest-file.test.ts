// Reading the service manifest: missing files, paths that leave the directory, one read per commit.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readManifestFile, readSourceManifest } from "./manifest-file.js";

const appDir = mkdtempSync(join(tmpdir(), "cr-manifest-"));
mkdirSync(join(appDir, "deploy"));
writeFileSync(join(appDir, "service.yaml"), "kind: Service\n");
writeFileSync(join(appDir, "deploy", "prod.yaml"), "kind: Service # prod\n");
writeFileSync(join(tmpdir(), "outside-secret.yaml"), "secret: value\n");

describe("readManifestFile", () => {
  it.each([
    ["service.yaml", "kind: Service\n"],
    ["deploy/prod.yaml", "kind: Service # prod\n"],
    ["./deploy/../service.yaml", "kind: Service\n"],
  ])("reads %s inside the application directory", async (fileName, text) => {
    expect(await readManifestFile(appDir, fileName)).toBe(text);
  });

  it.each(["../outside-secret.yaml", "deploy/../../outside-secret.yaml", join(tmpdir(), "outside-secret.yaml")])(
    "refuses %s, which leaves the application directory",
    async (fileName) => {
      await expect(readManifestFile(appDir, fileName)).rejects.toThrow("points outside the application directory");
    },
  );

  it("names a missing file and how to fix it", async () => {
    await expect(readManifestFile(appDir, "nope.yaml")).rejects.toThrow(
      'service manifest "nope.yaml" was not found in the application directory; add it or set spec.plugins.cloudrun.input.serviceManifestFile',
    );
  });

  it("needs an application directory", async () => {
    await expect(readManifestFile("", "service.yaml")).rejects.toThrow("no application directory");
  });
});

describe("readSourceManifest", () => {
  function source(directory: string, commitHash: string) {
    const spec = { input: { serviceManifestFile: "service.yaml" }, quickSync: {} };
    return {
      applicationDirectory: directory,
      commitHash,
      applicationConfigFilename: "app.pipecd.yaml",
      sharedConfigDirectory: "",
      applicationConfig: { kind: "Application", spec, pipelineStages: [], hasStage: () => false },
    } as unknown as Parameters<typeof readSourceManifest>[0];
  }

  it("reads a commit's manifest from disk once; another commit is read again", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cr-manifest-commit-"));
    writeFileSync(join(dir, "service.yaml"), "kind: Service # first\n");
    expect((await readSourceManifest(source(dir, "c1"))).text).toBe("kind: Service # first\n");
    // A checkout never changes; the change is seen only under another commit.
    writeFileSync(join(dir, "service.yaml"), "kind: Service # second\n");
    expect((await readSourceManifest(source(dir, "c1"))).text).toBe("kind: Service # first\n");
    expect((await readSourceManifest(source(dir, "c2"))).text).toBe("kind: Service # second\n");
  });

  it("does not keep a read without a commit", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cr-manifest-nocommit-"));
    writeFileSync(join(dir, "service.yaml"), "kind: Service # first\n");
    expect((await readSourceManifest(source(dir, ""))).text).toBe("kind: Service # first\n");
    writeFileSync(join(dir, "service.yaml"), "kind: Service # second\n");
    expect((await readSourceManifest(source(dir, ""))).text).toBe("kind: Service # second\n");
  });
});
