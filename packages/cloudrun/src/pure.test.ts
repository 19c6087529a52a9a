// @cr/cloudrun/pure and /internal stay free of IO and of the Google libraries.
import { describe, expect, it } from "vitest";
import { importGraph } from "../test/entry-names.js";
import * as pure from "./pure.js";

describe("@cr/cloudrun/pure and /internal", () => {
  it.each(["pure.ts", "internal.ts"])("%s reaches no SDK, gRPC, filesystem or network module", (entry) => {
    const { files, external } = importGraph(entry);
    expect(files).not.toContain("index.ts");
    expect(files).not.toContain("client.ts");
    for (const spec of external) {
      expect(spec).not.toMatch(/^@google-cloud\/|^@grpc\/|^(node:)?(fs|net)(\/|$)|^google-auth-library/);
    }
  });

  it("pure.ts reaches the manifest loader and only the crypto, yaml and limits modules outside itself", () => {
    const { files, external } = importGraph("pure.ts");
    expect(files).toContain("manifest.ts");
    expect([...external].sort()).toEqual(["@cr/config/cloudrun-limits", "node:crypto", "yaml"]);
  });

  it("exposes the documented functions", () => {
    for (const name of [
      "parseServiceManifest",
      "normalizeService",
      "splitForCandidate",
      "resolveLatest",
      "validateSplit",
      "diffSplits",
      "snapshotSplit",
      "restoreSplit",
      "parseTrafficSnapshot",
      "formatSplit",
      "fromTrafficTargets",
      "toTrafficTargets",
      "effectiveSplit",
      "planPrune",
      "revisionName",
      "isValidRevisionName",
      "isValidTag",
      "parseImageRef",
      "imageVersion",
      "shortName",
      "assessRevisionReadiness",
      "assessServiceReadiness",
    ]) {
      expect(typeof (pure as Record<string, unknown>)[name], name).toBe("function");
    }
  });
});
