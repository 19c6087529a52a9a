// Build-time esbuild plugin: embeds groups of modules as compressed text compiled on first use, so
// that V8 neither parses nor keeps them when the plugin starts.
import { createRequire, isBuiltin } from "node:module";
import { brotliCompressSync } from "node:zlib";
import type { defineConfig } from "tsup";

type EsbuildPlugin = NonNullable<NonNullable<Parameters<typeof defineConfig>[0]>["esbuildPlugins"]>[number];

/** A group of modules bundled together and compiled the first time one of their exports is read. */
export interface LazyChunk {
  /** Names the chunk inside the bundle. */
  name: string;
  /** Module specifier → the key it goes by inside the chunk. */
  modules: Record<string, string>;
  /** Where the specifiers resolve from. */
  resolveDir: string;
  /** Modules the chunk takes from the plugin's own bundle instead of a copy of its own. */
  shared: string[];
  /** Specifiers that do not resolve from `resolveDir` → the file they stand for. */
  files?: Record<string, string>;
  /** Where shared modules that do not resolve from `resolveDir` are looked up, in order. */
  sharedResolveDirs?: string[];
}

/** The parameter through which a chunk reaches the modules it shares with the plugin. */
const SHARED_PARAMETER = "__pluginShared";

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

/**
 * Each module of a chunk becomes a stub whose exports are getters: reading one compiles the chunk.
 * The export names are read at build time by loading the module in the build process.
 */
export function lazyChunks(chunks: LazyChunk[]): EsbuildPlugin {
  return {
    name: "lazy-chunks",
    setup(build) {
      for (const chunk of chunks) {
        const namespace = `lazy-chunk:${chunk.name}`;
        const loaderId = `lazy-chunk-loader:${chunk.name}`;
        const specifiers = Object.keys(chunk.modules).map(escapeRegExp);
        build.onResolve({ filter: new RegExp(`^(${specifiers.join("|")})$`) }, (args) => ({
          path: args.path,
          namespace,
        }));
        build.onResolve({ filter: new RegExp(`^${escapeRegExp(loaderId)}$`) }, () => ({ path: "loader", namespace }));
        if (chunk.shared.length > 0) {
          // The loader imports each shared module as the plugin's own code does (same conditions), so
          // both resolve to the same file and the bundle holds one copy.
          const shared = new RegExp(`^(${chunk.shared.map(escapeRegExp).join("|")})$`);
          build.onResolve({ filter: shared, namespace }, async (args) => {
            let result: Awaited<ReturnType<typeof build.resolve>> | undefined;
            for (const resolveDir of [chunk.resolveDir, ...(chunk.sharedResolveDirs ?? [])]) {
              result = await build.resolve(args.path, { kind: args.kind, resolveDir });
              if (result.errors.length === 0) return result;
            }
            return { errors: result?.errors ?? [] };
          });
        }
        build.onLoad({ filter: /.*/, namespace }, async (args) => {
          if (args.path !== "loader") return { contents: stubSource(chunk, args.path, loaderId), loader: "js" };
          return { contents: await loaderSource(build, chunk), loader: "js", resolveDir: chunk.resolveDir };
        });
      }
    },
  };
}

function stubSource(chunk: LazyChunk, specifier: string, loaderId: string): string {
  const key = JSON.stringify(chunk.modules[specifier]);
  const actual = createRequire(`${chunk.resolveDir}/`)(chunk.files?.[specifier] ?? specifier) as Record<
    string,
    unknown
  >;
  const names = Object.getOwnPropertyNames(actual).filter((name) => name !== "__esModule" && name !== "default");
  return [
    `const load = () => require(${JSON.stringify(loaderId)}).default()[${key}];`,
    actual.__esModule ? `Object.defineProperty(exports, "__esModule", { value: true });` : "",
    `for (const name of ${JSON.stringify(names)}) {`,
    `  Object.defineProperty(exports, name, { enumerable: true, get: () => load()[name] });`,
    "}",
  ].join("\n");
}

async function loaderSource(build: Parameters<EsbuildPlugin["setup"]>[0], chunk: LazyChunk): Promise<string> {
  const inner = await build.esbuild.build({
    stdin: {
      contents: Object.entries(chunk.modules)
        .map(([specifier, key]) => {
          const file = chunk.files?.[specifier] ?? specifier;
          return `exports[${JSON.stringify(key)}] = require(${JSON.stringify(file)});`;
        })
        .join("\n"),
      resolveDir: chunk.resolveDir,
      loader: "js",
    },
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    minify: true,
    write: false,
    plugins: [
      {
        // A shared module becomes a module of the chunk that returns the plugin's copy: required or
        // imported dynamically alike, it never reaches Node's loader (the plugin ships no node_modules).
        name: "shared-with-plugin",
        setup(innerBuild) {
          if (chunk.shared.length === 0) return;
          const filter = new RegExp(`^(${chunk.shared.map(escapeRegExp).join("|")})$`);
          innerBuild.onResolve({ filter }, (a) => ({ path: a.path, namespace: "shared-with-plugin" }));
          innerBuild.onLoad({ filter: /.*/, namespace: "shared-with-plugin" }, (a) => ({
            contents: `module.exports = ${SHARED_PARAMETER}(${JSON.stringify(a.path)});`,
            loader: "js",
          }));
        },
      },
    ],
  });
  const text = inner.outputFiles[0]?.text ?? "";
  const notBuiltin = [...text.matchAll(/\bimport\(([^)]{0,80})/g)].filter(
    ([, specifier]) => !isBuiltin(JSON.parse(/^"[^"]*"$/.test(specifier ?? "") ? specifier! : '""') || "?"),
  );
  if (notBuiltin.length > 0) {
    throw new Error(`lazy chunk ${chunk.name} loads modules at run time: ${notBuiltin.map((m) => m[0]).join(", ")}`);
  }
  // The source URL names the chunk in stack traces (and lets tests see when it is compiled).
  const code = `${text}\n//# sourceURL=cloudrun-plugin/${chunk.name}.js\n`;
  const packed = brotliCompressSync(Buffer.from(code, "utf8")).toString("base64");
  // Each shared module is imported here, by name, so that the plugin's bundle holds it once.
  const imports = chunk.shared.map((id, i) => `import * as shared${i} from ${JSON.stringify(id)};`).join("\n");
  const shared = chunk.shared.map((id, i) => `${JSON.stringify(id)}: shared${i}`).join(",");
  return `
    ${imports}
    let loaded;
    export default () => {
      if (loaded) return loaded;
      const shared = { ${shared} };
      const inner = { exports: {} };
      const code = require("node:zlib").brotliDecompressSync(Buffer.from(${JSON.stringify(packed)}, "base64")).toString("utf8");
      new Function("require", "module", "exports", "__filename", "__dirname", "${SHARED_PARAMETER}", code)(
        require, inner, inner.exports, __filename, __dirname, (id) => shared[id]);
      loaded = inner.exports;
      return loaded;
    };`;
}
