// Tests of app.pipecd.yaml decoding.
import { describe, expect, it } from "vitest";
import { decodeApplicationConfig } from "./app-config.js";
import type { Validator } from "./validation.js";

const yaml = (image: string) =>
  Buffer.from(
    `apiVersion: pipecd.dev/v1beta1\nkind: Application\nspec:\n  plugins:\n    cloudrun:\n      image: ${image}\n`,
  );

describe("decodeApplicationConfig", () => {
  it("decodes the same bytes once and reuses the result; other bytes are decoded again", () => {
    const seen: unknown[] = [];
    const validate: Validator<{ image: string }> = (raw) => {
      seen.push(raw);
      return { ok: true, value: raw as { image: string } };
    };
    const first = decodeApplicationConfig(yaml("a"), "cloudrun", validate);
    const again = decodeApplicationConfig(yaml("a"), "cloudrun", validate);
    expect(again).toBe(first);
    expect(first.spec).toEqual({ image: "a" });
    const other = decodeApplicationConfig(yaml("b"), "cloudrun", validate);
    expect(other.spec).toEqual({ image: "b" });
    expect(seen).toEqual([{ image: "a" }, { image: "b" }]);
  });

  it("does not keep a failure: bad bytes fail every time", () => {
    const validate: Validator<unknown> = (raw) => ({ ok: true, value: raw });
    const bad = Buffer.from("apiVersion: nope\nkind: Application\nspec: {}\n");
    expect(() => decodeApplicationConfig(bad, "cloudrun", validate)).toThrow(/apiVersion/);
    expect(() => decodeApplicationConfig(bad, "cloudrun", validate)).toThrow(/apiVersion/);
  });
});
