/**
 * Cloud Run Admin API v2 resource names:
 * `projects/{project}/locations/{region}/services/{service}[/revisions/{revision}]`.
 */

import { CloudRunError } from "./errors.js";

export interface ServiceNameParts {
  project: string;
  region: string;
  service: string;
}

export interface RevisionNameParts extends ServiceNameParts {
  revision: string;
}

function segment(kind: string, value: string): string {
  if (value === "" || value.includes("/")) {
    throw new CloudRunError(
      "InvalidArgument",
      `${kind} must be a non-empty name without "/", got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

/** `projects/{project}/locations/{region}`. */
export function locationPath(project: string, region: string): string {
  return `projects/${segment("project", project)}/locations/${segment("region", region)}`;
}

/** `projects/{project}/locations/{region}/services/{service}`. */
export function servicePath(project: string, region: string, service: string): string {
  return `${locationPath(project, region)}/services/${segment("service", service)}`;
}

/** `projects/{project}/locations/{region}/services/{service}/revisions/{revision}`. */
export function revisionPath(project: string, region: string, service: string, revision: string): string {
  return `${servicePath(project, region, service)}/revisions/${segment("revision", revision)}`;
}

const SERVICE_NAME = /^projects\/([^/]+)\/locations\/([^/]+)\/services\/([^/]+)$/;
const REVISION_NAME = /^projects\/([^/]+)\/locations\/([^/]+)\/services\/([^/]+)\/revisions\/([^/]+)$/;

/** Parses a full service name; undefined when `name` is not one. */
export function parseServiceName(name: string): ServiceNameParts | undefined {
  const m = SERVICE_NAME.exec(name);
  return m ? { project: m[1]!, region: m[2]!, service: m[3]! } : undefined;
}

/** Parses a full revision name; undefined when `name` is not one. */
export function parseRevisionName(name: string): RevisionNameParts | undefined {
  const m = REVISION_NAME.exec(name);
  return m ? { project: m[1]!, region: m[2]!, service: m[3]!, revision: m[4]! } : undefined;
}
