import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { defineConfig } from "vitest/config";

// Tests import @cr/* through their public entry names but run against sources: each
// exports-map target ./dist/X.js is aliased to ./src/X.ts, or to ./X/index.ts for an entry that lives
// beside src (the `testing` subpath's test doubles), so no build is needed for unit tests. Targets are
// either { import: "./dist/X.js" } or, with CommonJS builds, { import: { default: "./dist/X.js" } }.
const root = import.meta.dirname;
const alias: { find: string; replacement: string }[] = [];
const projects: { name: string; dir: string }[] = [];
for (const group of ["packages", "apps"]) {
  for (const dir of readdirSync(join(root, group))) {
    const pkgDir = join(root, group, dir);
    const manifest = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
    projects.push({ name: manifest.name, dir: pkgDir });
    type Target = string | { import?: string | { default?: string } };
    for (const [subpath, target] of Object.entries<Target>(manifest.exports ?? {})) {
      if (typeof target === "string") continue;
      const esm = typeof target.import === "string" ? target.import : target.import?.default;
      const name = esm?.match(/^\.\/dist\/(.+)\.js$/)?.[1];
      if (!name) continue;
      // A subpath's source is src/X.ts, or the entry of a folder beside src (e.g. testing/index.ts).
      const source = [join(pkgDir, "src", `${name}.ts`), join(pkgDir, name, "index.ts")].find((f) => existsSync(f));
      if (source) alias.push({ find: join(manifest.name, subpath), replacement: source });
    }
  }
}
// Longest names first so "@cr/cloudrun/pure" wins over "@cr/cloudrun".
alias.sort((a, b) => b.find.length - a.find.length);
const exact = alias.map(({ find, replacement }) => ({ find: new RegExp(`^${find}$`), replacement }));

// The repository's own docs are checked by tests beside them (e.g. the paths architecture.md names).
const docsProject = {
  extends: true as const,
  test: { name: "docs", root: join(root, "docs"), include: ["*.test.ts"] },
};

export default defineConfig({
  resolve: { alias: exact },
  test: {
    projects: [
      docsProject,
      ...projects.map(({ name, dir }) => ({
        extends: true as const,
        test: {
          name,
          root: dir,
          include: ["src/**/*.test.ts", "test/**/*.test.ts", "testing/**/*.test.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          env: { METADATA_SERVER_DETECTION: "none" },
        },
      })),
    ],
  },
});
