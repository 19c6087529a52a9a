// Issue rendering and JSON pointer escaping.
import { describe, expect, it } from "vitest";
import { escapePointerToken, formatIssues, joinPointer, pointerTokens } from "./result.js";

describe("formatIssues", () => {
  it("renders one line per issue with its path, (root) for the whole input", () => {
    expect(
      formatIssues([
        { path: "/percent", message: "Percent is bad." },
        { path: "", message: "Whole thing is bad." },
      ]),
    ).toBe("/percent: Percent is bad.\n(root): Whole thing is bad.");
  });
});

describe("JSON pointers", () => {
  it.each([
    { name: "plain", tokens: ["spec", "plugins", "cloudrun"], pointer: "/spec/plugins/cloudrun" },
    { name: "slash and tilde", tokens: ["a/b", "c~d"], pointer: "/a~1b/c~0d" },
    { name: "root", tokens: [], pointer: "" },
    { name: "empty key", tokens: [""], pointer: "/" },
  ])("round-trips $name", ({ tokens, pointer }) => {
    expect(joinPointer("", ...tokens)).toBe(pointer);
    expect(pointerTokens(pointer)).toEqual(tokens);
  });

  it("escapes ~ before /", () => {
    expect(escapePointerToken("~1")).toBe("~01");
  });
});
