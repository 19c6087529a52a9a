// CLOUDRUN_ROLLBACK options: the optional revision name.
import { describe, expect, it } from "vitest";
import { errorsOf } from "../../test/results.js";
import { validateRollbackStageOptions } from "../index.js";

describe("CLOUDRUN_ROLLBACK", () => {
  it.each([
    { name: "nothing", input: "", expected: {} },
    { name: "a revision", input: { revision: "helloworld-00042-abc" }, expected: { revision: "helloworld-00042-abc" } },
    {
      name: "63-character revision",
      input: { revision: `r${"0".repeat(62)}` },
      expected: { revision: `r${"0".repeat(62)}` },
    },
  ])("accepts $name", ({ input, expected }) => {
    expect(validateRollbackStageOptions(input)).toEqual({ ok: true, value: expected, warnings: [] });
  });

  it.each([
    { name: "uppercase", revision: "HelloWorld-1" },
    { name: "64 characters", revision: `r${"0".repeat(63)}` },
    { name: "trailing hyphen", revision: "hello-" },
    { name: "leading digit", revision: "1hello" },
    { name: "slash (a resource path)", revision: "namespaces/p/revisions/hello-1" },
    { name: "empty", revision: "" },
  ])("rejects revision $name", ({ revision }) => {
    const errors = errorsOf(validateRollbackStageOptions({ revision }));
    expect(errors).toEqual([
      { path: "/revision", message: expect.stringMatching(/revision must be a Cloud Run revision name/) },
    ]);
  });
});
