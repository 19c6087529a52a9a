import { readFileSync } from "node:fs";
import { defineConfig } from "tsup";

const { version } = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8"));

// piped copies exactly one file and executes it, so the plugin is one self-contained CommonJS
// bundle with a shebang: every dependency is inlined. Minified, because V8 reads the whole file at
// start-up; the Google client stays behind a dynamic import and runs only on the first Cloud Run
// call. Only its Services and Revisions clients are imported (see @cr/cloudrun).
export default defineConfig({
  entry: { "cloudrun-plugin": "src/main.ts" },
  format: ["cjs"],
  outExtension: () => ({ js: ".cjs" }),
  platform: "node",
  target: "node20",
  noExternal: [/.*/],
  splitting: false,
  clean: true,
  sourcemap: false,
  minify: true,
  banner: { js: "#!/usr/bin/env node" },
  define: { __PLUGIN_VERSION__: JSON.stringify(version) },
});
