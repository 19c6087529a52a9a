// The package's entries stay small: the main entry is the host API, ./testing the test doubles.
// Counts are read from the entry files, type-only names included.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

/** Every name an entry file re-exports, runtime and type-only, read from its text. */
function exportedNames(entryFile: URL): string[] {
  const names: string[] = [];
  for (const [, , list] of readFileSync(entryFile, "utf8").matchAll(/export (type )?\{([^}]*)\}/g)) {
    for (const item of list!.split(",").map((part) => part.trim())) {
      if (item !== "") names.push(item.replace(/^type /, "").replace(/^.* as /, ""));
    }
  }
  return names;
}

describe("package entries", () => {
  const main = exportedNames(new URL("./index.ts", import.meta.url));
  const testing = exportedNames(new URL("../testing/index.ts", import.meta.url));

  it("the main entry exports at most 66 names, every runtime name among them", async () => {
    const runtime = Object.keys(await import("./index.js"));
    expect(main.length).toBeLessThanOrEqual(66);
    expect(runtime.length).toBeLessThanOrEqual(21);
    for (const name of runtime) expect(main).toContain(name);
  });

  it("./testing exports at most 30 names, every runtime name among them", async () => {
    const runtime = Object.keys(await import("../testing/index.js"));
    expect(testing.length).toBeLessThanOrEqual(30);
    expect(runtime.length).toBeLessThanOrEqual(18);
    for (const name of runtime) expect(testing).toContain(name);
  });
});
