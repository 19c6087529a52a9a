import {
  type ApplicationSpec,
  CLOUDRUN_STAGES,
  type DeployTargetConfig,
  type PluginConfig,
  STAGE_NAMES,
} from "@cr/config";
import type { DeploymentPlugin } from "@cr/sdk-host";

const ROLLBACK_STAGE = "CLOUDRUN_ROLLBACK";
const SYNC_STAGE = "CLOUDRUN_SYNC";

function describe(name: string): string {
  return CLOUDRUN_STAGES.find((stage) => stage.name === name)?.description ?? "";
}

function notYet(what: string): never {
  throw new Error(`${what} is not available in this build of the Cloud Run plugin yet`);
}

/**
 * The Cloud Run deployment plugin. Stage planning is complete; executing stages, versions and
 * strategy arrive with the stage logic (@cr/stages) and answer a clear error until then.
 */
export const cloudRunDeployment: DeploymentPlugin<PluginConfig, DeployTargetConfig, ApplicationSpec> = {
  fetchDefinedStages: () => STAGE_NAMES,

  async buildQuickSyncStages({ rollback }) {
    return [
      { name: SYNC_STAGE, description: describe(SYNC_STAGE), rollback: false },
      ...(rollback ? [{ name: ROLLBACK_STAGE, description: describe(ROLLBACK_STAGE), rollback: true }] : []),
    ];
  },

  async buildPipelineSyncStages({ rollback, stages }) {
    const planned = stages.map((stage) => ({ index: stage.index, name: stage.name, rollback: false }));
    if (!rollback) return planned;
    if (stages.length === 0) throw new Error("rollback requires at least one stage");
    // The rollback stage takes the minimum request index, which piped's index check accepts.
    const index = Math.min(...stages.map((stage) => stage.index));
    return [...planned, { index, name: ROLLBACK_STAGE, rollback: true }];
  },

  determineVersions: async () => notYet("DetermineVersions"),
  determineStrategy: async () => notYet("DetermineStrategy"),
  executeStage: async (input) => notYet(`executing ${input.stage.name}`),
};
