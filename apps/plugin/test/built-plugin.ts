import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The single-file plugin that `pnpm build` writes; the tests run it as piped would. */
export const PLUGIN_BINARY = fileURLToPath(new URL("../dist/cloudrun-plugin.cjs", import.meta.url));

export function requireBuiltPlugin(): string {
  if (!existsSync(PLUGIN_BINARY)) {
    throw new Error(`${PLUGIN_BINARY} is missing: run \`pnpm build\` (\`pnpm test\` builds first)`);
  }
  return PLUGIN_BINARY;
}
