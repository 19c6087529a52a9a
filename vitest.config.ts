import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { defineConfig } from "vitest/config";

// Tests import @cr/* through their public entry names but run against src: each
// exports-map target ./dist/X.js is aliased to ./src/X.ts (no build needed for unit tests). Targets are
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
      const source = esm?.replace(/^\.\/dist\//, "./src/").replace(/\.js$/, ".ts");
      if (source) alias.push({ find: join(manifest.name, subpath), replacement: resolve(pkgDir, source) });
    }
  }
}
// Longest names first so "@cr/cloudrun/pure" wins over "@cr/cloudrun".
alias.sort((a, b) => b.find.length - a.find.length);
const exact = alias.map(({ find, replacement }) => ({ find: new RegExp(`^${find}$`), replacement }));

export default defineConfig({
  resolve: { alias: exact },
  test: {
    projects: projects.map(({ name, dir }) => ({
      extends: true,
      test: {
        name,
        root: dir,
        include: ["src/**/*.test.ts", "test/**/*.test.ts"],
        testTimeout: 30_000,
        hookTimeout: 60_000,
        env: { METADATA_SERVER_DETECTION: "none" },
      },
    })),
  },
});
