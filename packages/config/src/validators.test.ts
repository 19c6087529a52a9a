// The checked-in compiled validators (src/gen/validators.ts) are exactly what the schemas compile to.
import { describe, expect, it } from "vitest";
import { validatorModuleSource } from "../scripts/validator-code.mjs";
import { publishedSchemas } from "./schemas.js";

describe("compiled validators", () => {
  // A stale file fails here; refresh with `pnpm --filter @cr/config schemas` (or `vitest -u`).
  it("src/gen/validators.ts matches the schemas", async () => {
    await expect(validatorModuleSource(publishedSchemas)).toMatchFileSnapshot("./gen/validators.ts");
  });
});
