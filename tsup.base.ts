import { defineConfig, type Options } from "tsup";

/**
 * The one build recipe every published @cr/* package shares: ESM (`.js`) and CommonJS (`.cjs`), each
 * with its own declarations (`.d.ts`, `.d.cts`), for the oldest supported Node. `shims` gives the
 * CommonJS build a working `import.meta.url`. No source maps: they would more than double what a
 * consumer installs (tests run against src, the plugin bundle has none either). `entry` names the
 * outputs when it is an object, e.g. `{ index: "src/index.ts", testing: "testing/index.ts" }` for a
 * `testing` subpath whose test doubles live beside `src`.
 */
export function libraryConfig(entry: string[] | Record<string, string>, overrides: Options = {}) {
  return defineConfig({
    entry,
    format: ["esm", "cjs"],
    dts: true,
    shims: true,
    clean: true,
    sourcemap: false,
    target: "node20",
    platform: "node",
    ...overrides,
  });
}
