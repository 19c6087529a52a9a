import { describe, expect, it } from "vitest";
import { parseServiceManifest } from "./manifest.js";

const manifest = (image: string) =>
  `apiVersion: serving.knative.dev/v1\nkind: Service\nmetadata:\n  name: svc\nspec:\n  template:\n    spec:\n      containers:\n        - image: ${image}\n`;

describe("parseServiceManifest keeps recent results", () => {
  it("the same text and options give the same result; other options parse again", () => {
    const first = parseServiceManifest(manifest("gcr.io/p/a:1"), { fileName: "service.yaml" });
    expect(parseServiceManifest(manifest("gcr.io/p/a:1"), { fileName: "service.yaml" })).toBe(first);
    const overridden = parseServiceManifest(manifest("gcr.io/p/a:1"), {
      fileName: "service.yaml",
      imageOverride: "gcr.io/p/a:2",
    });
    expect(overridden).not.toBe(first);
    if (!overridden.ok || !first.ok) throw new Error("expected valid manifests");
    expect(overridden.service.template.containers[0]?.image).toBe("gcr.io/p/a:2");
    expect(first.service.template.containers[0]?.image).toBe("gcr.io/p/a:1");
  });
});
