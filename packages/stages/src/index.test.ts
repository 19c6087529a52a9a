import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import * as stages from "./index.js";

const SRC = import.meta.dirname;

/** Production sources: everything under src except tests and the test-only helpers. */
function productionFiles(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return productionFiles(path);
    if (!entry.name.endsWith(".ts") || entry.name.endsWith(".test.ts") || entry.name.startsWith("testing-")) return [];
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
    for (const name of [
      "detectDrift",
      "liveResources",
      "driftSyncState",
      "planPreview",
      "renderPlanPreview",
      "unifiedDiff",
    ]) {
      expect(typeof (stages as Record<string, unknown>)[name], name).toBe("function");
    }
  });
});
