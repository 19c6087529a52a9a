/** The stages of the Cloud Run plugin: names and one-line descriptions, in FetchDefinedStages order. */

/** A stage this plugin defines: its name (as written in `spec.pipeline.stages[].name`) and a one-line description. */
export interface StageDefinition {
  readonly name: string;
  readonly description: string;
}

/** The stages of the Cloud Run plugin, in the order `FetchDefinedStages` reports them. */
export const CLOUDRUN_STAGES = [
  {
    name: "CLOUDRUN_SYNC",
    description: "Deploy the service manifest as a new revision and route all traffic to it.",
  },
  {
    name: "CLOUDRUN_PROMOTE",
    description: "Route the given percentage of traffic to the new revision and the rest to the previous one.",
  },
  {
    name: "CLOUDRUN_ROLLBACK",
    description: "Route all traffic back to the revision that served before the deployment started.",
  },
  {
    name: "CLOUDRUN_CANARY_CLEANUP",
    description: "Keep the most recent revisions and delete older ones that serve no traffic and carry no tag.",
  },
] as const satisfies readonly StageDefinition[];

/** One of the plugin's stage names. */
export type StageName = (typeof CLOUDRUN_STAGES)[number]["name"];

/** The stage names alone, in the same order as {@link CLOUDRUN_STAGES}. */
export const STAGE_NAMES: readonly StageName[] = CLOUDRUN_STAGES.map((stage) => stage.name);

/** Whether `name` is one of this plugin's stage names. */
export function isStageName(name: unknown): name is StageName {
  return typeof name === "string" && (STAGE_NAMES as readonly string[]).includes(name);
}
