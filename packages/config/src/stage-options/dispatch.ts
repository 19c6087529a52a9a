// Stage options by stage name: the dispatcher ExecuteStage uses, and the check of a whole pipeline
// that planning (BuildPipelineSyncStages) runs with the same validators.
import { type ConfigIssue, failure, formatIssues, joinPointer, type ValidationResult } from "../result.js";
import type { JsonSchema } from "../validator.js";
import {
  isStageName,
  STAGE_NAMES,
  STAGE_OPTIONS,
  type StageName,
  type StageOptions,
  type StageOptionsByName,
} from "./registry.js";

const validators = Object.fromEntries(STAGE_OPTIONS.map((stage) => [stage.name, stage.validate])) as {
  readonly [N in StageName]: (input: unknown) => ValidationResult<StageOptionsByName[N]>;
};

/** The JSON Schema of each stage's options. */
export const stageOptionsSchemas = Object.fromEntries(STAGE_OPTIONS.map((stage) => [stage.name, stage.schema])) as {
  readonly [N in StageName]: JsonSchema;
};

/**
 * Validates the options of stage `stageName`. `input` is the raw `stage_config` of ExecuteStage
 * (bytes or text; empty, as quick sync sends, means "defaults") or an already parsed object.
 * An unknown stage name gives an error result.
 */
export function validateStageOptions<N extends StageName>(
  stageName: N,
  input: unknown,
): ValidationResult<StageOptionsByName[N]>;
export function validateStageOptions(stageName: string, input: unknown): ValidationResult<StageOptions>;
export function validateStageOptions(stageName: string, input: unknown): ValidationResult<StageOptions> {
  if (!isStageName(stageName)) {
    const shown = JSON.stringify(String(stageName).slice(0, 60));
    return failure([
      {
        path: "",
        message: `Unknown stage ${shown}: the Cloud Run plugin has no stage of that name. Use one of ${STAGE_NAMES.join(", ")}.`,
      },
    ]);
  }
  return (validators[stageName] as (input: unknown) => ValidationResult<StageOptions>)(input);
}

/** One entry of `spec.pipeline.stages` as piped hands it over: its position, its name and its `with`. */
export interface PipelineStageInput {
  /** Position in `spec.pipeline.stages`, from 0. */
  index: number;
  name: string;
  /** The stage's `with` as JSON text or bytes (empty means none), or an already parsed value. */
  config: unknown;
}

/**
 * Validates the `with` of every stage with that stage's own validator and returns every problem.
 * Each issue points into app.pipecd.yaml (`/spec/pipeline/stages/<index>/with/<field>`, or
 * `…/name` for a stage this plugin does not define) and its message starts by naming the stage.
 */
export function validatePipelineStages(stages: readonly PipelineStageInput[]): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const stage of stages) {
    const at = joinPointer("/spec/pipeline/stages", String(stage.index));
    const result = validateStageOptions(stage.name, stage.config);
    if (result.ok) continue;
    const label = `spec.pipeline.stages[${stage.index}]${isStageName(stage.name) ? ` (${stage.name})` : ""}`;
    for (const issue of result.errors) {
      const path = isStageName(stage.name) ? `${at}/with${issue.path}` : `${at}/name`;
      issues.push({ path, message: `${label}: ${issue.message}` });
    }
  }
  return issues;
}

/**
 * The one text that reports invalid stage options, at planning and at execution alike: a headline
 * with the count, then one line per problem (pointer, stage, value read, fix).
 */
export function describeInvalidStageOptions(issues: readonly ConfigIssue[]): string {
  const count = issues.length === 1 ? "1 problem" : `${issues.length} problems`;
  const shown = issues.slice(0, MAX_LISTED_PROBLEMS);
  const more = issues.length - shown.length;
  return `Invalid stage options in spec.pipeline.stages of app.pipecd.yaml (${count}); no Cloud Run change was made. Fix the "with" blocks and commit again:\n${formatIssues(shown)}${more > 0 ? `\n… and ${more} more` : ""}`;
}

/** Problems listed in one message: enough to fix a real pipeline, bounded for an absurd one. */
export const MAX_LISTED_PROBLEMS = 20;
