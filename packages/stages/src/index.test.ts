// The package boundary: what the entries export and what production code may import.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import * as stages from "./index.js";
import * as internal from "./internal.js";

const SRC = import.meta.dirname;

/** Production sources: everything under src except tests. */
function productionFiles(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return productionFiles(path);
    if (!entry.name.endsWith(".ts") || entry.name.endsWith(".test.ts")) return [];
    return [relative(SRC, path)];
  });
}

describe("@cr/stages boundaries", () => {
  it("re-exports by name only", () => {
    expect(readFileSync(join(SRC, "index.ts"), "utf8")).not.toMatch(/export\s*\*/);
  });

  it("never imports the Cloud Run client, gRPC, Google libraries, the filesystem or the network", () => {
    const files = productionFiles();
    expect(files).toContain(join("livestate", "drift.ts"));
    for (const file of files) {
      const text = readFileSync(join(SRC, file), "utf8");
      for (const m of text.matchAll(/(?:import|export)\s[^;]*?from\s+"([^"]+)"|import\s*\(\s*"([^"]+)"\s*\)/g)) {
        const spec = (m[1] ?? m[2]) as string;
        expect(spec, `${file} imports ${spec}`).not.toMatch(
          /^@cr\/cloudrun$|^@cr\/cloudrun\/(?!pure$)|^@grpc\/|^@google-cloud\/|^(node:)?(fs|net|child_process)(\/|$)/,
        );
      }
    }
  });

  it("exposes live state and plan preview", () => {
    for (const name of ["detectDrift", "liveResources", "driftSyncState", "planPreview", "renderPlanPreview"]) {
      expect(typeof (stages as Record<string, unknown>)[name], name).toBe("function");
    }
  });

  it("keeps the main entry to the user API: at most 40 names", () => {
    const names = entryNames("index.ts", stages);
    expect(names.length, names.join(", ")).toBeLessThanOrEqual(40);
    expect(names).toContain("runPromoteStage");
    expect(names).not.toContain("APP_OBJECT_APPLIED_TRAFFIC");
  });

  it("keeps the internal entry to what sibling packages use", () => {
    const names = entryNames("internal.ts", internal);
    expect(names.length, names.join(", ")).toBeLessThanOrEqual(10);
    expect(names.filter((n) => entryNames("index.ts", stages).includes(n))).toEqual([]);
    // Every internal name is used by the plugin; an unused one should be dropped instead.
    const pluginSrc = join(SRC, "..", "..", "..", "apps", "plugin", "src");
    const pluginText = readdirSync(pluginSrc)
      .filter((f) => f.endsWith(".ts"))
      .map((f) => readFileSync(join(pluginSrc, f), "utf8"))
      .join("\n");
    expect(pluginText).toContain('from "@cr/stages/internal"');
    expect(names.filter((n) => !new RegExp(`\\b${n}\\b`).test(pluginText))).toEqual([]);
  });

  it("has no test doubles under src", () => {
    const all = readdirSync(SRC, { recursive: true, encoding: "utf8" });
    expect(all.filter((f) => /(^|\/)(testing|test-support)[^/]*$/.test(f))).toEqual([]);
  });
});

/** The runtime names of an entry plus its type-only names, read from the file text. */
function entryNames(file: string, module: object): string[] {
  const text = readFileSync(join(SRC, file), "utf8");
  const typeNames = new Set<string>();
  for (const m of text.matchAll(/export\s+type\s*\{([^}]*)\}/g)) {
    for (const n of (m[1] as string).split(",")) if (n.trim()) typeNames.add(n.trim());
  }
  for (const m of text.matchAll(/export\s*\{([^}]*)\}/g)) {
    for (const n of (m[1] as string).split(",")) {
      const t = n.trim().match(/^type\s+(\w+)$/);
      if (t) typeNames.add(t[1] as string);
    }
  }
  return [...Object.keys(module), ...typeNames].sort();
}
