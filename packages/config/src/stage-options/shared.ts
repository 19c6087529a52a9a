// What every stage's options file shares: the schema dialect, the message context, the root rule and
// the shape of the entry each file hands to the registry.
import type { ValidationResult } from "../result.js";
import type { ConfigContext, FieldRules, JsonSchema } from "../validator.js";

/** The JSON Schema dialect of every published schema. */
export const DRAFT_07 = "http://json-schema.org/draft-07/schema#";

/** How messages name a stage's options and their fields ("CLOUDRUN_PROMOTE option percent …"). */
export function stageContext(stage: string, rules: FieldRules): ConfigContext {
  return { subject: `the ${stage} options`, fieldPrefix: `${stage} option `, basePath: "", rules };
}

/** The rule for the whole `with` block, with an example; `optional` says whether it may be left out. */
export function rootRule(example: string, optional = true): FieldRules[string] {
  return {
    expected: "a JSON object",
    fix: `Write the stage's "with" block as key-value pairs, e.g. ${example}${optional ? ", or leave it out for the defaults" : ""}.`,
  };
}

/** One stage as the registry lists it: its name, description, options schema and validator. */
export interface StageOptionsEntry<Name extends string, Options> {
  /** The stage name as written in `spec.pipeline.stages[].name`. */
  readonly name: Name;
  /** One line for FetchDefinedStages. */
  readonly description: string;
  /** File name of the published schema under `packages/config/schema/`. */
  readonly schemaFile: string;
  readonly schema: JsonSchema;
  readonly validate: (input: unknown) => ValidationResult<Options>;
}
