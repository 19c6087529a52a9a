// The plugin's own `config` in piped's plugin entry (`spec.plugins[].config`); no keys yet.

import { pluginConfig } from "./gen/validators.js";
import type { ValidationResult } from "./result.js";
import { type FieldRules, type JsonSchema, validateConfig } from "./validator.js";

/**
 * The plugin-level `config` of the plugin's entry in piped's `spec.plugins` (`--config` JSON).
 * The Cloud Run plugin has no plugin-level settings yet, so this is always `{}`.
 */
export type PluginConfig = Record<string, never>;

export const pluginConfigSchema: JsonSchema = {
  $schema: "http://json-schema.org/draft-07/schema#",
  title: "Cloud Run plugin config",
  description:
    "The plugin-level `config` of the Cloud Run plugin in piped's `spec.plugins[]`. No settings exist yet: leave it out or write {}.",
  type: "object",
  additionalProperties: false,
  properties: {},
};

const rules: FieldRules = {
  "": {
    expected: "a JSON object",
    fix: "Leave the plugin's config out, or write config: {}; the Cloud Run plugin has no plugin-level settings yet.",
  },
};

/**
 * Validates the plugin-level config. `undefined`, `null`, `{}` and empty text all give `{}`; JSON text
 * or bytes are parsed first. Any key is an error (there are none yet).
 */
export function validatePluginConfig(input: unknown): ValidationResult<PluginConfig> {
  return validateConfig(input, {
    validate: pluginConfig,
    context: { subject: "the plugin config", fieldPrefix: "plugin config ", basePath: "", rules },
    acceptText: true,
    finish: (): PluginConfig => ({}),
  });
}
