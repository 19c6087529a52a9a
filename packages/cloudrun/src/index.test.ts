import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import * as index from "./index.js";
import * as pure from "./pure.js";

const SRC = import.meta.dirname;

describe("@cr/cloudrun entry", () => {
  it("re-exports every runtime value of @cr/cloudrun/pure", () => {
    const missing = Object.keys(pure).filter((name) => !(name in index));
    expect(missing).toEqual([]);
  });

  it("exposes the client API", () => {
    for (const name of ["createCloudRunClient", "CloudRunClient", "CloudRunError", "isCloudRunError", "withRetry"]) {
      expect(index).toHaveProperty(name);
    }
  });

  it("uses explicit named re-exports only", () => {
    expect(readFileSync(join(SRC, "index.ts"), "utf8")).not.toMatch(/export \*/);
  });

  it("loads the Google client libraries lazily (no static value imports)", () => {
    const heavy = /^import (?!type )[^;]*from "(@google-cloud\/run|@grpc\/grpc-js|google-auth-library)";/m;
    const offenders = readdirSync(SRC)
      .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
      .filter((f) => heavy.test(readFileSync(join(SRC, f), "utf8")));
    expect(offenders).toEqual([]);
  });
});
