import {
  type ApplicationSpec,
  CLOUDRUN_STAGES,
  type DeployTargetConfig,
  formatIssues,
  isStageName,
  type PluginConfig,
  STAGE_NAMES,
  type StageName,
  type StageOptionsByName,
  validateStageOptions,
} from "@cr/config";
import type { DeploymentPlugin, ExecuteStageInput } from "@cr/sdk-host";
import {
  buildDesiredService,
  buildPipelineSyncStages,
  buildQuickSyncStages,
  determineStrategy,
  determineVersions,
  envValuesOf,
  runCanaryCleanupStage,
  runPromoteStage,
  runRollbackStage,
  runSyncStage,
  type StageDeps,
  type StageInput,
  type StageOutcome,
} from "@cr/stages";
import { appObjectKey } from "./app-objects.js";
import type { CloudRunClients } from "./clients.js";
import { cloudRunPort } from "./cloud-run-port.js";
import { readSourceManifest } from "./manifest-file.js";

type Spec = ApplicationSpec;

type StageRunner<N extends StageName> = (
  input: StageInput<StageOptionsByName[N]>,
  deps: StageDeps,
) => Promise<StageOutcome>;
const RUNNERS: { [N in StageName]: StageRunner<N> } = {
  CLOUDRUN_SYNC: runSyncStage,
  CLOUDRUN_PROMOTE: runPromoteStage,
  CLOUDRUN_ROLLBACK: runRollbackStage,
  CLOUDRUN_CANARY_CLEANUP: runCanaryCleanupStage,
};

/**
 * Which options a stage runs with: quick sync sends no stage config and uses the app's
 * `quickSync` options; an automatic rollback stage is handed another stage's `with`, so it
 * ignores it (piped's behaviour).
 */
function stageOptionsInput(input: ExecuteStageInput<Spec, DeployTargetConfig>, name: StageName): unknown {
  if (input.stage.rollback) return {};
  if (input.stageConfig.length === 0 && name === "CLOUDRUN_SYNC")
    return input.targetSource.applicationConfig.spec.quickSync;
  return input.stageConfig;
}

/** The Cloud Run deployment plugin: planning and stage execution, delegated to @cr/stages. */
export function cloudRunDeployment(
  clients: CloudRunClients,
): DeploymentPlugin<PluginConfig, DeployTargetConfig, ApplicationSpec> {
  return {
    fetchDefinedStages: () => STAGE_NAMES,

    async determineVersions({ targetSource }) {
      const manifest = await readSourceManifest(targetSource);
      const result = determineVersions(manifest.text, manifest);
      if (!result.ok) throw new Error(result.error);
      return result.versions;
    },

    async determineStrategy({ runningSource, targetSource }) {
      const target = await readSourceManifest(targetSource);
      const running = runningSource?.applicationDirectory ? await readSourceManifest(runningSource) : undefined;
      const result = determineStrategy(running, target);
      if (!result.ok) throw new Error(result.error);
      return { strategy: result.strategy, summary: result.summary };
    },

    async buildQuickSyncStages({ rollback }) {
      return buildQuickSyncStages(rollback).map((stage) => ({ ...stage, availableOperation: "NONE" as const }));
    },

    async buildPipelineSyncStages({ rollback, stages }) {
      const result = buildPipelineSyncStages(rollback, stages);
      if (!result.ok) throw new Error(result.error);
      return result.stages;
    },

    async executeStage(input, ctx) {
      const { log } = input;
      const name = input.stage.name;
      if (!isStageName(name)) {
        log.error(`Unknown stage "${name}": this plugin runs ${STAGE_NAMES.join(", ")}.`);
        return "FAILURE";
      }
      const options = validateStageOptions(name, stageOptionsInput(input, name));
      if (!options.ok) {
        log.error(`The options of ${name} are invalid: ${formatIssues(options.errors)}`);
        return "FAILURE";
      }
      const target = input.deployTargets[0]!;
      if (input.deployTargets.length > 1) {
        log.info(
          `This deployment names ${input.deployTargets.length} deploy targets; ${name} runs on "${target.name}".`,
        );
      }
      let manifest: Awaited<ReturnType<typeof readSourceManifest>>;
      try {
        manifest = await readSourceManifest(input.targetSource);
      } catch (error) {
        log.error((error as Error).message);
        return "FAILURE";
      }
      log.info(
        `${name} on deploy target "${target.name}" (project ${target.config.project}, region ${target.config.region}): ${
          CLOUDRUN_STAGES.find((s) => s.name === name)?.description ?? ""
        }`,
      );
      const stageInput = {
        deployment: {
          id: input.deployment.id,
          applicationId: input.deployment.applicationId,
          pipedId: input.deployment.pipedId,
          targetCommit: input.targetSource.commitHash || input.deployment.targetCommitHash,
          runningCommit: input.runningSource?.commitHash || input.deployment.runningCommitHash || undefined,
        },
        manifest: { fileName: manifest.fileName, text: manifest.text },
        imageOverride: manifest.imageOverride,
        options: options.value,
      };
      // Env values of the manifest are secrets from here on, whatever later echoes them.
      const desired = buildDesiredService({
        manifest: { fileName: manifest.fileName, text: manifest.text },
        deployment: stageInput.deployment,
        ...(manifest.imageOverride === undefined ? {} : { imageOverride: manifest.imageOverride }),
      });
      if (desired.ok) ctx.secrets.add(envValuesOf([desired.service]));
      const deps: StageDeps = {
        cloudRun: cloudRunPort(clients.for(target, ctx.logger), (values) => ctx.secrets.add(values)),
        metadata: {
          get: (key) => input.client.getDeploymentPluginMetadata(key),
          put: (key, value) => input.client.putDeploymentPluginMetadata(key, value),
          putStage: (record) => input.client.putStageMetadataMulti(record),
          putAppObject: (key, value) =>
            input.client.putApplicationSharedObject(appObjectKey(target.name, key), Buffer.from(value, "utf8")),
        },
        log,
        signal: ctx.signal,
      };
      const run = RUNNERS[name] as StageRunner<StageName>;
      const outcome = await run(stageInput as StageInput<StageOptionsByName[StageName]>, deps);
      ctx.logger.info("stage finished", { stage: name, status: outcome.status, deployTarget: target.name });
      return outcome.status;
    },
  };
}
