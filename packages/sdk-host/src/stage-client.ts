// StageClient: a stage's metadata, commands and application shared objects, bound to one deployment and stage.
import type { PipedClient } from "./piped-client.js";

/** A command a user gave a running stage in the PipeCD UI. */
export type StageCommandType = "APPROVE_STAGE" | "SKIP_STAGE";

/** A command given to the running stage, with its id and the commander who gave it. */
export interface StageCommand {
  id: string;
  type: StageCommandType;
  commander: string;
}

/**
 * piped's metadata stores, stage commands and application shared objects, bound to the current
 * deployment, stage and plugin so plugin code cannot address another deployment by mistake.
 */
export interface StageClient {
  getStageMetadata(key: string): Promise<string | undefined>;
  putStageMetadata(key: string, value: string): Promise<void>;
  putStageMetadataMulti(metadata: Record<string, string>): Promise<void>;
  getDeploymentPluginMetadata(key: string): Promise<string | undefined>;
  putDeploymentPluginMetadata(key: string, value: string): Promise<void>;
  putDeploymentPluginMetadataMulti(metadata: Record<string, string>): Promise<void>;
  /** Read-only metadata that piped itself writes for the deployment. */
  getDeploymentSharedMetadata(key: string): Promise<string | undefined>;
  /** The unhandled APPROVE_STAGE / SKIP_STAGE commands for this stage. */
  listStageCommands(): Promise<StageCommand[]>;
  getApplicationSharedObject(key: string): Promise<Uint8Array | undefined>;
  putApplicationSharedObject(key: string, object: Uint8Array): Promise<void>;
}

export interface StageBinding {
  deploymentId: string;
  stageId: string;
  applicationId: string;
  pluginName: string;
  signal?: AbortSignal;
  /** Applied to stage metadata values, which the PipeCD UI shows. */
  redact?: (text: string) => string;
}

const COMMAND_TYPES: Record<number, StageCommandType> = { 3: "APPROVE_STAGE", 6: "SKIP_STAGE" };

export function bindStageClient(piped: PipedClient, binding: StageBinding): StageClient {
  const { deploymentId, stageId, applicationId, pluginName, signal } = binding;
  const options = { signal };
  const redact = binding.redact ?? ((text: string) => text);
  const redactAll = (metadata: Record<string, string>) =>
    Object.fromEntries(Object.entries(metadata).map(([k, v]) => [k, redact(v)]));
  return {
    getStageMetadata: (key) => piped.getStageMetadata(deploymentId, stageId, key, options),
    putStageMetadata: (key, value) => piped.putStageMetadata(deploymentId, stageId, key, redact(value), options),
    putStageMetadataMulti: (metadata) =>
      piped.putStageMetadataMulti(deploymentId, stageId, redactAll(metadata), options),
    getDeploymentPluginMetadata: (key) => piped.getDeploymentPluginMetadata(deploymentId, pluginName, key, options),
    putDeploymentPluginMetadata: (key, value) =>
      piped.putDeploymentPluginMetadata(deploymentId, pluginName, key, value, options),
    putDeploymentPluginMetadataMulti: (metadata) =>
      piped.putDeploymentPluginMetadataMulti(deploymentId, pluginName, metadata, options),
    getDeploymentSharedMetadata: (key) => piped.getDeploymentSharedMetadata(deploymentId, key, options),
    listStageCommands: async () => {
      const commands = await piped.listStageCommands(deploymentId, stageId, options);
      // piped does not filter by type on the wire; keep only commands meant for a stage.
      return commands.flatMap((c) => {
        const type = COMMAND_TYPES[c.type];
        return type ? [{ id: c.id, type, commander: c.commander }] : [];
      });
    },
    getApplicationSharedObject: (key) => piped.getApplicationSharedObject(applicationId, pluginName, key, options),
    putApplicationSharedObject: (key, object) =>
      piped.putApplicationSharedObject(applicationId, pluginName, key, object, options),
  };
}
