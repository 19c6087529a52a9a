/**
 * Service manifest loading (pure: takes the file's text, does no IO).
 *
 * Two forms are accepted; the form is decided from the top-level keys:
 * - **Knative** — `apiVersion: serving.knative.dev/v1` (and `kind: Service`): the YAML that
 *   `gcloud run services replace` accepts and `gcloud run services describe --format export`
 *   prints. Converted by manifest-knative.ts (annotation table in manifest-annotations.ts).
 * - **v2** — `apiVersion: run.googleapis.com/v2`, or **no `apiVersion` and a top-level
 *   `template`**: a Cloud Run Admin API v2 `Service` in its proto JSON shape. Converted by
 *   manifest-v2.ts.
 * Anything else (another apiVersion, a Cloud Run Job, a Knative-looking document without
 * apiVersion) is an error that says what was expected.
 *
 * Every error carries the YAML line and column (1-based) and the dotted path of the node.
 * Environment variable values never appear in messages (nor does any other string value; see
 * manifest-yaml.ts).
 *
 * `imageOverride` replaces the image of the **ingress container**: the container that declares a
 * port, or the first container when none does (for a single-container service, that container).
 */
import { BoundedCache } from "./bounded-cache.js";
import { type Converted, type ConvertOptions, ingressContainerIndex } from "./manifest-common.js";
import { convertKnative } from "./manifest-knative.js";
import { convertV2 } from "./manifest-v2.js";
import { type ManifestIssue, parseYaml } from "./manifest-yaml.js";
import type { Service } from "./model.js";

export type { ManifestIssue } from "./manifest-yaml.js";
export { ingressContainerIndex };

/** Options of `parseServiceManifest`. */
export interface ParseManifestOptions {
  /** Copied into every issue, for messages. */
  fileName?: string;
  /** Image to deploy instead of the manifest's, on the ingress container. */
  imageOverride?: string;
}

export type ManifestFormat = "knative" | "v2";

export const KNATIVE_API_VERSION = "serving.knative.dev/v1";
export const V2_API_VERSION = "run.googleapis.com/v2";

/** The Service read from a manifest with its warnings, or the errors that prevent it. */
export type ParseManifestResult =
  | {
      ok: true;
      format: ManifestFormat;
      service: Service;
      warnings: ManifestIssue[];
      /** Knative `metadata.namespace`, or the project of a v2 full resource name. */
      project?: string;
      /** Knative `cloud.googleapis.com/location` label, or the location of a v2 full resource name. */
      location?: string;
    }
  | { ok: false; errors: ManifestIssue[]; warnings: ManifestIssue[] };

function shown(value: string): string {
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
}

/** Parsed manifests of the deployments in flight (each is parsed by several RPCs and stages). */
const parsedManifests = new BoundedCache<string, ParseManifestResult>(32);
/** Larger manifests are parsed every time rather than held in memory. */
const MAX_CACHED_MANIFEST_CHARS = 64 * 1024;

/**
 * Parses a Knative or v2 service manifest into the model. Never throws on bad input. The same text
 * and options give the same result object, reused: callers must not modify it.
 */
export function parseServiceManifest(text: string, options: ParseManifestOptions = {}): ParseManifestResult {
  if (text.length > MAX_CACHED_MANIFEST_CHARS) return parseUncached(text, options);
  const key = JSON.stringify([options.fileName ?? "", options.imageOverride ?? null, text]);
  let parsed = parsedManifests.get(key);
  if (parsed === undefined) {
    parsed = parseUncached(text, options);
    parsedManifests.set(key, parsed);
  }
  return parsed;
}

function parseUncached(text: string, options: ParseManifestOptions): ParseManifestResult {
  const { reader: r, root } = parseYaml(text, options.fileName);
  const fail = () => ({ ok: false as const, errors: r.errors, warnings: r.warnings });
  if (r.errors.length > 0) return fail();
  if (r.isNull(root)) {
    r.error(root, "the manifest is empty");
    return fail();
  }
  const entries = r.entries(root);
  if (!entries) return fail();

  const apiVersionEntry = entries.find((e) => e.key === "apiVersion");
  const kindEntry = entries.find((e) => e.key === "kind");
  const apiVersion = apiVersionEntry ? r.string(apiVersionEntry.value) : undefined;
  const kind = kindEntry ? r.string(kindEntry.value) : undefined;
  if (r.errors.length > 0) return fail();

  let format: ManifestFormat | undefined;
  if (apiVersion === KNATIVE_API_VERSION) format = "knative";
  else if (apiVersion === V2_API_VERSION) format = "v2";
  else if (apiVersion !== undefined) {
    const at = (apiVersionEntry?.value ?? root) as typeof root;
    if (kind === "Job")
      r.error(at, "Cloud Run Jobs are not supported; this plugin deploys Cloud Run services (kind: Service)");
    else
      r.error(
        at,
        `unsupported apiVersion ${shown(apiVersion)}: expected ${KNATIVE_API_VERSION} (Knative service.yaml) or ${V2_API_VERSION} (v2 Service)`,
      );
    return fail();
  } else if (entries.some((e) => e.key === "template")) format = "v2";
  else if (entries.some((e) => e.key === "spec" || e.key === "metadata")) {
    r.error(root, `apiVersion is missing: a Knative service.yaml needs apiVersion: ${KNATIVE_API_VERSION}`);
    return fail();
  } else {
    r.error(
      root,
      `cannot tell the manifest format: expected a Knative Service (apiVersion: ${KNATIVE_API_VERSION}) or a v2 Service (apiVersion: ${V2_API_VERSION}, or a top-level template)`,
    );
    return fail();
  }

  const convertOptions: ConvertOptions = {};
  if (options.imageOverride !== undefined) convertOptions.imageOverride = options.imageOverride;
  const converted: Converted | undefined =
    format === "knative" ? convertKnative(r, root, convertOptions) : convertV2(r, root, convertOptions);
  if (!converted || r.errors.length > 0) return fail();

  const result: ParseManifestResult = { ok: true, format, service: converted.service, warnings: r.warnings };
  if (converted.project !== undefined) result.project = converted.project;
  if (converted.location !== undefined) result.location = converted.location;
  return result;
}
