// Regenerates packages/config/schema/*.json from the schema objects in src (through the built dist).
// Usage: pnpm --filter @cr/config schemas   (builds first). src/schemas.test.ts fails while a file is stale.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { publishedSchemas, serializeSchema } from "../dist/internal.js";

const dir = new URL("../schema/", import.meta.url);
mkdirSync(dir, { recursive: true });
const wanted = new Set(publishedSchemas.map(({ file }) => file));
for (const file of readdirSync(dir)) {
  if (file.endsWith(".json") && !wanted.has(file)) {
    rmSync(new URL(file, dir));
    console.log(`removed schema/${file}`);
  }
}
for (const { file, schema } of publishedSchemas) {
  writeFileSync(new URL(file, dir), serializeSchema(schema));
  console.log(`wrote schema/${file}`);
}
