// Parses piped's `--config` JSON: the plugin's config and its deploy targets.
import { HostError } from "./errors.js";
import { formatIssues, type Validator } from "./validation.js";

/** One deploy target from piped's `spec.plugins[].deployTargets`, with its config decoded by the plugin. */
export interface DeployTarget<T> {
  name: string;
  labels: Record<string, string>;
  config: T;
}

/** The `--config` JSON piped passes to `start`, decoded. */
export interface PluginConfig<C, T> {
  name: string;
  url: string;
  port: number;
  config: C;
  deployTargets: DeployTarget<T>[];
}

const URL_SCHEMES = ["file:", "https:", "http:", "oci:"];

/**
 * Parses piped's `--config` JSON. Errors name the key and what to change; nothing here echoes
 * config values, which can hold paths to credentials.
 */
export function parsePluginConfig<C, T>(
  json: string,
  validators: { config: Validator<C>; deployTargetConfig: Validator<T> },
): PluginConfig<C, T> {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    throw new HostError(
      "InvalidArgument",
      `--config is not valid JSON (${(error as Error).message}); pass the plugin entry of piped's config as JSON`,
    );
  }
  if (!isObject(raw)) throw new HostError("InvalidArgument", "--config must be a JSON object with name, url and port");

  const name = raw.name;
  if (typeof name !== "string" || name.trim() === "") {
    throw new HostError("InvalidArgument", '--config: "name" is required: set the plugin name (e.g. "cloudrun")');
  }
  const url = raw.url;
  if (typeof url !== "string" || url === "") {
    throw new HostError("InvalidArgument", '--config: "url" is required: set where piped downloads the plugin from');
  }
  if (!URL_SCHEMES.some((scheme) => url.startsWith(scheme))) {
    throw new HostError("InvalidArgument", '--config: "url" must use the file, https or oci scheme');
  }
  const port = raw.port;
  if (typeof port !== "number" || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new HostError(
      "InvalidArgument",
      '--config: "port" is required: set an integer 1..65535, the port this plugin listens on',
    );
  }

  const decodedConfig = validators.config(isEmpty(raw.config) ? {} : raw.config);
  if (!decodedConfig.ok) {
    throw new HostError("InvalidArgument", `--config: "config" is invalid: ${formatIssues(decodedConfig.errors)}`);
  }

  const targets = raw.deployTargets ?? [];
  if (!Array.isArray(targets)) throw new HostError("InvalidArgument", '--config: "deployTargets" must be an array');
  const seen = new Set<string>();
  const deployTargets = targets.map((target, i): DeployTarget<T> => {
    const where = `--config: "deployTargets[${i}]"`;
    if (!isObject(target)) throw new HostError("InvalidArgument", `${where} must be an object with name and config`);
    if (typeof target.name !== "string" || target.name === "") {
      throw new HostError("InvalidArgument", `${where}.name is required: give the deploy target a name`);
    }
    if (seen.has(target.name)) {
      throw new HostError("InvalidArgument", `${where}.name "${target.name}" is used twice: names must be unique`);
    }
    seen.add(target.name);
    const labels = target.labels ?? {};
    if (!isObject(labels) || Object.values(labels).some((v) => typeof v !== "string")) {
      throw new HostError("InvalidArgument", `${where}.labels must map strings to strings`);
    }
    const decoded = validators.deployTargetConfig(target.config ?? {});
    if (!decoded.ok) {
      throw new HostError(
        "InvalidArgument",
        `deploy target "${target.name}" has an invalid config: ${formatIssues(decoded.errors)}`,
      );
    }
    return { name: target.name, labels: labels as Record<string, string>, config: decoded.value };
  });

  return { name, url, port, config: decodedConfig.value, deployTargets };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || (isObject(value) && Object.keys(value).length === 0);
}
