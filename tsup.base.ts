import { defineConfig, type Options } from "tsup";

/** The one build recipe every published @cr/* package shares: ESM, type declarations, node20. */
export function libraryConfig(entry: string[], overrides: Options = {}) {
  return defineConfig({
    entry,
    format: ["esm"],
    dts: true,
    clean: true,
    sourcemap: true,
    target: "node20",
    platform: "node",
    ...overrides,
  });
}
