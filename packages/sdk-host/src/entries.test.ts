// The package's entries stay small and documented: the main entry is the host API (every name with a doc comment
// at its declaration), ./testing the test doubles. Counts are read from the entry files, type-only names included.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const srcDir = new URL("./", import.meta.url);

/** Every name an entry file re-exports, runtime and type-only, read from its text (`a as b` counts as b). */
function exportedNames(entryFile: URL): string[] {
  const lists = [...readFileSync(entryFile, "utf8").matchAll(/export (?:type )?\{([^}]*)\}/g)].map((m) => m[1]!);
  return lists
    .flatMap((list) => list.split(","))
    .map((item) =>
      item
        .trim()
        .replace(/^type /, "")
        .replace(/^.* as /, ""),
    )
    .filter((name) => name !== "");
}

/** The hand-written sources (generated code aside), whose declarations the main entry re-exports. */
const handWritten = readdirSync(srcDir, { encoding: "utf8" })
  .filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts"))
  .map((file) => readFileSync(new URL(file, srcDir), "utf8"));

/** Whether `name` is declared in a hand-written source right after a doc comment. */
function hasDocComment(name: string): boolean {
  const declaration = new RegExp(
    `^export (?:declare )?(?:abstract )?(?:const|let|function|async function|interface|type|class|enum) ${name}\\b`,
    "m",
  );
  const text = handWritten.find((source) => declaration.test(source));
  if (text === undefined) return false;
  const at = text.search(declaration);
  return text.slice(0, at).trimEnd().endsWith("*/");
}

describe("package entries", () => {
  const main = exportedNames(new URL("./index.ts", import.meta.url));

  it.each([
    { entry: "the main entry", file: "./index.ts", load: () => import("./index.js"), most: 66, runtimeMost: 21 },
    {
      entry: "./testing",
      file: "../testing/index.ts",
      load: () => import("../testing/index.js"),
      most: 31,
      runtimeMost: 19,
    },
  ])("$entry exports at most $most names ($runtimeMost at runtime), every runtime name among them", async (c) => {
    const names = exportedNames(new URL(c.file, import.meta.url));
    const runtime = Object.keys(await c.load());
    expect(names.length).toBeLessThanOrEqual(c.most);
    expect(runtime.length).toBeLessThanOrEqual(c.runtimeMost);
    for (const name of runtime) expect(names).toContain(name);
  });

  it("every name of the main entry has a doc comment at its declaration", () => {
    expect(main.filter((name) => !hasDocComment(name))).toEqual([]);
  });
});
