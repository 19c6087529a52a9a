// DetermineVersions and DetermineStrategy on plain manifests.
import { describe, expect, it } from "vitest";
import { knativeManifest } from "../../test/fixtures.js";
import { determineStrategy, determineVersions, NO_RUNNING_SUMMARY, QUICK_SYNC_SUMMARY } from "./versions.js";

/** A v2 manifest with named containers. */
function multi(images: Record<string, string>): string {
  const containers = Object.entries(images)
    .map(
      ([name, image], i) =>
        `    - name: ${name}\n      image: ${image}\n${i === 0 ? "      ports:\n        - containerPort: 8080\n" : ""}`,
    )
    .join("");
  return `apiVersion: run.googleapis.com/v2\nname: svc\ntemplate:\n  containers:\n${containers}`;
}
const m = (text: string, imageOverride?: string) => ({
  fileName: "service.yaml",
  text,
  ...(imageOverride ? { imageOverride } : {}),
});

describe("determineVersions", () => {
  it("reports every distinct container image", () => {
    const r = determineVersions(
      multi({ app: "gcr.io/p/app:v1", proxy: `nginx@sha256:${"b".repeat(64)}`, log: "gcr.io/p/app:v1" }),
      { fileName: "service.yaml" },
    );
    expect(r).toEqual({
      ok: true,
      versions: [
        { name: "app", version: "v1", url: "gcr.io/p/app:v1" },
        { name: "nginx", version: `sha256:${"b".repeat(64)}`, url: `nginx@sha256:${"b".repeat(64)}` },
      ],
    });
  });

  it("applies the image override to the ingress container", () => {
    const r = determineVersions(knativeManifest("gcr.io/p/helloworld:v1"), {
      fileName: "service.yaml",
      imageOverride: "gcr.io/p/helloworld:v3",
    });
    expect(r).toEqual({ ok: true, versions: [{ name: "helloworld", version: "v3", url: "gcr.io/p/helloworld:v3" }] });
  });

  it("fails with the manifest problem and its position", () => {
    const r = determineVersions("apiVersion: serving.knative.dev/v1\nkind: Service\n", { fileName: "svc.yaml" });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/^svc\.yaml/);
  });
});

describe("determineStrategy", () => {
  /** The knative example manifest with gcr.io/p/helloworld:<tag>, and an optional image override. */
  const hello = (tag: string, imageOverride?: string) =>
    m(knativeManifest(`gcr.io/p/helloworld:${tag}`), imageOverride);
  const V1_TO_V2 = "Sync progressively because of updating image helloworld from v1 to v2";
  it.each([
    {
      name: "no running manifest",
      running: undefined,
      target: hello("v2"),
      strategy: "PIPELINE",
      summary: NO_RUNNING_SUMMARY,
    },
    {
      name: "same image",
      running: hello("v1"),
      target: m(knativeManifest("gcr.io/p/helloworld:v1").replace("team: web", "team: api")),
      strategy: "QUICK_SYNC",
      summary: QUICK_SYNC_SUMMARY,
    },
    { name: "tag change", running: hello("v1"), target: hello("v2"), strategy: "PIPELINE", summary: V1_TO_V2 },
    {
      name: "tag change through the image override",
      running: hello("v1"),
      target: hello("v1", "gcr.io/p/helloworld:v2"),
      strategy: "PIPELINE",
      summary: V1_TO_V2,
    },
    {
      name: "image name change",
      running: hello("v1"),
      target: m(knativeManifest("gcr.io/p/hello:v1")),
      strategy: "PIPELINE",
      summary: "Sync progressively because of updating image gcr.io/p/helloworld:v1 to gcr.io/p/hello:v1",
    },
    {
      name: "containers added, removed and changed (by name)",
      running: m(multi({ app: "gcr.io/p/app:v1", old: "gcr.io/p/old:v1" })),
      target: m(multi({ app: "gcr.io/p/app:v2", side: "gcr.io/p/side:v1" })),
      strategy: "PIPELINE",
      summary:
        "Sync progressively because of updating added container side with image gcr.io/p/side:v1, image app from v1 to v2, removed container old",
    },
    {
      name: "an unreadable running manifest",
      running: m("kind: Service\n"),
      target: hello("v1"),
      strategy: "PIPELINE",
      summary: /^Sync progressively because the running manifest could not be read: service\.yaml/,
    },
  ])("$name → $strategy", ({ running, target, strategy, summary }) => {
    const r = determineStrategy(running, target);
    if (!r.ok) throw new Error(r.error);
    expect(r.strategy).toBe(strategy);
    if (typeof summary === "string") expect(r.summary).toBe(summary);
    else expect(r.summary).toMatch(summary);
  });

  it("fails when the target manifest cannot be read", () => {
    expect(determineStrategy(undefined, m("nope: 1\n")).ok).toBe(false);
  });
});
