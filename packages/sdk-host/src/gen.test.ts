// The checked-in generated protocol code matches what `pnpm gen` produces from proto/.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

// The generated wire code is checked in; this fails when proto/ changed and `pnpm gen` was not run.
const repoRoot = join(import.meta.dirname, "../../..");
const checkedIn = join(repoRoot, "packages/sdk-host/src/gen");

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

describe("generated protocol code", () => {
  const outDir = mkdtempSync(join(tmpdir(), "cr-gen-"));
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it("matches what `pnpm gen` produces from proto/", () => {
    const buf = join(repoRoot, "node_modules/.bin/buf");
    execFileSync(buf, ["generate", "--output", outDir], {
      cwd: repoRoot,
      env: { ...process.env, PATH: `${join(repoRoot, "node_modules/.bin")}:${process.env.PATH}` },
      stdio: "pipe",
    });
    const fresh = join(outDir, "packages/sdk-host/src/gen");
    const freshFiles = listFiles(fresh)
      .map((f) => relative(fresh, f))
      .sort();
    const checkedInFiles = listFiles(checkedIn)
      .map((f) => relative(checkedIn, f))
      .sort();
    expect(checkedInFiles, "generated file list is stale: run `pnpm gen`").toEqual(freshFiles);
    for (const file of freshFiles) {
      const same = readFileSync(join(fresh, file), "utf8") === readFileSync(join(checkedIn, file), "utf8");
      expect(same, `${file} is stale: run \`pnpm gen\``).toBe(true);
    }
  });
});
