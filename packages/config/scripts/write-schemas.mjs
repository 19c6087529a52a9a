// Regenerates packages/config/schema/*.json and src/gen/validators.ts from the schema objects in src
// (through the built dist). Usage: pnpm --filter @cr/config schemas   (builds first).
// src/schemas.test.ts and src/validators.test.ts fail while a file is stale.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { publishedSchemas, serializeSchema } from "../dist/internal.js";
import { validatorModuleSource } from "./validator-code.mjs";

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
const generated = new URL("../src/gen/", import.meta.url);
mkdirSync(generated, { recursive: true });
writeFileSync(new URL("validators.ts", generated), validatorModuleSource(publishedSchemas));
console.log("wrote src/gen/validators.ts");
