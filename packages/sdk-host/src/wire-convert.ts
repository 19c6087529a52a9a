// Converts generated wire messages into the plain views plugins see (deployment, source, deploy targets).
import { decodeApplicationConfig } from "./app-config.js";
import { HostError, isHostError } from "./errors.js";
import type { Deployment } from "./gen/model/deployment.js";
import type { DeploymentSource as WireSource } from "./gen/plugin/common/v1alpha1/common.js";
import type { DeploymentSource, DeploymentView } from "./plugin.js";
import type { DeployTarget } from "./plugin-config.js";
import { boundText } from "./text-safety.js";
import type { Validator } from "./validation.js";

export function toDeploymentView(d: Deployment): DeploymentView {
  return {
    id: d.id,
    applicationId: d.applicationId,
    applicationName: d.applicationName,
    pipedId: d.pipedId,
    projectId: d.projectId,
    triggeredBy: d.trigger?.commander || d.trigger?.commit?.author || "",
    createdAt: d.createdAt,
    repositoryUrl: d.gitPath?.repo?.remote ?? "",
    summary: d.summary,
    labels: { ...d.labels },
    runningCommitHash: d.runningCommitHash,
    targetCommitHash: d.trigger?.commit?.hash ?? "",
  };
}

export function decodeSource<S>(
  source: WireSource,
  pluginName: string,
  validate: Validator<S>,
  which: "target" | "running" | "deploy",
): DeploymentSource<S> {
  try {
    return {
      applicationDirectory: source.applicationDirectory,
      commitHash: source.commitHash,
      applicationConfigFilename: source.applicationConfigFilename,
      sharedConfigDirectory: source.sharedConfigDirectory,
      applicationConfig: decodeApplicationConfig(
        source.applicationConfig,
        pluginName,
        validate,
        source.applicationConfigFilename || "app.pipecd.yaml",
      ),
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // A mistake in app.pipecd.yaml is the user's to fix: INVALID_ARGUMENT, unlike the Go SDK's INTERNAL.
    const code = isHostError(error) && error.code === "InvalidArgument" ? "InvalidArgument" : "Internal";
    throw new HostError(code, `failed to parse the ${which} deployment source: ${message}`, { cause: error });
  }
}

/**
 * Picks this plugin's deploy targets by name, in the order piped sent them, each once: a name
 * repeated in the request is one deploy target, read and written once.
 */
export function resolveDeployTargets<T>(names: readonly string[], configured: readonly DeployTarget<T>[]) {
  if (names.length === 0) throw new HostError("InvalidArgument", "no deploy targets provided for this plugin");
  return [...new Set(names)].map((name) => {
    const target = configured.find((t) => t.name === name);
    if (!target) {
      throw new HostError(
        "InvalidArgument",
        `the deploy target ${JSON.stringify(boundText(name))} is not found in the piped plugin config; add it under this plugin's deployTargets`,
      );
    }
    return target;
  });
}
