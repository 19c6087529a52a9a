// docs/architecture.md stays true: every repository path it names exists.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..");
const doc = readFileSync(join(root, "docs/architecture.md"), "utf8");

/** Backticked repository paths (`packages/…`, `apps/…`, `docs/…`), without a trailing slash. */
function namedPaths(text: string): string[] {
  const paths = [...text.matchAll(/`((?:packages|apps|docs|examples|proto)\/[^`\s]+)`/g)].map((m) => m[1]!);
  return [...new Set(paths.map((p) => p.replace(/\/$/, "")))];
}

describe("docs/architecture.md", () => {
  it("names many files, and every one exists", () => {
    const paths = namedPaths(doc);
    expect(paths.length).toBeGreaterThan(30);
    // The files a new stage would add are examples, not files of the repository.
    const examples = new Set([
      "packages/config/src/stage-options/smoke-test.ts",
      "packages/stages/src/smoke-test/run.ts",
    ]);
    expect(paths.filter((p) => !examples.has(p) && !existsSync(join(root, p)))).toEqual([]);
  });

  it("names every package and app", () => {
    for (const dir of ["packages/config", "packages/cloudrun", "packages/stages", "packages/sdk-host"]) {
      expect(doc).toContain(`\`${dir}\``);
    }
    expect(doc).toContain("`packages/cloudrun-emulator`");
    expect(doc).toContain("`apps/plugin`");
  });
});
