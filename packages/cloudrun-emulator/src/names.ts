// Resource names: parsing and validating service and revision names, generated revision names, URLs, uids, etags.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { invalidArgument } from "./errors.js";

export interface ServiceName {
  readonly project: string;
  readonly location: string;
  readonly service: string;
  /** `projects/{project}/locations/{location}/services/{service}` */
  readonly name: string;
}

export interface RevisionName extends ServiceName {
  readonly revision: string;
  /** `projects/…/services/{service}/revisions/{revision}` */
  readonly full: string;
}

const SEGMENT = "([^/]+)";
const SERVICE_RE = new RegExp(`^projects/${SEGMENT}/locations/${SEGMENT}/services/${SEGMENT}$`);
const REVISION_RE = new RegExp(`^projects/${SEGMENT}/locations/${SEGMENT}/services/${SEGMENT}/revisions/${SEGMENT}$`);
const PARENT_RE = new RegExp(`^projects/${SEGMENT}/locations/${SEGMENT}$`);

export function parseServiceName(name: string | undefined): ServiceName {
  const m = SERVICE_RE.exec(name ?? "");
  if (!m) {
    throw invalidArgument(
      `Invalid service name '${name ?? ""}': expected projects/{project}/locations/{location}/services/{service}`,
    );
  }
  const [, project = "", location = "", service = ""] = m;
  return { project, location, service, name: `projects/${project}/locations/${location}/services/${service}` };
}

export function parseRevisionName(name: string | undefined): RevisionName {
  const m = REVISION_RE.exec(name ?? "");
  if (!m) {
    throw invalidArgument(
      `Invalid revision name '${name ?? ""}': expected projects/{project}/locations/{location}/services/{service}/revisions/{revision}`,
    );
  }
  const [, project = "", location = "", service = "", revision = ""] = m;
  const svc = `projects/${project}/locations/${location}/services/${service}`;
  return { project, location, service, revision, name: svc, full: `${svc}/revisions/${revision}` };
}

export function parseParent(parent: string | undefined): { project: string; location: string } {
  const m = PARENT_RE.exec(parent ?? "");
  if (!m) throw invalidArgument(`Invalid parent '${parent ?? ""}': expected projects/{project}/locations/{location}`);
  const [, project = "", location = ""] = m;
  if (location === "-") throw invalidArgument("The location '-' is not supported here; name a single region.");
  return { project, location };
}

/** Lowercase letters, digits and hyphens; starts with a letter; does not end with a hyphen. */
const DNS_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

export function isDnsLabel(value: string): boolean {
  return DNS_LABEL.test(value);
}

/** Service ids: a DNS label shorter than 50 characters. */
export function validateServiceId(id: string | undefined): string {
  if (!id) throw invalidArgument("service_id is required.");
  if (!isDnsLabel(id) || id.length >= 50) {
    throw invalidArgument(
      `Invalid service_id '${id}': it must use only lowercase letters, digits and '-', start with a letter, not end with '-', and be shorter than 50 characters.`,
    );
  }
  return id;
}

/** `template.revision` rules: `<service>-` prefix, DNS-label characters, shorter than 64 characters. */
export function validateRevisionName(service: string, revision: string): void {
  if (!revision.startsWith(`${service}-`)) {
    throw invalidArgument(
      `Invalid revision name '${revision}': the revision name must be prefixed by the name of the enclosing Service with a trailing -`,
    );
  }
  if (!isDnsLabel(revision) || revision.length >= 64) {
    throw invalidArgument(
      `Invalid revision name '${revision}': a revision name must use only lowercase letters, numbers and '-', must begin with a letter, cannot end with a '-', and must be at most 63 characters long.`,
    );
  }
}

/** A generated revision name in the `<service>-00001-abc` style. */
export function generateRevisionName(service: string, counter: number, taken: (name: string) => boolean): string {
  for (;;) {
    const suffix = Array.from(randomBytes(3), (b) => String.fromCharCode(97 + (b % 26))).join("");
    const name = `${service}-${String(counter).padStart(5, "0")}-${suffix}`;
    if (!taken(name)) return name;
  }
}

function projectHash(project: string): string {
  const digest = createHash("sha256").update(project).digest();
  return Array.from(digest.subarray(0, 10), (b) => "abcdefghijklmnopqrstuvwxyz0123456789"[b % 36]).join("");
}

/** The short region code of `*.a.run.app` hosts: `us-central1` → `uc`, `europe-west4` → `ew`. */
export function regionCode(location: string): string {
  const letters = location
    .split("-")
    .map((part) => part.replace(/\d+$/, "")[0] ?? "")
    .join("");
  return letters || "xx";
}

/** Main URL of a service: `https://<service>-<hash>-<region>.a.run.app`. */
export function serviceUri(s: ServiceName): string {
  return `https://${s.service}-${projectHash(s.project)}-${regionCode(s.location)}.a.run.app`;
}

/** Tag URL of a traffic target: `https://<tag>---<service>-<hash>-<region>.a.run.app`. */
export function tagUri(s: ServiceName, tag: string): string {
  return `https://${tag}---${s.service}-${projectHash(s.project)}-${regionCode(s.location)}.a.run.app`;
}

export function newUid(): string {
  return randomUUID();
}

export function newEtag(): string {
  return `"${randomBytes(12).toString("base64url")}"`;
}
