import { readFile } from "node:fs/promises";
import { isAbsolute, join, relative, resolve } from "node:path";
import { BoundedCache } from "@cr/cloudrun/internal";
import type { ApplicationSpec } from "@cr/config";
import type { DeploymentSource } from "@cr/sdk-host";

export class ManifestFileError extends Error {
  override readonly name = "ManifestFileError";
}

/**
 * Reads the service manifest named by `input.serviceManifestFile`, relative to the application
 * directory. Refuses paths that leave that directory. Messages name the file, never its content.
 */
export async function readManifestFile(applicationDirectory: string, fileName: string): Promise<string> {
  if (!applicationDirectory) throw new ManifestFileError("the deployment source has no application directory");
  const root = resolve(applicationDirectory);
  const path = resolve(root, fileName);
  const rel = relative(root, path);
  if (isAbsolute(fileName) || rel.startsWith("..") || isAbsolute(rel)) {
    throw new ManifestFileError(
      `input.serviceManifestFile "${fileName}" points outside the application directory; use a path inside it`,
    );
  }
  try {
    return await readFile(join(root, rel), "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") {
      throw new ManifestFileError(
        `service manifest "${fileName}" was not found in the application directory; add it or set spec.plugins.cloudrun.input.serviceManifestFile`,
      );
    }
    throw new ManifestFileError(`cannot read service manifest "${fileName}" (${code ?? "unknown error"})`);
  }
}

/**
 * Manifest texts by (application directory, commit, file): piped checks out each commit into its
 * own directory and never changes it, and every RPC and stage of a deployment reads the same file.
 */
const manifestTexts = new BoundedCache<string, string>(64);

/**
 * The service manifest of a deployment source with the application's image override: the one
 * input of deployments, live state and plan preview. Read from disk once per commit.
 */
export async function readSourceManifest(source: DeploymentSource<ApplicationSpec>) {
  const spec = source.applicationConfig.spec;
  const fileName = spec.input.serviceManifestFile;
  const key = source.commitHash ? JSON.stringify([source.applicationDirectory, source.commitHash, fileName]) : "";
  let text = key ? manifestTexts.get(key) : undefined;
  if (text === undefined) {
    text = await readManifestFile(source.applicationDirectory, fileName);
    if (key) manifestTexts.set(key, text);
  }
  return { fileName, text, imageOverride: spec.input.image };
}
