import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { brotliCompressSync } from "node:zlib";
import { defineConfig } from "tsup";

const { version } = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8"));

/** What @cr/cloudrun imports lazily (on the first Cloud Run call), and the name each goes by inside. */
const GOOGLE_CLIENT_MODULES: Record<string, string> = {
  "@google-cloud/run/build/src/v2/services_client.js": "services",
  "@google-cloud/run/build/src/v2/revisions_client.js": "revisions",
  "google-auth-library": "auth",
};
const GOOGLE_CLIENT = "cloudrun-plugin:google-client";
const cloudrunPackage = fileURLToPath(new URL("../../packages/cloudrun/", import.meta.url));

type PluginBuild = Parameters<
  NonNullable<NonNullable<Parameters<typeof defineConfig>[0]>["esbuildPlugins"]>[number]["setup"]
>[0];

/**
 * The Google client (google-gax, protobufjs, google-auth-library and the two clients: most of the
 * bundle) is embedded compressed and compiled on the first Cloud Run call, so that V8 neither
 * parses nor keeps it at start-up. It shares the plugin's own @grpc/grpc-js: credentials and
 * channels cross between the two.
 */
const lazyGoogleClient = {
  name: "lazy-google-client",
  setup(build: PluginBuild) {
    const specifiers = Object.keys(GOOGLE_CLIENT_MODULES).map((s) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&"));
    build.onResolve({ filter: new RegExp(`^(${specifiers.join("|")})$`) }, (args) => ({
      path: args.path,
      namespace: GOOGLE_CLIENT,
    }));
    build.onResolve({ filter: /^cloudrun-plugin:google-client$/ }, () => ({
      path: "loader",
      namespace: GOOGLE_CLIENT,
    }));
    build.onLoad({ filter: /.*/, namespace: GOOGLE_CLIENT }, async (args) => {
      if (args.path !== "loader") {
        return {
          contents: `module.exports = require("cloudrun-plugin:google-client")()[${JSON.stringify(GOOGLE_CLIENT_MODULES[args.path])}];`,
          loader: "js",
        };
      }
      const inner = await build.esbuild.build({
        stdin: {
          contents: Object.entries(GOOGLE_CLIENT_MODULES)
            .map(([specifier, name]) => `exports.${name} = require(${JSON.stringify(specifier)});`)
            .join("\n"),
          resolveDir: cloudrunPackage,
          loader: "js",
        },
        bundle: true,
        platform: "node",
        target: "node20",
        format: "cjs",
        minify: true,
        write: false,
        // The package itself only: its package.json (read for its version) is bundled inside.
        plugins: [
          {
            name: "shared-grpc-js",
            setup(inner) {
              inner.onResolve({ filter: /^@grpc\/grpc-js$/ }, (a) => ({ path: a.path, external: true }));
            },
          },
        ],
      });
      const packed = brotliCompressSync(Buffer.from(inner.outputFiles[0]?.text ?? "", "utf8")).toString("base64");
      return {
        contents: `
          let loaded;
          module.exports = () => {
            if (loaded) return loaded;
            const grpc = require("@grpc/grpc-js");
            const inner = { exports: {} };
            const innerRequire = (id) => (id === "@grpc/grpc-js" ? grpc : require(id));
            const code = require("node:zlib").brotliDecompressSync(Buffer.from(${JSON.stringify(packed)}, "base64")).toString("utf8");
            new Function("require", "module", "exports", "__filename", "__dirname", code)(
              innerRequire, inner, inner.exports, __filename, __dirname);
            loaded = inner.exports;
            return loaded;
          };`,
        loader: "js",
        resolveDir: cloudrunPackage,
      };
    });
  },
};

// piped copies exactly one file and executes it, so the plugin is one self-contained CommonJS
// bundle with a shebang: every dependency is inlined. Minified, because V8 reads the whole file at
// start-up; the Google client is embedded as text (see above). Only its Services and Revisions
// clients are imported (see @cr/cloudrun).
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
  esbuildPlugins: [lazyGoogleClient],
});
