// Reads the app's service manifest from the application directory: only real files inside it, bounded in size.
import { constants } from "node:fs";
import { open, realpath } from "node:fs/promises";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { BoundedCache } from "@cr/cloudrun/internal";
import type { ApplicationSpec } from "@cr/config";
import { boundText, type DeploymentSource, MAX_YAML_NESTING, yamlTooDeep } from "@cr/sdk-host";

export class ManifestFileError extends Error {
  override readonly name = "ManifestFileError";
}

/**
 * The largest service manifest read. A Cloud Run service is a few KiB; the cap keeps a hostile or
 * mistaken file (a log, an image, /dev/zero behind a link) from being read into memory.
 */
export const MAX_MANIFEST_BYTES = 1024 * 1024;

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === "" || (!rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel));
}

/**
 * Reads the service manifest named by `input.serviceManifestFile`, relative to the application
 * directory. Both the name and the file it really is (after following symlinks) must stay inside
 * that directory, and it must be a regular file of at most {@link MAX_MANIFEST_BYTES}, checked
 * before reading. Messages name the file, never its content.
 */
export async function readManifestFile(applicationDirectory: string, fileName: string): Promise<string> {
  if (!applicationDirectory) throw new ManifestFileError("the deployment source has no application directory");
  const shown = JSON.stringify(boundText(fileName));
  const root = resolve(applicationDirectory);
  const path = resolve(root, fileName);
  if (isAbsolute(fileName) || !inside(root, path)) {
    throw new ManifestFileError(
      `input.serviceManifestFile ${shown} points outside the application directory; use a path inside it`,
    );
  }
  let real: string;
  try {
    real = await realpath(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") {
      throw new ManifestFileError(
        `service manifest ${shown} was not found in the application directory; add it or set spec.plugins.cloudrun.input.serviceManifestFile`,
      );
    }
    throw new ManifestFileError(`cannot read service manifest ${shown} (${code ?? "unknown error"})`);
  }
  const realRoot = await realpath(root).catch(() => root);
  if (!inside(realRoot, real)) {
    throw new ManifestFileError(
      `service manifest ${shown} is a symbolic link to a file outside the application directory; commit the manifest itself`,
    );
  }
  // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below as not a regular file.
  const handle = await open(real, constants.O_RDONLY | constants.O_NONBLOCK).catch((error: NodeJS.ErrnoException) => {
    throw new ManifestFileError(`cannot read service manifest ${shown} (${error.code ?? "unknown error"})`);
  });
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) {
      throw new ManifestFileError(`service manifest ${shown} is not a regular file; commit the manifest as a file`);
    }
    if (stat.size > MAX_MANIFEST_BYTES) {
      throw new ManifestFileError(
        `service manifest ${shown} is ${stat.size} bytes, more than the ${MAX_MANIFEST_BYTES} bytes allowed; a Cloud Run service needs far less`,
      );
    }
    // Read at most one byte past the limit, in case the file grew after the check.
    const buffer = Buffer.alloc(Math.min(stat.size, MAX_MANIFEST_BYTES) + 1);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    if (bytesRead > MAX_MANIFEST_BYTES) {
      throw new ManifestFileError(`service manifest ${shown} is larger than the ${MAX_MANIFEST_BYTES} bytes allowed`);
    }
    const text = buffer.subarray(0, bytesRead).toString("utf8");
    const tooDeep = yamlTooDeep(text);
    if (tooDeep !== undefined) {
      throw new ManifestFileError(
        `service manifest ${shown} is nested too deeply at line ${tooDeep} (more than ${MAX_YAML_NESTING} levels); a Cloud Run service needs a few`,
      );
    }
    return text;
  } finally {
    await handle.close();
  }
}

/**
 * Manifest texts by (application directory, commit, file): piped checks out each commit into its
 * own directory and never changes it, and every RPC and stage of a deployment reads the same file.
 */
// Created on first use: @cr/cloudrun is compiled only when the plugin first needs it.
let manifestTexts: BoundedCache<string, string> | undefined;

/**
 * The service manifest of a deployment source with the application's image override: the one
 * input of deployments, live state and plan preview. Read from disk once per commit.
 */
export async function readSourceManifest(source: DeploymentSource<ApplicationSpec>) {
  const spec = source.applicationConfig.spec;
  const fileName = spec.input.serviceManifestFile;
  const key = source.commitHash ? JSON.stringify([source.applicationDirectory, source.commitHash, fileName]) : "";
  manifestTexts ??= new BoundedCache<string, string>(64);
  let text = key ? manifestTexts.get(key) : undefined;
  if (text === undefined) {
    text = await readManifestFile(source.applicationDirectory, fileName);
    if (key) manifestTexts.set(key, text);
  }
  return { fileName, text, imageOverride: spec.input.image };
}
