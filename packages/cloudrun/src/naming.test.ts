import { MAX_REVISION_NAME_LENGTH } from "@cr/config/cloudrun-limits";
import { describe, expect, it } from "vitest";
import {
  isValidRevisionName,
  isValidTag,
  revisionName,
  revisionNameProblems,
  serviceIdProblems,
  tagProblems,
} from "./naming.js";

const DIGEST = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
const COMMIT = "4f8E2a1c9b7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f";

describe("revisionName (generated)", () => {
  it.each([
    { name: "tag with dots", image: "gcr.io/p/app:v1.2.3", want: "hello-v1-2-3-4f8e2a1" },
    { name: "registry with port", image: "registry.local:5000/team/app:2024.10", want: "hello-2024-10-4f8e2a1" },
    { name: "no tag means latest", image: "registry.local:5000/team/app", want: "hello-latest-4f8e2a1" },
    { name: "digest uses 12 hex", image: `us-docker.pkg.dev/p/r/app@${DIGEST}`, want: "hello-0123456789ab-4f8e2a1" },
    {
      name: "tag and digest",
      image: `us-docker.pkg.dev/p/r/app:v2@${DIGEST}`,
      want: "hello-v2-0123456789ab-4f8e2a1",
    },
    {
      name: "uppercase and underscores in the tag",
      image: "app:Release_Candidate__1",
      want: "hello-release-candidate-1-4f8e2a1",
    },
    { name: "tag that sanitises to nothing", image: "app:___", want: "hello-latest-4f8e2a1" },
    { name: "tag ending in a separator", image: "app:v1-", want: "hello-v1-4f8e2a1" },
  ])("$name", ({ image, want }) => {
    const got = revisionName({ service: "hello", image, commit: COMMIT });
    expect(got).toEqual({ ok: true, name: want, source: "generated" });
  });

  it("omits an empty commit", () => {
    expect(revisionName({ service: "hello", image: "app:v1", commit: "" })).toEqual({
      ok: true,
      name: "hello-v1",
      source: "generated",
    });
  });

  it("truncates long names and appends a stable hash", () => {
    const service = "a".repeat(49);
    const image = `app:${"x".repeat(100)}`;
    const a = revisionName({ service, image, commit: COMMIT });
    const b = revisionName({ service, image, commit: COMMIT });
    const c = revisionName({ service, image: `app:${"x".repeat(99)}y`, commit: COMMIT });
    expect(a.ok && b.ok && c.ok).toBe(true);
    if (!a.ok || !b.ok || !c.ok) return;
    expect(a.name).toBe(b.name);
    expect(a.name).not.toBe(c.name);
    expect(a.name.length).toBeLessThanOrEqual(63);
    expect(a.name).toMatch(new RegExp(`^${service}-[a-z0-9-]*-[0-9a-f]{6}$`));
    expect(isValidRevisionName(a.name, service)).toBe(true);
  });

  it("keeps a 63-character name as is and shortens a 64-character one", () => {
    const service = "s".repeat(43); // 43 + "-" + tag(11) + "-" + 7 = 63
    const exact = revisionName({ service, image: "app:abcdefghijk", commit: COMMIT });
    expect(exact.ok && exact.name).toBe(`${service}-abcdefghijk-4f8e2a1`);
    expect(exact.ok && exact.name.length).toBe(63);
    const over = revisionName({ service, image: "app:abcdefghijkl", commit: COMMIT });
    expect(over.ok && over.name.length).toBe(63);
    expect(over.ok && over.name).toMatch(/-[0-9a-f]{6}$/);
  });

  it("stays valid and ≤ 63 characters for many random inputs", () => {
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const pick = (alphabet: string, len: number) =>
      Array.from({ length: len }, () => alphabet[rand(alphabet.length)]).join("");
    const lower = "abcdefghijklmnopqrstuvwxyz";
    const tagChars = `${lower}ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-`;
    for (let i = 0; i < 2000; i++) {
      // Valid service id without "--": letter, then letters/digits with single hyphens.
      let service = pick(lower, 1);
      const len = rand(49);
      while (service.length < len)
        service += rand(5) === 0 && !service.endsWith("-") ? "-" : pick(`${lower}0123456789`, 1);
      service = service.replace(/-+$/, "");
      const registry = ["", "gcr.io/", "localhost:5000/", "us-docker.pkg.dev/p/r/", "10.0.0.1:443/a/"][rand(5)];
      const tag =
        rand(4) === 0 ? "" : `:${pick(`${tagChars}0123456789`, 1).replace(/[.-]/, "a")}${pick(tagChars, rand(128))}`;
      const digest = rand(3) === 0 ? `@sha256:${pick("0123456789abcdef", 64)}` : "";
      const image = `${registry}app${tag}${digest}`;
      const commit = pick("0123456789abcdefABCDEF", rand(41));
      const got = revisionName({ service, image, commit });
      if (!got.ok)
        throw new Error(`unexpected failure for ${JSON.stringify({ service, image, commit })}: ${got.error}`);
      expect(got.name.length).toBeLessThanOrEqual(MAX_REVISION_NAME_LENGTH);
      expect(revisionNameProblems(got.name, service)).toEqual([]);
      expect(got.name).not.toMatch(/--/);
      expect(revisionName({ service, image, commit })).toEqual(got);
    }
  });
});

describe("revisionName (explicit)", () => {
  it.each([
    {
      name: "valid explicit name wins",
      explicit: "hello-blue",
      want: { ok: true, name: "hello-blue", source: "explicit" },
    },
    {
      name: "missing service prefix",
      explicit: "blue",
      want: {
        ok: false,
        error: `invalid revision name "blue": the revision name must start with the service name followed by '-' ("hello-…")`,
      },
    },
    {
      name: "uppercase",
      explicit: "hello-Blue",
      want: {
        ok: false,
        error: `invalid revision name "hello-Blue": the revision name may only contain lowercase letters, digits and '-'`,
      },
    },
    {
      name: "trailing hyphen",
      explicit: "hello-blue-",
      want: { ok: false, error: `invalid revision name "hello-blue-": the revision name must not end with '-'` },
    },
    {
      name: "too long",
      explicit: `hello-${"x".repeat(58)}`,
      want: {
        ok: false,
        error: `invalid revision name "hello-${"x".repeat(58)}": the revision name must be at most 63 characters (it has 64)`,
      },
    },
    {
      name: "prefix only",
      explicit: "hello-",
      want: {
        ok: false,
        error: `invalid revision name "hello-": the revision name must not end with '-'; the revision name must start with the service name followed by '-' ("hello-…")`,
      },
    },
  ])("$name", ({ explicit, want }) => {
    expect(revisionName({ service: "hello", image: "app:v1", commit: COMMIT, explicitName: explicit })).toEqual(want);
  });

  it("rejects an invalid service or image", () => {
    expect(revisionName({ service: "Hello", image: "app", commit: "" })).toMatchObject({ ok: false });
    expect(revisionName({ service: "hello", image: "bad image", commit: "" })).toMatchObject({
      ok: false,
      error: expect.stringContaining("cannot derive a revision name"),
    });
  });
});

describe("service, revision and tag rules", () => {
  it.each([
    { name: "ok", id: "hello-world", ok: true },
    { name: "49 chars", id: `a${"b".repeat(48)}`, ok: true },
    { name: "50 chars", id: `a${"b".repeat(49)}`, ok: false },
    { name: "starts with digit", id: "1hello", ok: false },
    { name: "ends with hyphen", id: "hello-", ok: false },
    { name: "empty", id: "", ok: false },
  ])("service id $name", ({ id, ok }) => {
    expect(serviceIdProblems(id).length === 0).toBe(ok);
  });

  it.each([
    { name: "ok", tag: "canary", service: "hello", ok: true },
    { name: "digits and hyphens", tag: "v2-rc1", service: "hello", ok: true },
    { name: "uppercase", tag: "Canary", service: "hello", ok: false },
    { name: "starts with digit", tag: "1canary", service: "hello", ok: false },
    { name: "ends with hyphen", tag: "canary-", service: "hello", ok: false },
    { name: "underscore", tag: "my_tag", service: "hello", ok: false },
    { name: "exactly 46 with service", tag: "t".repeat(41), service: "hello", ok: true },
    { name: "47 with service", tag: "t".repeat(42), service: "hello", ok: false },
    { name: "no service given", tag: "t".repeat(42), service: undefined, ok: true },
  ])("tag $name", ({ tag, service, ok }) => {
    expect(isValidTag(tag, service)).toBe(ok);
    expect(tagProblems(tag, service).length === 0).toBe(ok);
  });
});
