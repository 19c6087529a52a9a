import { type Document, isMap, isScalar, isSeq, LineCounter, parseDocument, type YAMLError } from "yaml";
import { type ApplicationSpec, validateApplicationSpecAt } from "./application-spec.js";
import { type ConfigIssue, failure, joinPointer, pointerTokens, success, type ValidationResult } from "./result.js";
import { describeValue } from "./validator.js";

/** The only `apiVersion` of app.pipecd.yaml that PipeCD v1 accepts. */
export const APPLICATION_API_VERSION = "pipecd.dev/v1beta1";

/** The conventional name of the Cloud Run plugin in piped's config and in `spec.plugins`. */
export const DEFAULT_PLUGIN_NAME = "cloudrun";

/** app.pipecd.yaml as the Cloud Run plugin sees it: the envelope plus its own, validated spec. */
export interface ApplicationConfig {
  apiVersion: typeof APPLICATION_API_VERSION;
  /** `kind` of the file (`Application` in v1; legacy kinds such as `CloudRunApp` are accepted too). */
  kind: string;
  /** The key under `spec.plugins` the spec was read from. */
  pluginName: string;
  /** `spec.plugins.<pluginName>`, validated, with defaults applied (`{}` when missing). */
  spec: ApplicationSpec;
}

const FILE = "app.pipecd.yaml";

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Parses app.pipecd.yaml text (or UTF-8 bytes) and validates the plugin's section
 * `spec.plugins.<pluginName>` (default `{}`). Checks the envelope like PipeCD's SDK does: `apiVersion`
 * must be `pipecd.dev/v1beta1`, `kind` non-empty, `spec` present. Issue paths are JSON pointers into the
 * whole file (e.g. `/spec/plugins/cloudrun/input/image`) and carry the YAML line and column. Malformed
 * YAML gives one error per syntax problem, with its line and column. Never throws.
 */
export function loadApplicationConfig(
  yamlText: string | Uint8Array,
  pluginName: string = DEFAULT_PLUGIN_NAME,
): ValidationResult<ApplicationConfig> {
  let text: string;
  if (typeof yamlText === "string") {
    text = yamlText;
  } else if (yamlText instanceof Uint8Array) {
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(yamlText);
    } catch {
      return failure([{ path: "", message: `${FILE} is not valid UTF-8 text. Save the file as UTF-8.` }]);
    }
  } else {
    return failure([
      {
        path: "",
        message: `${FILE} must be given as text or bytes, but got ${describeValue(yamlText)}. Pass the file's contents.`,
      },
    ]);
  }

  const lineCounter = new LineCounter();
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { lineCounter, prettyErrors: false });
  } catch (error) {
    return failure([{ path: "", message: `${FILE} could not be parsed (${String(error)}). Check that it is YAML.` }]);
  }
  const position = (offset: number | undefined): Pick<ConfigIssue, "line" | "column"> => {
    if (offset === undefined) return {};
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const yamlIssue = (problem: YAMLError, kind: string): ConfigIssue => {
    const at = position(problem.pos[0]);
    // The parser reports a stack overflow on deep nesting as RESOURCE_EXHAUSTION, like an alias bomb.
    const text = /call stack/i.test(problem.message) ? "the YAML is nested too deeply" : problem.message;
    return {
      path: "",
      message: `${FILE} ${kind} at line ${at.line}, column ${at.column}: ${text}. Fix the YAML syntax there.`,
      ...at,
    };
  };
  const yamlWarnings = doc.warnings.map((warning) => yamlIssue(warning, "has a YAML warning"));
  if (doc.errors.length > 0) {
    return failure(
      doc.errors.map((error) => yamlIssue(error, "is not valid YAML")),
      yamlWarnings,
    );
  }

  let envelope: unknown;
  try {
    envelope = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return failure([
      {
        path: "",
        message: `${FILE} could not be read (${error instanceof Error ? error.message : String(error)}). Simplify its YAML aliases.`,
      },
    ]);
  }
  const locate = (pointer: string): Pick<ConfigIssue, "line" | "column"> => position(offsetOf(doc, pointer));
  const withPosition = (issue: ConfigIssue): ConfigIssue => ({ ...issue, ...locate(issue.path) });

  if (!isPlainObject(envelope)) {
    return failure(
      [
        withPosition({
          path: "",
          message: `${FILE} must be a YAML mapping with apiVersion, kind and spec, but got ${describeValue(envelope ?? undefined)}. Start the file with apiVersion: ${APPLICATION_API_VERSION}.`,
        }),
      ],
      yamlWarnings,
    );
  }

  const errors: ConfigIssue[] = [];
  const { apiVersion, kind, spec } = envelope;
  if (apiVersion !== APPLICATION_API_VERSION) {
    errors.push({
      path: "/apiVersion",
      message:
        apiVersion === undefined
          ? `apiVersion is required but missing. Add apiVersion: ${APPLICATION_API_VERSION} at the top of ${FILE}.`
          : `apiVersion must be "${APPLICATION_API_VERSION}", but got ${describeValue(apiVersion)}. Set apiVersion: ${APPLICATION_API_VERSION} (PipeCD v1 reads no other version).`,
    });
  }
  if (typeof kind !== "string" || kind === "") {
    errors.push({
      path: "/kind",
      message:
        kind === undefined
          ? `kind is required but missing. Add kind: Application to ${FILE}.`
          : `kind must be a non-empty string, but got ${describeValue(kind)}. Set kind: Application.`,
    });
  }

  let pluginSpec: unknown;
  if (!isPlainObject(spec)) {
    errors.push({
      path: "/spec",
      message:
        spec === undefined
          ? `spec is required but missing. Add a spec mapping to ${FILE}, e.g. spec: {name: my-app}.`
          : `spec must be a mapping, but got ${describeValue(spec)}. Write spec as key-value pairs (name, pipeline, plugins, …).`,
    });
  } else if (spec.plugins !== undefined && spec.plugins !== null && !isPlainObject(spec.plugins)) {
    errors.push({
      path: "/spec/plugins",
      message: `spec.plugins must be a mapping from plugin name to that plugin's settings, but got ${describeValue(spec.plugins)}. Write e.g. plugins: {${pluginName}: {input: {serviceManifestFile: service.yaml}}}.`,
    });
  } else {
    pluginSpec = isPlainObject(spec.plugins) ? spec.plugins[pluginName] : undefined;
  }

  const specResult = isPlainObject(spec)
    ? validateApplicationSpecAt(pluginSpec, {
        subject: `the spec.plugins.${pluginName} section`,
        fieldPrefix: `spec.plugins.${pluginName}.`,
        basePath: joinPointer("", "spec", "plugins", pluginName),
      })
    : undefined;
  const warnings = [...yamlWarnings, ...(specResult?.warnings ?? []).map(withPosition)];
  if (specResult && !specResult.ok) errors.push(...specResult.errors);

  if (errors.length > 0 || !specResult?.ok) return failure(errors.map(withPosition), warnings);
  return success(
    { apiVersion: APPLICATION_API_VERSION, kind: kind as string, pluginName, spec: specResult.value },
    warnings,
  );
}

/**
 * Offset in the source of the YAML node a JSON pointer designates: the key of a mapping entry (so the
 * position is where the user wrote the key), an item of a sequence, or, when the pointer goes past what
 * exists (a missing key), the deepest existing ancestor.
 */
function offsetOf(doc: Document.Parsed, pointer: string): number | undefined {
  let node: unknown = doc.contents;
  let offset: number | undefined = (doc.contents as { range?: [number, number, number] } | null)?.range?.[0];
  for (const token of pointerTokens(pointer)) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === token);
      if (!pair) break;
      offset = (pair.key as { range?: [number, number, number] }).range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node)) {
      const item = node.items[Number(token)] as { range?: [number, number, number] } | undefined;
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return offset;
}
