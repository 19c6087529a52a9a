/**
 * DetermineVersions and DetermineStrategy (pure): what a deployment deploys, and whether it needs
 * the pipeline.
 */
import { type Container, imageVersion, parseImageRef, parseServiceManifest } from "@cr/cloudrun/pure";
import { formatManifestIssue } from "../candidate/desired.js";

/** A service manifest to look at, with the application's `input.image` override when there is one. */
export interface ManifestInput {
  fileName: string;
  text: string;
  imageOverride?: string;
}

/** PipeCD `ArtifactVersion` (kind CONTAINER_IMAGE) fields. */
export interface ArtifactVersion {
  /** Last path segment of the image, without tag or digest, e.g. `helloworld`. */
  name: string;
  /** The tag, else the digest, else `latest`. */
  version: string;
  /** The full image reference. */
  url: string;
}

/** The artifact versions of a manifest, or why it cannot be read. */
export type DetermineVersionsResult = { ok: true; versions: ArtifactVersion[] } | { ok: false; error: string };

function containersOf(manifest: ManifestInput): { ok: true; containers: Container[] } | { ok: false; error: string } {
  const parsed = parseServiceManifest(manifest.text, {
    fileName: manifest.fileName,
    ...(manifest.imageOverride === undefined ? {} : { imageOverride: manifest.imageOverride }),
  });
  if (!parsed.ok) {
    return { ok: false, error: parsed.errors.map((e) => formatManifestIssue(e, manifest.fileName)).join("; ") };
  }
  return { ok: true, containers: parsed.service.template.containers };
}

/** One version per distinct container image, in container order. */
export function determineVersions(
  manifestText: string,
  options: { fileName: string; imageOverride?: string },
): DetermineVersionsResult {
  const read = containersOf({ ...options, text: manifestText });
  if (!read.ok) return read;
  const versions: ArtifactVersion[] = [];
  const seen = new Set<string>();
  for (const c of read.containers) {
    if (seen.has(c.image)) continue;
    seen.add(c.image);
    const v = imageVersion(c.image);
    versions.push(v.ok ? v.version : { name: c.image, version: "unknown", url: c.image });
  }
  return { ok: true, versions };
}

export type SyncStrategy = "QUICK_SYNC" | "PIPELINE";

/** Quick sync or pipeline, with the reason, or why the manifest cannot be read. */
export type DetermineStrategyResult =
  | { ok: true; strategy: SyncStrategy; summary: string }
  | { ok: false; error: string };

export const QUICK_SYNC_SUMMARY = "Quick sync because no container image change was detected";
export const NO_RUNNING_SUMMARY = "Sync progressively because there is no running deployment to compare with";

function repositoryOf(image: string): string {
  const parsed = parseImageRef(image);
  if (!parsed.ok) return image;
  return parsed.image.registry ? `${parsed.image.registry}/${parsed.image.repository}` : parsed.image.repository;
}

function versionOf(image: string): string {
  const v = imageVersion(image);
  return v.ok ? v.version.version : image;
}

function nameOf(image: string): string {
  const v = imageVersion(image);
  return v.ok ? v.version.name : image;
}

/** The image changes between two container lists, matched by name when all are named, else by index. */
export function imageChanges(running: readonly Container[], target: readonly Container[]): string[] {
  const byName = [...running, ...target].every((c) => c.name);
  const key = (c: Container, i: number) => (byName ? (c.name as string) : `#${i}`);
  const before = new Map(running.map((c, i) => [key(c, i), c.image]));
  const after = new Map(target.map((c, i) => [key(c, i), c.image]));
  const changes: string[] = [];
  for (const [k, image] of after) {
    const old = before.get(k);
    if (old === undefined) changes.push(`added container ${k} with image ${image}`);
    else if (old !== image) {
      changes.push(
        repositoryOf(old) === repositoryOf(image)
          ? `image ${nameOf(image)} from ${versionOf(old)} to ${versionOf(image)}`
          : `image ${old} to ${image}`,
      );
    }
  }
  for (const k of before.keys()) if (!after.has(k)) changes.push(`removed container ${k}`);
  return changes.sort();
}

/**
 * QUICK_SYNC when no container image changed (added, removed or changed, by container name or
 * index); PIPELINE otherwise, or when there is no running manifest (or it cannot be read). Fails
 * only when the target manifest cannot be read.
 */
export function determineStrategy(running: ManifestInput | undefined, target: ManifestInput): DetermineStrategyResult {
  const t = containersOf(target);
  if (!t.ok) return t;
  if (running === undefined) return { ok: true, strategy: "PIPELINE", summary: NO_RUNNING_SUMMARY };
  const r = containersOf(running);
  if (!r.ok) {
    return {
      ok: true,
      strategy: "PIPELINE",
      summary: `Sync progressively because the running manifest could not be read: ${r.error}`,
    };
  }
  const changes = imageChanges(r.containers, t.containers);
  if (changes.length === 0) return { ok: true, strategy: "QUICK_SYNC", summary: QUICK_SYNC_SUMMARY };
  return { ok: true, strategy: "PIPELINE", summary: `Sync progressively because of updating ${changes.join(", ")}` };
}
