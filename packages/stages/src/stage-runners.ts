/**
 * Every stage by name: the one map the plugin dispatches through, so adding a stage touches no
 * plugin code. Typed against the stage names and options of `@cr/config`, so a missing entry fails to compile.
 */
import type { StageName, StageOptionsByName } from "@cr/config";
import { runCanaryCleanupStage } from "./canary-cleanup/run.js";
import type { StageDeps } from "./ports.js";
import { runPromoteStage } from "./promote/run.js";
import { runRollbackStage } from "./rollback/run.js";
import { runSyncStage } from "./sync/run.js";
import type { StageInput, StageOutcome } from "./types.js";

/** Runs one stage of a deployment with its validated options. */
export type StageRunner<N extends StageName> = (
  input: StageInput<StageOptionsByName[N]>,
  deps: StageDeps,
) => Promise<StageOutcome>;

/** The function that runs each stage, by stage name. */
export const STAGE_RUNNERS: { readonly [N in StageName]: StageRunner<N> } = {
  CLOUDRUN_SYNC: runSyncStage,
  CLOUDRUN_PROMOTE: runPromoteStage,
  CLOUDRUN_ROLLBACK: runRollbackStage,
  CLOUDRUN_CANARY_CLEANUP: runCanaryCleanupStage,
};
