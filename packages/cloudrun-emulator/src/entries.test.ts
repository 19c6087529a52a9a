// The emulator's main entry stays small and documented, and no test helper is reachable from it.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const here = new URL("./", import.meta.url);
const files = readdirSync(here).filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts"));
const texts = new Map(files.map((file) => [file, readFileSync(new URL(file, here), "utf8")]));

// Every name between the braces of `export { … }` / `export type { … }` in index.ts.
const names = [...texts.get("index.ts")!.matchAll(/export (?:type )?\{([^}]*)\}/g)].flatMap(([, list]) =>
  list!
    .split(",")
    .map((item) => item.trim().replace(/^type /, ""))
    .filter(Boolean),
);

describe("main entry", () => {
  it("exports at most 20 names, the runtime ones among them", async () => {
    expect(names.length).toBeLessThanOrEqual(20);
    const runtime = Object.keys(await import("./index.js"));
    expect(runtime.every((name) => names.includes(name))).toBe(true);
  });

  it.each(names)("%s has a doc comment", (name) => {
    const declared = new RegExp(`^export (?:async function|function|const|interface|type|class) ${name}\\b`, "m");
    const file = files.find((f) => declared.test(texts.get(f)!));
    const before = texts.get(file!)!.split(declared)[0]!.trimEnd();
    expect(before.endsWith("*/")).toBe(true);
  });

  it("src holds no test support", () => {
    expect(files.filter((file) => /^(testing|test-support)/.test(file))).toEqual([]);
  });
});
