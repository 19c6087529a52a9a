// The deployment service: planning (versions, strategy, stages) and stage execution on every deploy target.
import {
  type ApplicationSpec,
  CLOUDRUN_STAGES,
  type DeployTargetConfig,
  describeInvalidStageOptions,
  isStageName,
  type PluginConfig,
  STAGE_NAMES,
  type StageName,
  type StageOptionsByName,
  validatePipelineStages,
  validateStageOptions,
} from "@cr/config";
import { type DeploymentPlugin, type ExecuteStageInput, HostError } from "@cr/sdk-host";
import {
  buildDesiredService,
  buildPipelineSyncStages,
  buildQuickSyncStages,
  determineStrategy,
  determineVersions,
  STAGE_RUNNERS,
  type StageDeps,
  type StageInput,
  type StageOutcome,
} from "@cr/stages";
import { envValuesOf } from "@cr/stages/internal";
import { appObjectKey } from "./app-objects.js";
import type { CloudRunClients } from "./clients.js";
import { cloudRunPort } from "./cloud-run-port.js";
import {
  combinedStatus,
  describeTargetOutcomes,
  forEachLimited,
  prefixedStageLog,
  TARGET_CONCURRENCY,
  targetKey,
} from "./deploy-targets.js";
import { readSourceManifest } from "./manifest-file.js";

type Spec = ApplicationSpec;

/**
 * The options a stage runs with, or the text saying why they are invalid. Quick sync sends no stage
 * config: CLOUDRUN_SYNC then runs with the app's `quickSync` options, which the host validated
 * with the application spec. An automatic rollback stage is handed another stage's `with`, so it
 * ignores it (piped's behaviour). Pipeline stages are checked as planning checked them.
 */
function stageOptions<N extends StageName>(
  input: ExecuteStageInput<Spec, DeployTargetConfig>,
  name: N,
): { ok: true; value: StageOptionsByName[N] } | { ok: false; message: string } {
  if (input.stageConfig.length === 0 && name === "CLOUDRUN_SYNC") {
    return { ok: true, value: input.targetSource.applicationConfig.spec.quickSync as StageOptionsByName[N] };
  }
  const result = validateStageOptions(name, input.stage.rollback ? {} : input.stageConfig);
  if (result.ok) return result;
  const issues = validatePipelineStages([{ index: input.stage.index, name, config: input.stageConfig }]);
  return { ok: false, message: describeInvalidStageOptions(issues) };
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
      const issues = validatePipelineStages(stages);
      if (issues.length > 0) throw new HostError("InvalidArgument", describeInvalidStageOptions(issues));
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
      const options = stageOptions(input, name);
      if (!options.ok) {
        log.error(options.message);
        return "FAILURE";
      }
      let manifest: Awaited<ReturnType<typeof readSourceManifest>>;
      try {
        manifest = await readSourceManifest(input.targetSource);
      } catch (error) {
        log.error((error as Error).message);
        return "FAILURE";
      }
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
      } as StageInput<StageOptionsByName[StageName]>;
      // Env values of the manifest are secrets from here on, whatever later echoes them.
      const desired = buildDesiredService({
        manifest: stageInput.manifest,
        deployment: stageInput.deployment,
        ...(manifest.imageOverride === undefined ? {} : { imageOverride: manifest.imageOverride }),
      });
      if (desired.ok) ctx.secrets.add(envValuesOf([desired.service]));
      // One signature for whichever stage `name` is: its options were validated for that stage above.
      const run = STAGE_RUNNERS[name] as (
        input: StageInput<StageOptionsByName[StageName]>,
        deps: StageDeps,
      ) => Promise<StageOutcome>;
      const targets = input.deployTargets;
      const multiTarget = targets.length > 1;
      if (multiTarget) {
        log.info(`${name} runs on ${targets.length} deploy targets: ${targets.map((t) => t.name).join(", ")}.`);
      }
      const outcomes = await forEachLimited(targets, TARGET_CONCURRENCY, async (target) => {
        const key = (k: string) => targetKey(k, target.name, multiTarget);
        const targetLog = multiTarget ? prefixedStageLog(log, target.name) : log;
        targetLog.info(
          `${name} on deploy target "${target.name}" (project ${target.config.project}, region ${target.config.region}): ${
            CLOUDRUN_STAGES.find((s) => s.name === name)?.description ?? ""
          }`,
        );
        const deps: StageDeps = {
          cloudRun: cloudRunPort(clients.for(target, ctx.logger), (values) => ctx.secrets.add(values)),
          metadata: {
            get: (k) => input.client.getDeploymentPluginMetadata(key(k)),
            put: (k, value) => input.client.putDeploymentPluginMetadata(key(k), value),
            putStage: (record) =>
              input.client.putStageMetadataMulti(
                Object.fromEntries(Object.entries(record).map(([k, value]) => [key(k), value])),
              ),
            putAppObject: (k, value) =>
              input.client.putApplicationSharedObject(appObjectKey(target.name, k), Buffer.from(value, "utf8")),
          },
          log: targetLog,
          signal: ctx.signal,
        };
        const outcome = await run(stageInput, deps);
        ctx.logger.info("stage finished", { stage: name, status: outcome.status, deployTarget: target.name });
        return { target: target.name, outcome };
      });
      if (!multiTarget) return outcomes[0]!.outcome.status;
      const status = combinedStatus(outcomes);
      const summary = describeTargetOutcomes(name, outcomes);
      if (status === "FAILURE" || status === "EXITED") log.error(summary);
      else log.success(summary);
      return status;
    },
  };
}
