// The desired service of a deployment source, read and converted as a deployment of that commit would.
import type { ApplicationSpec } from "@cr/config";
import type { DeploymentSource } from "@cr/sdk-host";
import { buildDesiredService, type DesiredService } from "@cr/stages";
import { envValuesOf } from "@cr/stages/internal";
import type { SecretSink } from "./cloud-run-port.js";
import { ManifestFileError, readSourceManifest } from "./manifest-file.js";

export type LoadedDesiredService =
  | { ok: true; desired: DesiredService }
  | { ok: false; problem: string; errors: string[] };

/**
 * The desired service of a deployment source, through the same reading (`readSourceManifest`) and
 * conversion (`buildDesiredService`: image override, revision name, PipeCD labels) as a deployment
 * of that commit. Problems name the file, line and field, never a value.
 */
export async function loadDesiredService(
  source: DeploymentSource<ApplicationSpec>,
  ids: { pipedId: string; applicationId: string },
  secrets: SecretSink,
): Promise<LoadedDesiredService> {
  let manifest: Awaited<ReturnType<typeof readSourceManifest>>;
  try {
    manifest = await readSourceManifest(source);
  } catch (error) {
    if (error instanceof ManifestFileError) {
      return { ok: false, problem: "The service manifest cannot be read", errors: [error.message] };
    }
    throw error;
  }
  const desired = buildDesiredService({
    manifest: { fileName: manifest.fileName, text: manifest.text },
    ...(manifest.imageOverride === undefined ? {} : { imageOverride: manifest.imageOverride }),
    deployment: { pipedId: ids.pipedId, applicationId: ids.applicationId, targetCommit: source.commitHash },
  });
  if (!desired.ok) return { ok: false, problem: "The service manifest is invalid", errors: desired.errors };
  secrets(envValuesOf([desired.service]));
  return { ok: true, desired };
}
