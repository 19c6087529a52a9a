// The deterministic YAML writer.
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { toYaml } from "./yaml.js";

describe("toYaml", () => {
  it("renders nested data in block style with sorted keys", () => {
    expect(
      toYaml({
        name: "helloworld",
        template: {
          timeout: 300,
          containers: [{ image: "gcr.io/x/y:v1", env: [{ value: "a", name: "A" }], ports: [] }],
        },
        labels: { team: "web" },
        empty: {},
      }),
    ).toBe(
      [
        "empty: {}",
        "labels:",
        "  team: web",
        "name: helloworld",
        "template:",
        "  containers:",
        "  - env:",
        "    - name: A",
        "      value: a",
        "    image: gcr.io/x/y:v1",
        "    ports: []",
        "  timeout: 300",
        "",
      ].join("\n"),
    );
  });

  it("gives equal text for equal data whatever the key order", () => {
    expect(toYaml({ b: 1, a: { d: [1, 2], c: true } })).toBe(toYaml({ a: { c: true, d: [1, 2] }, b: 1 }));
  });

  it.each([
    "false",
    "True",
    "null",
    "~",
    "yes",
    "8080",
    "1.0",
    "1000m",
    "-x",
    "a: b",
    "a #b",
    "key:",
    "",
    " lead",
    "multi\nline",
    'quote"d',
    "{a}",
    "[x]",
    "*ref",
    "&anchor",
    "!tag",
    "%d",
    "@at",
    "`tick`",
    "'single'",
    "2026-01-01",
    "0x1F",
    "https://x.run.app",
    "gcr.io/example/helloworld:v1.0.0",
    "INGRESS_TRAFFIC_ALL",
    "pipecd-dev-managed-by",
  ])("reads %j back as the same string", (value) => {
    expect(parse(toYaml({ value, list: [value], [value || "k"]: 1 }))).toEqual({
      value,
      list: [value],
      [value || "k"]: 1,
    });
  });

  it("keeps numbers and booleans as such, and nested lists readable", () => {
    const data = { n: 0, f: 1.5, t: false, nested: [[1, 2], [], { a: [] }] };
    expect(parse(toYaml(data))).toEqual(data);
  });

  it("renders nothing for undefined", () => {
    expect(toYaml(undefined)).toBe("");
  });
});
