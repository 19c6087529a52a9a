// Request cleaning against the proto schema (defaults, oneofs, wrong types, canonical JSON) and name rules.
import { describe, expect, it } from "vitest";
import { regionCode, validateRevisionName } from "./names.js";
import { loadProtos } from "./protos.js";
import { canonicalJson, cleanMessage, SchemaError } from "./schema.js";
import { templateKey } from "./spec.js";

const revisionTemplate = () => loadProtos().type("google.cloud.run.v2.RevisionTemplate");

describe("cleanMessage", () => {
  it("drops explicit defaults so a template read with all defaults equals the minimal one", () => {
    const minimal = cleanMessage(revisionTemplate(), { containers: [{ image: "img:1" }] });
    const echoed = cleanMessage(revisionTemplate(), {
      revision: "",
      labels: {},
      serviceAccount: "",
      executionEnvironment: "EXECUTION_ENVIRONMENT_UNSPECIFIED",
      maxInstanceRequestConcurrency: 0,
      scaling: { minInstanceCount: 0 },
      containers: [{ image: "img:1", command: [], env: [], name: "", livenessProbe: null }],
      unknownField: "ignored",
    });
    expect(echoed).toEqual(minimal);
    expect(templateKey(echoed)).toBe(templateKey(minimal));
  });

  it("keeps oneof members and empty map values, and normalises enums and int64", () => {
    const cleaned = cleanMessage(revisionTemplate(), {
      labels: { empty: "" },
      executionEnvironment: 2,
      timeout: { seconds: 30 },
      containers: [{ image: "i", env: [{ name: "A", value: "" }], startupProbe: { httpGet: {} } }],
    });
    expect(cleaned).toEqual({
      labels: { empty: "" },
      executionEnvironment: "EXECUTION_ENVIRONMENT_GEN2",
      timeout: { seconds: "30" },
      containers: [{ image: "i", env: [{ name: "A", value: "" }], startupProbe: { httpGet: {} } }],
    });
  });

  it("rejects values of the wrong type", () => {
    expect(() => cleanMessage(revisionTemplate(), { containers: "nope" })).toThrow(SchemaError);
    expect(() => cleanMessage(revisionTemplate(), { executionEnvironment: "GEN9" })).toThrow(/invalid enum/);
  });

  it("canonicalJson ignores key order", () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: 3 } })).toBe(canonicalJson({ a: { c: 3, d: 2 }, b: 1 }));
  });
});

describe("names", () => {
  it("derives the short region code of run.app hosts", () => {
    expect(regionCode("us-central1")).toBe("uc");
    expect(regionCode("europe-west4")).toBe("ew");
    expect(regionCode("asia-northeast1")).toBe("an");
  });

  it("accepts valid revision names", () => {
    expect(() => validateRevisionName("hello", "hello-v1-2")).not.toThrow();
  });
});
