// Reading the service manifest: missing files, paths or links that leave the directory, size, one read per commit.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MAX_MANIFEST_BYTES, readManifestFile, readSourceManifest } from "./manifest-file.js";

const appDir = mkdtempSync(join(tmpdir(), "cr-manifest-"));
mkdirSync(join(appDir, "deploy"));
writeFileSync(join(appDir, "service.yaml"), "kind: Service\n");
writeFileSync(join(appDir, "deploy", "prod.yaml"), "kind: Service # prod\n");
writeFileSync(join(tmpdir(), "outside-secret.yaml"), "secret: value\n");
// Another team's manifest elsewhere on the piped host, and links committed to point at things.
const otherTeam = mkdtempSync(join(tmpdir(), "cr-other-team-"));
writeFileSync(join(otherTeam, "service.yaml"), "kind: Service # theirs\n");
symlinkSync("/etc/passwd", join(appDir, "passwd.yaml"));
symlinkSync(join(otherTeam, "service.yaml"), join(appDir, "theirs.yaml"));
symlinkSync("/dev/zero", join(appDir, "zero.yaml"));
symlinkSync("service.yaml", join(appDir, "alias.yaml"));
mkdirSync(join(appDir, "linked-dir"));
symlinkSync(otherTeam, join(appDir, "linked-dir", "up"));
execFileSync("mkfifo", [join(appDir, "fifo.yaml")]);
writeFileSync(join(appDir, "huge.yaml"), Buffer.alloc(MAX_MANIFEST_BYTES + 1, "#"));

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

  it("follows a link that stays inside the application directory", async () => {
    expect(await readManifestFile(appDir, "alias.yaml")).toBe("kind: Service\n");
  });

  it.each(["passwd.yaml", "theirs.yaml", "zero.yaml", "linked-dir/up/service.yaml"])(
    "refuses %s, a symbolic link out of the application directory, without reading it",
    async (fileName) => {
      await expect(readManifestFile(appDir, fileName)).rejects.toThrow(
        "is a symbolic link to a file outside the application directory",
      );
    },
  );

  it("refuses a FIFO at once instead of waiting for a writer", async () => {
    await expect(readManifestFile(appDir, "fifo.yaml")).rejects.toThrow("is not a regular file");
  });

  it(`refuses a manifest over ${MAX_MANIFEST_BYTES} bytes, naming the limit`, async () => {
    await expect(readManifestFile(appDir, "huge.yaml")).rejects.toThrow(
      `is ${MAX_MANIFEST_BYTES + 1} bytes, more than the ${MAX_MANIFEST_BYTES} bytes allowed`,
    );
  });

  it("bounds a long file name it echoes", async () => {
    const name = `${"n".repeat(5_000)}.yaml`;
    const error = await readManifestFile(appDir, name).catch((e: Error) => e);
    expect((error as Error).message.length).toBeLessThan(400);
  });

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
