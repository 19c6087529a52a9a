import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import workspace from "../../vitest.config.js";

// The release artifact tests: not part of `pnpm test` (they need `pnpm release:artifacts` first, which
// builds a 130 MB executable); `pnpm release:check` and CI run them. Same @cr/* aliases as every test.
export default defineConfig({
  resolve: workspace.resolve,
  test: {
    root: fileURLToPath(new URL(".", import.meta.url)),
    include: ["artifacts-test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    env: { METADATA_SERVER_DETECTION: "none" },
  },
});
