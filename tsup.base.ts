import { defineConfig, type Options } from "tsup";

/**
 * The one build recipe every published @cr/* package shares: ESM (`.js`) and CommonJS (`.cjs`), each
 * with its own declarations (`.d.ts`, `.d.cts`), for the oldest supported Node. `shims` gives the
 * CommonJS build a working `import.meta.url`. No source maps: they would more than double what a
 * consumer installs (tests run against src, the plugin bundle has none either).
 */
export function libraryConfig(entry: string[], overrides: Options = {}) {
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
