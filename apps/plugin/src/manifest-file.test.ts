import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readManifestFile } from "./manifest-file.js";

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
