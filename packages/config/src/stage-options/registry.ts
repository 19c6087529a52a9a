// The plugin's stages, in FetchDefinedStages order. Adding a stage: write its options file beside this
// one (see sync.ts) and add one line to STAGE_OPTIONS; names, types, dispatch and schemas follow.
import { canaryCleanupStage } from "./canary-cleanup.js";
import { promoteStage } from "./promote.js";
import { rollbackStage } from "./rollback.js";
import { syncStage } from "./sync.js";

/** Every stage with its options schema and validator, in the order `FetchDefinedStages` reports them. */
export const STAGE_OPTIONS = [syncStage, promoteStage, rollbackStage, canaryCleanupStage] as const;

type Entry = (typeof STAGE_OPTIONS)[number];

/** One of the plugin's stage names. */
export type StageName = Entry["name"];

/** Validated options type of each stage. */
export type StageOptionsByName = {
  [E in Entry as E["name"]]: E["validate"] extends (input: unknown) => infer R
    ? R extends { ok: true; value: infer V }
      ? V
      : never
    : never;
};

/** Validated options of any stage. */
export type StageOptions = StageOptionsByName[StageName];

/** A stage this plugin defines: its name (as written in `spec.pipeline.stages[].name`) and a one-line description. */
export interface StageDefinition {
  readonly name: StageName;
  readonly description: string;
}

/** The stages of the Cloud Run plugin, in the order `FetchDefinedStages` reports them. */
export const CLOUDRUN_STAGES: readonly StageDefinition[] = STAGE_OPTIONS.map(({ name, description }) => ({
  name,
  description,
}));

/** The stage names alone, in the same order as {@link CLOUDRUN_STAGES}. */
export const STAGE_NAMES: readonly StageName[] = STAGE_OPTIONS.map((stage) => stage.name);

/** Whether `name` is one of this plugin's stage names. */
export function isStageName(name: unknown): name is StageName {
  return typeof name === "string" && (STAGE_NAMES as readonly string[]).includes(name);
}
