import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { defineConfig } from "tsup";
import { lazyChunks } from "./build/lazy-chunks.js";

const { version } = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8"));
const packageDir = (name: string) => fileURLToPath(new URL(`../../packages/${name}/`, import.meta.url));
// grpc-js loads @grpc/proto-loader only to serve channelz and ORCA, which the plugin never does.
const protoLoader = createRequire(createRequire(`${packageDir("sdk-host")}`).resolve("@grpc/grpc-js")).resolve(
  "@grpc/proto-loader",
);

const GOOGLE_CLIENT_MODULES = {
  "@google-cloud/run/build/src/v2/services_client.js": "services",
  "@google-cloud/run/build/src/v2/revisions_client.js": "revisions",
  "google-auth-library": "auth",
};

/**
 * Modules the plugin needs only after start-up (start-up answers FetchDefinedStages), embedded
 * compressed and compiled on first use (see build/lazy-chunks.ts): the deployment logic
 * (@cr/stages, @cr/cloudrun) on the first planning, stage or live-state call; the Google client
 * (google-gax, protobufjs, google-auth-library and the Services and Revisions clients: most of the
 * code) on the first Cloud Run call, sharing the plugin's own @grpc/grpc-js so that credentials and
 * channels cross between the two; the YAML parser on the first manifest or app.pipecd.yaml.
 */
const lazy = lazyChunks([
  {
    name: "deployment-logic",
    modules: {
      "@cr/stages": "stages",
      "@cr/stages/internal": "stagesInternal",
      "@cr/cloudrun": "cloudrun",
      "@cr/cloudrun/pure": "cloudrunPure",
      "@cr/cloudrun/internal": "cloudrunInternal",
    },
    resolveDir: packageDir("stages"),
    sharedResolveDirs: [packageDir("cloudrun")],
    shared: [
      "@cr/config",
      "@cr/config/cloudrun-limits",
      "@cr/config/internal",
      "yaml",
      "@grpc/grpc-js",
      ...Object.keys(GOOGLE_CLIENT_MODULES),
    ],
  },
  {
    name: "google-client",
    modules: { ...GOOGLE_CLIENT_MODULES, "@grpc/proto-loader": "protoLoader" },
    files: { "@grpc/proto-loader": protoLoader },
    resolveDir: packageDir("cloudrun"),
    shared: ["@grpc/grpc-js"],
  },
  { name: "yaml", modules: { yaml: "yaml" }, resolveDir: packageDir("sdk-host"), shared: [] },
]);

// piped copies exactly one file and executes it, so the plugin is one self-contained CommonJS
// bundle with a shebang: every dependency is inlined. Minified, because V8 reads the whole file at
// start-up.
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
  esbuildPlugins: [lazy],
  // The libraries' own code-splitting keeps a bare import of a shared chunk to fix evaluation order;
  // their packages declare no side effects, so dropping it is right and the warning is noise.
  esbuildOptions: (options) => {
    options.logOverride = { ...options.logOverride, "ignored-bare-import": "silent" };
  },
});
