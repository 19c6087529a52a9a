// Building the desired service from a manifest.
import { describe, expect, it } from "vitest";
import { DEPLOYMENT, knativeManifest, SECRET_ENV_VALUE } from "../../test/fixtures.js";
import { buildDesiredService } from "./desired.js";

const build = (text: string, imageOverride?: string, deployment = DEPLOYMENT) =>
  buildDesiredService({
    manifest: { fileName: "service.yaml", text },
    deployment,
    ...(imageOverride === undefined ? {} : { imageOverride }),
  });

describe("buildDesiredService", () => {
  it("names the candidate deterministically and labels the service and its template", () => {
    const r = build(knativeManifest("gcr.io/demo/helloworld:v2"));
    if (!r.ok) throw new Error(r.errors.join("\n"));
    expect(r.serviceId).toBe("helloworld");
    expect(r.candidate).toBe("helloworld-v2-abc1234");
    expect(r.candidateSource).toBe("generated");
    expect(r.service.template.revision).toBe("helloworld-v2-abc1234");
    const labels = {
      "pipecd-dev-managed-by": "piped",
      "pipecd-dev-piped": "piped-1",
      "pipecd-dev-application": "app-1",
      "pipecd-dev-commit-hash": "abc1234def5678",
    };
    expect(r.service.labels).toEqual({ team: "web", ...labels });
    expect(r.service.template.labels).toEqual(labels);
    expect(r.service.traffic).toBeUndefined();
    expect(r.service.etag).toBeUndefined();
    expect(build(knativeManifest("gcr.io/demo/helloworld:v2"))).toEqual(r); // deterministic
  });

  it.each([
    { name: "tag", image: "gcr.io/demo/helloworld:v1.2.3", want: "helloworld-v1-2-3-abc1234" },
    { name: "registry port", image: "localhost:5000/helloworld:v9", want: "helloworld-v9-abc1234" },
    {
      name: "digest",
      image: `gcr.io/demo/helloworld@sha256:${"a".repeat(64)}`,
      want: "helloworld-aaaaaaaaaaaa-abc1234",
    },
    { name: "no tag", image: "gcr.io/demo/helloworld", want: "helloworld-latest-abc1234" },
  ])("revision name from an image with a $name", ({ image, want }) => {
    const r = build(knativeManifest(image));
    expect(r.ok && r.candidate).toBe(want);
  });

  it("applies the image override to the container and the revision name", () => {
    const r = build(knativeManifest("gcr.io/demo/helloworld:v1"), "gcr.io/demo/helloworld:v7");
    if (!r.ok) throw new Error(r.errors.join("\n"));
    expect(r.images).toEqual(["gcr.io/demo/helloworld:v7"]);
    expect(r.candidate).toBe("helloworld-v7-abc1234");
  });

  it("keeps a revision name given in the manifest", () => {
    const r = build(
      knativeManifest("gcr.io/demo/helloworld:v1", "helloworld", "    metadata:\n      name: helloworld-custom\n"),
    );
    expect(r.ok && [r.candidate, r.candidateSource]).toEqual(["helloworld-custom", "explicit"]);
  });

  it("drops the manifest's traffic block with a warning", () => {
    const text = `${knativeManifest("gcr.io/demo/helloworld:v1")}  traffic:\n    - latestRevision: true\n      percent: 100\n`;
    const r = build(text);
    if (!r.ok) throw new Error(r.errors.join("\n"));
    expect(r.service.traffic).toBeUndefined();
    expect(r.warnings.join("\n")).toMatch(/traffic block is ignored/);
  });

  it("sanitises label values", () => {
    const r = build(knativeManifest("gcr.io/demo/helloworld:v1"), undefined, {
      ...DEPLOYMENT,
      pipedId: "My.Piped",
      applicationId: "App/One",
    });
    expect(r.ok && r.service.labels).toMatchObject({
      "pipecd-dev-piped": "my-piped",
      "pipecd-dev-application": "app-one",
    });
  });

  it.each([
    {
      name: "YAML syntax",
      text: `${knativeManifest("gcr.io/demo/helloworld:v1")}  : [oops\n`,
      want: /service\.yaml:\d+:\d+/,
    },
    {
      name: "bad image",
      text: knativeManifest("gcr.io/demo/Hello World:v1"),
      want: /service\.yaml:11:18: spec\.template\.spec\.containers\[0\]\.image: /,
    },
    {
      name: "unsupported apiVersion",
      text: knativeManifest("gcr.io/demo/helloworld:v1").replace("serving.knative.dev/v1", "batch/v1"),
      want: /service\.yaml:1:\d+: .*apiVersion/,
    },
    {
      name: "bad service name",
      text: knativeManifest("gcr.io/demo/helloworld:v1", "Hello_World"),
      want: /service name/,
    },
  ])("reports $name with its line and column, never values", ({ text, want }) => {
    const r = build(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.join("\n")).toMatch(want);
    expect(r.errors.join("\n")).not.toContain(SECRET_ENV_VALUE);
  });
});
