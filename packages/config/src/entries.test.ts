// The package's entries stay small and documented: the main entry is the user API (every name with a
// doc comment), ./internal the plumbing for other @cr/* packages, and no name is in both.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const srcDir = new URL("./", import.meta.url);
const read = (file: string) => readFileSync(new URL(file, srcDir), "utf8");

/** Every name an entry file re-exports, runtime and type-only, read from its text. */
function exportedNames(entryFile: string): string[] {
  const names: string[] = [];
  for (const [, , list] of read(entryFile).matchAll(/export (type )?\{([^}]*)\}/g)) {
    for (const item of list!.split(",").map((part) => part.trim())) {
      if (item !== "") names.push(item.replace(/^type /, ""));
    }
  }
  return names;
}

const sources = readdirSync(srcDir, { recursive: true, encoding: "utf8" })
  .filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts"))
  .map((file) => ({ file, text: read(file) }));

/** Whether the declaration of `name` in src is directly preceded by a doc comment. */
function isDocumented(name: string): boolean {
  const declaration = new RegExp(`^export (?:const|function|interface|type|class) ${name}\\b`, "m");
  for (const { text } of sources) {
    const match = declaration.exec(text);
    if (match) return text.slice(0, match.index).trimEnd().endsWith("*/");
  }
  return false;
}

describe("package entries", () => {
  const main = exportedNames("index.ts");
  const internal = exportedNames("internal.ts");

  it("the main entry exports at most 45 names, every runtime name among them", async () => {
    const runtime = Object.keys(await import("./index.js"));
    expect(main.length).toBeLessThanOrEqual(45);
    expect(runtime.length).toBeLessThanOrEqual(25);
    for (const name of runtime) expect(main).toContain(name);
  });

  it("./internal exports at most 20 names", async () => {
    const runtime = Object.keys(await import("./internal.js"));
    expect(internal.length).toBeLessThanOrEqual(20);
    for (const name of runtime) expect(internal).toContain(name);
  });

  it("no name is exported from both entries", () => {
    expect(main.filter((name) => internal.includes(name))).toEqual([]);
  });

  it.each(main.map((name) => ({ name })))("main entry name $name has a doc comment", ({ name }) => {
    expect(isDocumented(name)).toBe(true);
  });
});
