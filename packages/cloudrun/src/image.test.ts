import { describe, expect, it } from "vitest";
import { imageVersion, parseImageRef } from "./image.js";

const DIGEST = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

describe("parseImageRef", () => {
  it.each([
    { name: "docker hub short", ref: "nginx", want: { repository: "nginx", name: "nginx" } },
    { name: "docker hub with tag", ref: "nginx:1.27", want: { repository: "nginx", name: "nginx", tag: "1.27" } },
    {
      name: "docker hub namespace",
      ref: "library/nginx:1.27",
      want: { repository: "library/nginx", name: "nginx", tag: "1.27" },
    },
    {
      name: "artifact registry",
      ref: "us-docker.pkg.dev/my-proj/repo/api:v1.2.3",
      want: { registry: "us-docker.pkg.dev", repository: "my-proj/repo/api", name: "api", tag: "v1.2.3" },
    },
    {
      name: "registry with port and tag",
      ref: "registry.local:5000/team/app:2024.10",
      want: { registry: "registry.local:5000", repository: "team/app", name: "app", tag: "2024.10" },
    },
    {
      name: "registry with port, no tag",
      ref: "registry.local:5000/team/app",
      want: { registry: "registry.local:5000", repository: "team/app", name: "app" },
    },
    {
      name: "localhost",
      ref: "localhost/app:dev",
      want: { registry: "localhost", repository: "app", name: "app", tag: "dev" },
    },
    { name: "ip and port", ref: "10.0.0.1:443/a/b", want: { registry: "10.0.0.1:443", repository: "a/b", name: "b" } },
    {
      name: "ipv6",
      ref: "[::1]:5000/app:x",
      want: { registry: "[::1]:5000", repository: "app", name: "app", tag: "x" },
    },
    {
      name: "digest",
      ref: `gcr.io/p/app@${DIGEST}`,
      want: { registry: "gcr.io", repository: "p/app", name: "app", digest: DIGEST },
    },
    {
      name: "tag and digest",
      ref: `host:5000/p/app:v1@${DIGEST}`,
      want: { registry: "host:5000", repository: "p/app", name: "app", tag: "v1", digest: DIGEST },
    },
    {
      name: "separators in path",
      ref: "gcr.io/my_proj/app.api__x-y",
      want: { registry: "gcr.io", repository: "my_proj/app.api__x-y", name: "app.api__x-y" },
    },
    { name: "trimmed", ref: "  nginx:1  ", want: { repository: "nginx", name: "nginx", tag: "1" } },
  ])("$name", ({ ref, want }) => {
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
