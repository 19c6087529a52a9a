/**
 * Plain-data inputs and outputs of the stage functions, prepared by `apps/plugin` from the
 * ExecuteStage request (no IO happens here: the manifest text has already been read).
 */

/** The deployment the stage runs in (from PipeCD's `model.Deployment`). */
export interface DeploymentInfo {
  id: string;
  applicationId: string;
  pipedId: string;
  /** The commit being deployed; used for the revision name and the commit label. */
  targetCommit: string;
  /** The commit of the last successful deployment, when there is one. */
  runningCommit?: string;
}

/** A service manifest as read from the deployment source. */
export interface ManifestSource {
  /** Path relative to the application directory, e.g. `service.yaml`; used in messages. */
  fileName: string;
  /** The file's text. Never logged: it may hold decrypted secrets. */
  text: string;
}

/** The input of every stage function: the same shape, with options typed per stage. */
export interface StageInput<Options> {
  deployment: DeploymentInfo;
  /** The target (to-be-deployed) service manifest. */
  manifest: ManifestSource;
  /** `input.image` of the application spec: replaces the ingress container's image. */
  imageOverride?: string;
  options: Options;
}

/** How a stage ended. */
export type StageStatus = "SUCCESS" | "FAILURE" | "SKIPPED" | "EXITED";

/**
 * What a stage returns. Domain failures (bad manifest, Cloud Run refused, readiness failed,
 * cancelled) are outcomes with status FAILURE; stages throw only on programmer errors.
 */
export interface StageOutcome {
  status: StageStatus;
  /** One line saying what happened, e.g. `helloworld-v2-abc1234 serves 100% of helloworld`. */
  summary: string;
}
