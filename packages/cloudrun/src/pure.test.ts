import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as pure from "./pure.js";

const src = (file: string) => readFileSync(new URL(`./${file}`, import.meta.url), "utf8");

/** Every module reachable from pure.ts through relative imports, and every bare import they use. */
function importGraph(entry: string): { files: string[]; external: Set<string> } {
  const seen = new Set<string>();
  const external = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = src(file);
    for (const m of text.matchAll(
      /(?:import|export)\s[^;]*?from\s+"([^"]+)"|import\s*\(\s*"([^"]+)"\s*\)|import\s+"([^"]+)"/g,
    )) {
      const spec = (m[1] ?? m[2] ?? m[3]) as string;
      if (spec.startsWith("./")) queue.push(spec.slice(2).replace(/\.js$/, ".ts"));
      else external.add(spec);
    }
  }
  return { files: [...seen].sort(), external };
}

describe("@cr/cloudrun/pure", () => {
  it("re-exports by name only", () => {
    expect(src("pure.ts")).not.toMatch(/export\s*\*/);
  });

  it("reaches no SDK, gRPC, filesystem or network module", () => {
    const { files, external } = importGraph("pure.ts");
    expect(files).toContain("manifest.ts");
    expect(files).not.toContain("index.ts");
    for (const spec of external) {
      expect(spec).not.toMatch(/^@google-cloud\/|^@grpc\/|^(node:)?(fs|net)(\/|$)|^google-auth-library/);
    }
    expect([...external].sort()).toEqual(["node:crypto", "yaml"]);
  });

  it("exposes the documented functions", () => {
    for (const name of [
      "parseServiceManifest",
      "normalizeService",
      "promote",
      "resolveLatest",
      "validateSplit",
      "diffSplits",
      "snapshotSplit",
      "restoreSplit",
      "parseTrafficSnapshot",
      "formatSplit",
      "fromTrafficTargets",
      "toTrafficTargets",
      "effectiveSplit",
      "planPrune",
      "revisionName",
      "isValidRevisionName",
      "isValidTag",
      "parseImageRef",
      "imageVersion",
      "shortName",
    ]) {
      expect(typeof (pure as Record<string, unknown>)[name], name).toBe("function");
    }
  });
});
