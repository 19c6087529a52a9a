/**
 * Revision, tag and service naming rules (pure).
 *
 * Rules enforced by Cloud Run (the length limits live in `@cr/config/cloudrun-limits`):
 * - service id: starts with a letter, lowercase letters / digits / hyphens, does not end with a
 *   hyphen, fewer than 50 characters;
 * - revision name: same alphabet, starts with a letter, does not end with a hyphen, at most 63
 *   characters, and must start with `<service>-`;
 * - traffic tag: DNS-label-like (lowercase letters, digits, hyphens, starting with a letter, not
 *   ending with a hyphen) and `tag.length + service.length <= 46`.
 */
import { createHash } from "node:crypto";
import {
  MAX_REVISION_NAME_LENGTH,
  MAX_SERVICE_ID_LENGTH,
  MAX_TAG_AND_SERVICE_LENGTH,
} from "@cr/config/cloudrun-limits";
import { parseImageRef } from "./image.js";

/** Hex characters of sha256 appended when a generated name has to be shortened. */
export const NAME_HASH_LENGTH = 6;
/** Hex characters kept from an image digest. */
export const DIGEST_PREFIX_LENGTH = 12;
/** Characters kept from the commit hash. */
export const COMMIT_PREFIX_LENGTH = 7;

const DNS_LABEL = /^[a-z]([a-z0-9-]*[a-z0-9])?$/;

/** Problems with a service id (empty list = valid). */
export function serviceIdProblems(service: string): string[] {
  const problems: string[] = [];
  if (service === "") return ["the service name is empty"];
  if (service.length > MAX_SERVICE_ID_LENGTH)
    problems.push(`the service name must be at most ${MAX_SERVICE_ID_LENGTH} characters (it has ${service.length})`);
  if (!DNS_LABEL.test(service))
    problems.push(
      "the service name must use only lowercase letters, digits and hyphens, start with a letter and not end with a hyphen",
    );
  return problems;
}

/**
 * Problems with a revision name (empty list = valid). With `service`, the name must also start
 * with `<service>-` and have something after that prefix.
 */
export function revisionNameProblems(name: string, service?: string): string[] {
  const problems: string[] = [];
  if (name === "") return ["the revision name is empty"];
  if (name.length > MAX_REVISION_NAME_LENGTH)
    problems.push(`the revision name must be at most ${MAX_REVISION_NAME_LENGTH} characters (it has ${name.length})`);
  if (!/^[a-z0-9-]*$/.test(name)) problems.push("the revision name may only contain lowercase letters, digits and '-'");
  if (!/^[a-z]/.test(name)) problems.push("the revision name must start with a lowercase letter");
  if (name.endsWith("-")) problems.push("the revision name must not end with '-'");
  if (service !== undefined && !(name.startsWith(`${service}-`) && name.length > service.length + 1))
    problems.push(`the revision name must start with the service name followed by '-' ("${service}-…")`);
  return problems;
}

/** Whether `name` is a valid revision name (of `service`, when given). */
export function isValidRevisionName(name: string, service?: string): boolean {
  return revisionNameProblems(name, service).length === 0;
}

/**
 * Problems with a traffic tag (empty list = valid). With `service`, also checks the combined
 * length rule ("Combined traffic tag and service name cannot exceed 46 characters").
 */
export function tagProblems(tag: string, service?: string): string[] {
  const problems: string[] = [];
  if (tag === "") return ["the tag is empty"];
  if (!DNS_LABEL.test(tag))
    problems.push(
      "the tag must use only lowercase letters, digits and hyphens, start with a letter and not end with a hyphen",
    );
  if (tag.length > MAX_REVISION_NAME_LENGTH)
    problems.push(`the tag must be at most ${MAX_REVISION_NAME_LENGTH} characters`);
  if (service !== undefined && tag.length + service.length > MAX_TAG_AND_SERVICE_LENGTH)
    problems.push(
      `the tag and the service name together must not exceed ${MAX_TAG_AND_SERVICE_LENGTH} characters (${tag.length} + ${service.length})`,
    );
  return problems;
}

/** Whether `tag` is a valid traffic tag (for `service`, when given). */
export function isValidTag(tag: string, service?: string): boolean {
  return tagProblems(tag, service).length === 0;
}

/** What a deterministic revision name is made from. */
export interface RevisionNameInput {
  /** The service id (short name). */
  service: string;
  /** The image of the container the version is taken from (normally the ingress container). */
  image: string;
  /** The commit hash being deployed (any case; the first 7 characters are used). */
  commit: string;
  /** A name given in the manifest (`spec.template.metadata.name` / `template.revision`); wins when set. */
  explicitName?: string;
}

/** A revision name and where it came from, or why none can be made. */
export type RevisionNameResult =
  | { ok: true; name: string; source: "explicit" | "generated" }
  | { ok: false; error: string };

/** Lowercases and turns every run of characters outside [a-z0-9] into one hyphen; trims hyphens. */
function sanitize(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/**
 * A deterministic revision name for a deployment.
 *
 * - An explicit name wins; it must be a valid revision name starting with `<service>-`, otherwise
 *   an error that says why is returned.
 * - Generated: `<service>-<version>-<commit7>`, where `<version>` is the image tag (sanitised: dots and other
 *   characters outside [a-z0-9] become `-`, e.g. `v1.2.3` → `v1-2-3`), the first 12 hex digits
 *   of the digest (`@sha256:` dropped) for digest references (`<tag>-<digest12>` when both are
 *   given), or `latest` when neither is. `<commit7>` is the first 7 characters of the
 *   commit, lowercased (omitted when the commit is empty). The suffix is lowercased, runs of
 *   invalid characters and hyphens collapse to one `-`, and the name never ends with `-`. The service part
 *   is used verbatim (it is validated, not rewritten).
 * - If the result is longer than 63 characters it is cut to 56 characters (trailing hyphens
 *   removed) and `-` plus the first 6 hex digits of sha256(untruncated name) is appended, so
 *   distinct long inputs stay distinct and the name is always ≤ 63 characters. The service prefix
 *   always survives the cut because service ids are at most 49 characters.
 */
export function revisionName(input: RevisionNameInput): RevisionNameResult {
  const { service, image, commit, explicitName } = input;
  const serviceProblems = serviceIdProblems(service);
  if (serviceProblems.length > 0)
    return { ok: false, error: `invalid service name "${service}": ${serviceProblems.join("; ")}` };

  if (explicitName !== undefined && explicitName !== "") {
    const problems = revisionNameProblems(explicitName, service);
    if (problems.length > 0)
      return { ok: false, error: `invalid revision name "${explicitName}": ${problems.join("; ")}` };
    return { ok: true, name: explicitName, source: "explicit" };
  }

  const parsed = parseImageRef(image);
  if (!parsed.ok) return { ok: false, error: `cannot derive a revision name: ${parsed.error}` };
  const parts: string[] = [];
  if (parsed.image.tag !== undefined) parts.push(sanitize(parsed.image.tag));
  if (parsed.image.digest !== undefined) {
    const encoded = parsed.image.digest.slice(parsed.image.digest.indexOf(":") + 1);
    parts.push(sanitize(encoded).slice(0, DIGEST_PREFIX_LENGTH));
  }
  let version = parts.filter((p) => p !== "").join("-");
  if (version === "") version = "latest";
  const commitPart = sanitize(sanitize(commit).slice(0, COMMIT_PREFIX_LENGTH));
  const suffix = sanitize([version, commitPart].filter((p) => p !== "").join("-"));
  const full = `${service}-${suffix}`;
  if (full.length <= MAX_REVISION_NAME_LENGTH) return { ok: true, name: full, source: "generated" };

  const hash = createHash("sha256").update(full).digest("hex").slice(0, NAME_HASH_LENGTH);
  const head = full.slice(0, MAX_REVISION_NAME_LENGTH - NAME_HASH_LENGTH - 1).replace(/-+$/, "");
  return { ok: true, name: `${head}-${hash}`, source: "generated" };
}
