// Decodes app.pipecd.yaml as piped sends it: the envelope check, then the plugin's own spec.
import { isMap, LineCounter, parseDocument } from "yaml";
import { HostError } from "./errors.js";
import { formatIssues, type Validator } from "./validation.js";
import { MAX_YAML_NESTING, yamlTooDeep } from "./yaml-depth.js";

/** The `apiVersion` an app.pipecd.yaml must carry. */
export const APP_CONFIG_API_VERSION = "pipecd.dev/v1beta1";

/** One entry of `spec.pipeline.stages` in app.pipecd.yaml. */
export interface PipelineStageConfig {
  name: string;
  with: unknown;
}

/** The application config as plugin code sees it: its own spec plus pipeline helpers. */
export interface ApplicationConfig<S> {
  kind: string;
  /** `spec.plugins.<plugin name>`, decoded and validated by the plugin. */
  spec: S;
  pipelineStages: PipelineStageConfig[];
  hasStage(stageName: string): boolean;
}

/** Decoded configs, per validator: piped sends the same app.pipecd.yaml with every RPC of a deployment. */
const decodedConfigs = new WeakMap<Validator<unknown>, Map<string, ApplicationConfig<unknown>>>();
const DECODED_CONFIGS_PER_VALIDATOR = 32;
/** Larger files are decoded every time rather than held in memory. */
const MAX_CACHED_CONFIG_BYTES = 64 * 1024;

/**
 * Decodes the raw app.pipecd.yaml bytes piped sends: envelope check, then the plugin's own
 * section `spec.plugins.<pluginName>` (default `{}`) through the plugin's validator.
 * Messages carry locations and keys, never the file's contents. The same bytes give the same
 * (reused) result: callers must not modify it.
 */
export function decodeApplicationConfig<S>(
  bytes: Uint8Array,
  pluginName: string,
  validate: Validator<S>,
  fileName = "app.pipecd.yaml",
): ApplicationConfig<S> {
  const text = Buffer.from(bytes).toString("utf8");
  if (bytes.length > MAX_CACHED_CONFIG_BYTES) return decode(text, pluginName, validate, fileName);
  let cache = decodedConfigs.get(validate as Validator<unknown>);
  if (cache === undefined) {
    cache = new Map();
    decodedConfigs.set(validate as Validator<unknown>, cache);
  }
  const key = `${pluginName}\n${fileName}\n${text}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached as ApplicationConfig<S>;
  const decoded = decode(text, pluginName, validate, fileName);
  // Oldest first: a Map iterates in insertion order.
  if (cache.size >= DECODED_CONFIGS_PER_VALIDATOR) cache.delete(cache.keys().next().value as string);
  cache.set(key, decoded as ApplicationConfig<unknown>);
  return decoded;
}

function decode<S>(text: string, pluginName: string, validate: Validator<S>, fileName: string): ApplicationConfig<S> {
  if (text.trim() === "") throw new HostError("InvalidArgument", `${fileName} is empty`);
  const tooDeep = yamlTooDeep(text);
  if (tooDeep !== undefined) {
    throw new HostError(
      "InvalidArgument",
      `${fileName}: the YAML is nested too deeply at line ${tooDeep} (more than ${MAX_YAML_NESTING} levels); flatten it`,
    );
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const firstError = doc.errors[0];
  if (firstError) {
    const at = lineCounter.linePos(firstError.pos[0]);
    // The parser reports a stack overflow on deep nesting as RESOURCE_EXHAUSTION too.
    const what = /call stack/i.test(firstError.message)
      ? "the YAML is nested too deeply"
      : `YAML syntax error (${firstError.code})`;
    throw new HostError(
      "InvalidArgument",
      `${fileName}: ${what} at line ${at.line}, column ${at.col}; fix the YAML there`,
    );
  }
  if (!isMap(doc.contents)) throw new HostError("InvalidArgument", `${fileName} must be a YAML mapping`);
  let envelope: Record<string, unknown>;
  try {
    envelope = doc.toJS({ maxAliasCount: 100 }) as Record<string, unknown>;
  } catch {
    throw new HostError(
      "InvalidArgument",
      `${fileName}: YAML aliases expand to too many nodes (more than 100 alias uses); write the values out instead`,
    );
  }

  if (envelope.apiVersion !== APP_CONFIG_API_VERSION) {
    throw new HostError(
      "InvalidArgument",
      `${fileName}: apiVersion must be "${APP_CONFIG_API_VERSION}"${envelope.apiVersion === undefined ? " (it is missing)" : ""}`,
    );
  }
  if (typeof envelope.kind !== "string" || envelope.kind === "") {
    throw new HostError("InvalidArgument", `${fileName}: kind is required (e.g. "Application")`);
  }
  const spec = envelope.spec;
  if (typeof spec !== "object" || spec === null || Array.isArray(spec)) {
    throw new HostError("InvalidArgument", `${fileName}: spec is required and must be a mapping`);
  }
  const specRecord = spec as Record<string, unknown>;
  const plugins = (specRecord.plugins ?? {}) as Record<string, unknown>;
  const pluginSpec = plugins[pluginName] ?? {};
  const decoded = validate(pluginSpec);
  if (!decoded.ok) {
    const issues = decoded.errors.map((e) => ({ ...e, path: `/spec/plugins/${pluginName}${e.path}` }));
    throw new HostError("InvalidArgument", `${fileName}: ${formatIssues(issues)}`);
  }

  const pipelineStages = readPipelineStages(specRecord.pipeline, fileName);
  const names = new Set(pipelineStages.map((s) => s.name));
  return {
    kind: envelope.kind,
    spec: decoded.value,
    pipelineStages,
    hasStage: (stageName) => names.has(stageName),
  };
}

function readPipelineStages(pipeline: unknown, fileName: string): PipelineStageConfig[] {
  if (pipeline === undefined || pipeline === null) return [];
  const stages = (pipeline as { stages?: unknown }).stages ?? [];
  if (!Array.isArray(stages))
    throw new HostError("InvalidArgument", `${fileName}: spec.pipeline.stages must be a list`);
  return stages.map((stage, i) => {
    const name = (stage as { name?: unknown } | null)?.name;
    if (typeof name !== "string" || name === "") {
      throw new HostError("InvalidArgument", `${fileName}: spec.pipeline.stages[${i}].name is required`);
    }
    return { name, with: (stage as { with?: unknown }).with ?? {} };
  });
}
