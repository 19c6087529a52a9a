// parseImageRef and imageVersion: the image reference forms Cloud Run accepts, and the errors for the rest.
import { describe, expect, it } from "vitest";
import { type ImageRef, imageVersion, parseImageRef } from "./image.js";

const DIGEST = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

describe("parseImageRef", () => {
  it.each(
    Object.entries<[ref: string, want: Omit<ImageRef, "reference">]>({
      "docker hub short": ["nginx", { repository: "nginx", name: "nginx" }],
      "docker hub with tag": ["nginx:1.27", { repository: "nginx", name: "nginx", tag: "1.27" }],
      "docker hub namespace": ["library/nginx:1.27", { repository: "library/nginx", name: "nginx", tag: "1.27" }],
      "artifact registry": [
        "us-docker.pkg.dev/my-proj/repo/api:v1.2.3",
        { registry: "us-docker.pkg.dev", repository: "my-proj/repo/api", name: "api", tag: "v1.2.3" },
      ],
      "registry with port and tag": [
        "registry.local:5000/team/app:2024.10",
        { registry: "registry.local:5000", repository: "team/app", name: "app", tag: "2024.10" },
      ],
      "registry with port, no tag": [
        "registry.local:5000/team/app",
        { registry: "registry.local:5000", repository: "team/app", name: "app" },
      ],
      localhost: ["localhost/app:dev", { registry: "localhost", repository: "app", name: "app", tag: "dev" }],
      "ip and port": ["10.0.0.1:443/a/b", { registry: "10.0.0.1:443", repository: "a/b", name: "b" }],
      ipv6: ["[::1]:5000/app:x", { registry: "[::1]:5000", repository: "app", name: "app", tag: "x" }],
      digest: [`gcr.io/p/app@${DIGEST}`, { registry: "gcr.io", repository: "p/app", name: "app", digest: DIGEST }],
      "tag and digest": [
        `host:5000/p/app:v1@${DIGEST}`,
        { registry: "host:5000", repository: "p/app", name: "app", tag: "v1", digest: DIGEST },
      ],
      "separators in path": [
        "gcr.io/my_proj/app.api__x-y",
        { registry: "gcr.io", repository: "my_proj/app.api__x-y", name: "app.api__x-y" },
      ],
      trimmed: ["  nginx:1  ", { repository: "nginx", name: "nginx", tag: "1" }],
    }),
  )("%s", (_name, [ref, want]) => {
    expect(parseImageRef(ref)).toEqual({ ok: true, image: { reference: ref.trim(), ...want } });
  });

  it.each([
    { name: "empty", ref: "", error: "invalid image reference: it is empty" },
    { name: "blank", ref: "   ", error: "invalid image reference: it is empty" },
    {
      name: "whitespace inside",
      ref: "gcr.io/p/app v1",
      error: 'invalid image reference "gcr.io/p/app v1": it contains whitespace',
    },
    { name: "empty tag", ref: "nginx:", error: `invalid image reference "nginx:": the tag after ':' is empty` },
    { name: "bad tag", ref: "nginx:-x", error: 'invalid image reference "nginx:-x": bad tag "-x"' },
    {
      name: "uppercase repo",
      ref: "gcr.io/p/App",
      error: 'invalid image reference "gcr.io/p/App": repository names must be lowercase',
    },
    {
      name: "empty segment",
      ref: "gcr.io//app",
      error: 'invalid image reference "gcr.io//app": it has an empty path segment',
    },
    {
      name: "trailing slash",
      ref: "gcr.io/app/",
      error: 'invalid image reference "gcr.io/app/": it has an empty path segment',
    },
    {
      name: "short digest",
      ref: "app@sha256:abc",
      error: 'invalid image reference "app@sha256:abc": a sha256 digest needs 64 lowercase hex digits',
    },
    {
      name: "digest without algorithm",
      ref: "app@0123",
      error: 'invalid image reference "app@0123": the digest must look like algorithm:hex',
    },
    {
      name: "two @",
      ref: `app@${DIGEST}@x`,
      error: `invalid image reference "app@${DIGEST}@x": it contains more than one '@'`,
    },
    {
      name: "bad port",
      ref: "host:99999/app",
      error: 'invalid image reference "host:99999/app": bad registry port "99999"',
    },
    {
      name: "garbage",
      ref: "%%%",
      error:
        'invalid image reference "%%%": bad path segment "%%%" (lowercase letters, digits and single separators . _ __ - only)',
    },
    { name: "only a tag", ref: ":v1", error: 'invalid image reference ":v1": it has an empty path segment' },
  ])("rejects $name", ({ ref, error }) => {
    expect(parseImageRef(ref)).toEqual({ ok: false, error });
  });

  it("rejects non-strings", () => {
    expect(parseImageRef(42 as unknown as string)).toEqual({
      ok: false,
      error: "invalid image reference: not a string",
    });
  });
});

describe("imageVersion", () => {
  it.each([
    { name: "tag", ref: "gcr.io/p/app:v1.2", want: { name: "app", version: "v1.2", url: "gcr.io/p/app:v1.2" } },
    {
      name: "digest",
      ref: `gcr.io/p/app@${DIGEST}`,
      want: { name: "app", version: DIGEST, url: `gcr.io/p/app@${DIGEST}` },
    },
    {
      name: "tag wins over digest",
      ref: `gcr.io/p/app:v3@${DIGEST}`,
      want: { name: "app", version: "v3", url: `gcr.io/p/app:v3@${DIGEST}` },
    },
    { name: "latest", ref: "host:5000/app", want: { name: "app", version: "latest", url: "host:5000/app" } },
  ])("$name", ({ ref, want }) => {
    expect(imageVersion(ref)).toEqual({ ok: true, version: want });
  });

  it("passes errors through", () => {
    expect(imageVersion("")).toEqual({ ok: false, error: "invalid image reference: it is empty" });
  });
});
