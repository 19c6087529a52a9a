/**
 * Container image reference parsing (pure).
 *
 * Grammar (the Docker/OCI distribution reference, slightly simplified):
 *
 *   reference  := [registry "/"] path [":" tag] ["@" digest]
 *   registry   := host [":" port]        — only recognised as such when the reference has more than
 *                                          one path segment and the first one contains "." or ":"
 *                                          or is "localhost" (Docker's rule)
 *   path       := component ("/" component)*   — lowercase alphanumerics joined by ".", "_", "__" or "-"+
 *   tag        := [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}
 *   digest     := algorithm ":" encoded      — sha256 needs 64 lowercase hex, sha512 128
 *
 * The digest is split off at `@`; the tag is the part after the **last `:` of the last path
 * segment**, so a registry port (`host:5000/app:1.2`) is never mistaken for a tag
 * (pipe-cd/pipecd#6571).
 */

export interface ImageRef {
  /** The reference as given (trimmed). */
  reference: string;
  /** `host[:port]`, absent for Docker Hub short forms such as `nginx` or `library/nginx`. */
  registry?: string;
  /** Path after the registry, e.g. `my-project/my-repo/api` or `library/nginx`. */
  repository: string;
  /** Last path segment without tag or digest, e.g. `api`. */
  name: string;
  tag?: string;
  /** `algorithm:hex`, e.g. `sha256:0123…`. */
  digest?: string;
}

export type ImageParseResult = { ok: true; image: ImageRef } | { ok: false; error: string };

/** What DetermineVersions reports for one image (PipeCD `ArtifactVersion` fields). */
export interface ImageVersion {
  /** Last path segment without tag or digest. */
  name: string;
  /** The tag, else the digest, else `"latest"`. */
  version: string;
  /** The full reference as given. */
  url: string;
}

export type ImageVersionResult = { ok: true; version: ImageVersion } | { ok: false; error: string };

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST_ALGORITHM = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*$/;
const DIGEST_ENCODED = /^[a-zA-Z0-9=_-]+$/;
const HOST_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;
const PORT = /^[0-9]{1,5}$/;
const IPV6_HOST = /^\[[0-9A-Fa-f:.]+\]$/;

function quote(value: string): string {
  const shown = value.length > 200 ? `${value.slice(0, 200)}…` : value;
  return JSON.stringify(shown);
}

function fail(ref: string, why: string): ImageParseResult {
  return { ok: false, error: `invalid image reference ${quote(ref)}: ${why}` };
}

function checkDigest(digest: string): string | undefined {
  const colon = digest.indexOf(":");
  if (colon <= 0 || colon === digest.length - 1) return "the digest must look like algorithm:hex";
  const algorithm = digest.slice(0, colon);
  const encoded = digest.slice(colon + 1);
  if (!DIGEST_ALGORITHM.test(algorithm)) return `bad digest algorithm ${quote(algorithm)}`;
  if (!DIGEST_ENCODED.test(encoded)) return "the digest contains characters that are not allowed";
  if (algorithm === "sha256" && !/^[a-f0-9]{64}$/.test(encoded)) return "a sha256 digest needs 64 lowercase hex digits";
  if (algorithm === "sha512" && !/^[a-f0-9]{128}$/.test(encoded))
    return "a sha512 digest needs 128 lowercase hex digits";
  if (encoded.length < 32) return "the digest is too short";
  return undefined;
}

function checkRegistry(registry: string): string | undefined {
  let host = registry;
  const bracketEnd = registry.lastIndexOf("]");
  const colon = registry.lastIndexOf(":");
  if (colon > bracketEnd) {
    const port = registry.slice(colon + 1);
    host = registry.slice(0, colon);
    if (!PORT.test(port) || Number(port) > 65535) return `bad registry port ${quote(port)}`;
  }
  if (host.startsWith("[")) return IPV6_HOST.test(host) ? undefined : `bad registry host ${quote(host)}`;
  if (host === "" || !host.split(".").every((label) => HOST_LABEL.test(label)))
    return `bad registry host ${quote(host)}`;
  return undefined;
}

function looksLikeRegistry(segment: string): boolean {
  return segment.includes(".") || segment.includes(":") || segment === "localhost" || segment.startsWith("[");
}

/** Parses an image reference; never throws. */
export function parseImageRef(input: string): ImageParseResult {
  if (typeof input !== "string") return { ok: false, error: "invalid image reference: not a string" };
  const reference = input.trim();
  if (reference === "") return { ok: false, error: "invalid image reference: it is empty" };
  if (/\s/.test(reference)) return fail(reference, "it contains whitespace");

  const at = reference.indexOf("@");
  let rest = reference;
  let digest: string | undefined;
  if (at >= 0) {
    digest = reference.slice(at + 1);
    rest = reference.slice(0, at);
    if (digest.includes("@")) return fail(reference, "it contains more than one '@'");
    const problem = checkDigest(digest);
    if (problem) return fail(reference, problem);
  }
  if (rest === "") return fail(reference, "the repository is missing");

  const lastSlash = rest.lastIndexOf("/");
  const lastSegment = rest.slice(lastSlash + 1);
  const tagColon = lastSegment.lastIndexOf(":");
  let tag: string | undefined;
  let path = rest;
  if (tagColon >= 0) {
    tag = lastSegment.slice(tagColon + 1);
    path = rest.slice(0, lastSlash + 1 + tagColon);
    if (!TAG.test(tag)) return fail(reference, tag === "" ? "the tag after ':' is empty" : `bad tag ${quote(tag)}`);
  }

  const segments = path.split("/");
  let registry: string | undefined;
  if (segments.length > 1 && looksLikeRegistry(segments[0] ?? "")) {
    registry = segments.shift();
  }
  if (registry !== undefined) {
    const problem = checkRegistry(registry);
    if (problem) return fail(reference, problem);
  }
  if (segments.length === 0 || segments.some((s) => s === "")) return fail(reference, "it has an empty path segment");
  for (const segment of segments) {
    if (!PATH_COMPONENT.test(segment)) {
      return fail(
        reference,
        /[A-Z]/.test(segment)
          ? "repository names must be lowercase"
          : `bad path segment ${quote(segment)} (lowercase letters, digits and single separators . _ __ - only)`,
      );
    }
  }
  const repository = segments.join("/");
  if (repository.length > 255) return fail(reference, "the repository path is longer than 255 characters");
  const name = segments[segments.length - 1] as string;

  const image: ImageRef = { reference, repository, name };
  if (registry !== undefined) image.registry = registry;
  if (tag !== undefined) image.tag = tag;
  if (digest !== undefined) image.digest = digest;
  return { ok: true, image };
}

/** `{name, version, url}` as DetermineVersions reports: version = tag, else digest, else `"latest"`. */
export function imageVersion(reference: string): ImageVersionResult {
  const parsed = parseImageRef(reference);
  if (!parsed.ok) return parsed;
  const { image } = parsed;
  return {
    ok: true,
    version: { name: image.name, version: image.tag ?? image.digest ?? "latest", url: image.reference },
  };
}
