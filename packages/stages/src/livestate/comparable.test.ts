// Making the desired and live services comparable.
import { normalizeService } from "@cr/cloudrun/pure";
import { describe, expect, it } from "vitest";
import { DEPLOYMENT, deployedService, typedEnvManifest } from "../../test/fixtures.js";
import { buildDesiredService } from "../candidate/desired.js";
import {
  categories,
  comparablePair,
  comparableService,
  fieldCategory,
  secretPrefix,
  serviceDifferences,
} from "./comparable.js";

function desired() {
  const built = buildDesiredService({
    manifest: { fileName: "service.yaml", text: typedEnvManifest("gcr.io/demo/helloworld:v1") },
    deployment: DEPLOYMENT,
  });
  if (!built.ok) throw new Error(built.errors.join("\n"));
  return built;
}

describe("comparableService", () => {
  it("is the normalised service without traffic, commit label, system metadata and a generated revision name", () => {
    const d = desired();
    const live = deployedService(d.service, d.candidate);
    const view = comparableService(live, { ignoreRevisionName: true });
    const normalised = normalizeService(live);
    expect(normalised.traffic).toBeDefined();
    expect(view.traffic).toBeUndefined();
    expect(view.template.revision).toBeUndefined();
    expect(view.labels).toEqual({
      team: "web",
      "pipecd-dev-managed-by": "piped",
      "pipecd-dev-piped": "piped-1",
      "pipecd-dev-application": "app-1",
    });
    expect(view.annotations).toBeUndefined();
    expect(view.template.labels).not.toHaveProperty("pipecd-dev-commit-hash");
    expect(comparableService(live, { ignoreRevisionName: false }).template.revision).toBe(d.candidate);
    // The rest is exactly what the one normaliser produced.
    expect(view.template.containers).toEqual(normalised.template.containers);
  });

  it("does not modify its input", () => {
    const d = desired();
    const before = structuredClone(d.service);
    comparableService(d.service, { ignoreRevisionName: true });
    expect(d.service).toEqual(before);
  });
});

describe("comparablePair and serviceDifferences", () => {
  it("drops the server-assigned service account from live only when Git leaves it unset", () => {
    const d = desired();
    const live = deployedService(d.service, d.candidate);
    expect(comparablePair(live, d).live.template.serviceAccount).toBeUndefined();
    const own = structuredClone(d);
    own.service.template.serviceAccount = "app@p.iam.gserviceaccount.com";
    expect(comparablePair(live, own).live.template.serviceAccount).toBe("123456-compute@developer.gserviceaccount.com");
  });

  it("matches env vars by name, so an insertion is one difference", () => {
    const d = desired();
    const pair = comparablePair(deployedService(d.service, d.candidate), d);
    pair.desired.template.containers[0]?.env?.unshift({ name: "NEW", value: "x" });
    expect(serviceDifferences(pair.live, pair.desired).map((x) => x.path)).toEqual([
      "template.containers[0].env[NEW].name",
      "template.containers[0].env[NEW].value",
    ]);
  });
});

describe("secretPrefix and fieldCategory", () => {
  it.each([
    [
      ["template", "containers", 0, "env", { item: "A" }, "value"],
      ["template", "containers", 0, "env", { item: "A" }],
    ],
    [
      ["buildConfig", "environmentVariables", "TOKEN"],
      ["buildConfig", "environmentVariables", "TOKEN"],
    ],
    [["template", "containers", 0, "image"], undefined],
  ])("secretPrefix(%j)", (segments, want) => {
    expect(secretPrefix(segments)).toEqual(want);
  });

  it.each([
    [["template", "containers", 0, "image"], "image"],
    [["template", "containers", 1, "env", { item: "A" }, "value"], "env"],
    [["template", "containers", 0, "resources", "limits", "cpu"], "resources"],
    [["template", "containers", 0, "startupProbe", "periodSeconds"], "probes"],
    [["template", "scaling", "maxInstanceCount"], "scaling"],
    [["template", "maxInstanceRequestConcurrency"], "concurrency"],
    [["labels", "team"], "labels"],
    [["ingress"], "ingress"],
    [[], "service"],
  ])("fieldCategory(%j) = %s", (segments, want) => {
    expect(fieldCategory(segments)).toBe(want);
  });

  it("lists distinct categories in first-seen order", () => {
    expect(
      categories([{ segments: ["labels", "a"] }, { segments: ["ingress"] }, { segments: ["labels", "b"] }]),
    ).toEqual(["labels", "ingress"]);
  });
});
