// The entries' size and shape: small user APIs, explicit names, lazy Google libraries.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { exportedNames, importGraph } from "../test/entry-names.js";

const SRC = import.meta.dirname;
const MAX_MAIN_ENTRY_NAMES = 60;

const entries = {
  "index.ts": () => import("./index.js"),
  "pure.ts": () => import("./pure.js"),
  "internal.ts": () => import("./internal.js"),
};

describe("@cr/cloudrun entries", () => {
  for (const [entry, load] of Object.entries(entries)) {
    it(`${entry} re-exports by name only, and its runtime names are the value names it lists`, async () => {
      expect(readFileSync(join(SRC, entry), "utf8")).not.toMatch(/export\s*\*/);
      const { values } = exportedNames(entry);
      expect(Object.keys(await load()).sort()).toEqual(values);
    });
  }

  it.each(["index.ts", "pure.ts"])("%s holds at most 60 names, values and types together", (entry) => {
    const { values, types } = exportedNames(entry);
    expect(values.length).toBeGreaterThan(0);
    expect(values.length + types.length).toBeLessThanOrEqual(MAX_MAIN_ENTRY_NAMES);
  });

  it("the main entry exposes the client, its errors and the readiness rule", async () => {
    const index = await import("./index.js");
    for (const name of ["createCloudRunClient", "CloudRunClient", "CloudRunError", "isCloudRunError"]) {
      expect(index).toHaveProperty(name);
    }
    expect(index.assessServiceReadiness).toBe((await import("./readiness.js")).assessServiceReadiness);
  });

  it("internal names are not part of the user entries", () => {
    const user = new Set([...exportedNames("index.ts").values, ...exportedNames("pure.ts").values]);
    expect(exportedNames("internal.ts").values.filter((name) => user.has(name))).toEqual([]);
  });

  it("no module the main entry reaches imports the emulator or a test double", () => {
    const { files, external } = importGraph("index.ts");
    expect(files.filter((f) => /testing|test-support|\.test\.ts$/.test(f))).toEqual([]);
    expect([...external].filter((spec) => spec.startsWith("@cr/cloudrun-emulator"))).toEqual([]);
  });

  it("loads the Google client libraries lazily (no static value imports)", () => {
    const heavy = /^import (?!type )[^;]*from "(@google-cloud\/run|@grpc\/grpc-js|google-auth-library)";/m;
    const offenders = readdirSync(SRC)
      .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
      .filter((f) => heavy.test(readFileSync(join(SRC, f), "utf8")));
    expect(offenders).toEqual([]);
  });
});
