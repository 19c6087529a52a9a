// Reads the names an entry file exports (values and types), for the entry-size tests.
import { readFileSync } from "node:fs";
import { join } from "node:path";

const SRC = join(import.meta.dirname, "..", "src");

/** Every name `src/<entry>` re-exports, as written in its `export { … } from` and `export type { … } from` lists. */
export function exportedNames(entry: string): { values: string[]; types: string[] } {
  const text = readFileSync(join(SRC, entry), "utf8");
  const values: string[] = [];
  const types: string[] = [];
  for (const m of text.matchAll(/export\s+(type\s+)?\{([^}]*)\}\s*from/g)) {
    for (const raw of (m[2] ?? "").split(",")) {
      const item = raw.trim();
      if (item === "") continue;
      const isType = m[1] !== undefined || item.startsWith("type ");
      const name = item
        .replace(/^type\s+/, "")
        .split(/\s+as\s+/)
        .pop() as string;
      (isType ? types : values).push(name);
    }
  }
  return { values: values.sort(), types: types.sort() };
}

/** Relative modules an entry reaches, and every bare import they use (static, dynamic and re-exports). */
export function importGraph(entry: string): { files: string[]; external: Set<string> } {
  const seen = new Set<string>();
  const external = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(join(SRC, file), "utf8");
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
