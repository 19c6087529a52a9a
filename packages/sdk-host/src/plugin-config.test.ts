// Tests of piped's --config JSON parsing and its error messages.
import { describe, expect, it } from "vitest";
import { parsePluginConfig } from "./plugin-config.js";
import type { Validator } from "./validation.js";

const targetValidator: Validator<{ project: string }> = (raw) => {
  const project = (raw as { project?: unknown } | null)?.project;
  return typeof project === "string" && project
    ? { ok: true, value: { project } }
    : { ok: false, errors: [{ path: "/project", message: "is required: set the GCP project id" }] };
};
const validators = {
  config: (raw: unknown) => ({ ok: true as const, value: raw }),
  deployTargetConfig: targetValidator,
};

describe("parsePluginConfig", () => {
  it("decodes piped's JSON and the deploy targets through the plugin's validator", () => {
    const config = parsePluginConfig(
      JSON.stringify({
        name: "cloudrun",
        url: "file:///opt/plugins/cloudrun",
        port: 7010,
        deployTargets: [{ name: "staging", labels: { env: "stg" }, config: { project: "p1" } }],
      }),
      validators,
    );
    expect(config).toEqual({
      name: "cloudrun",
      url: "file:///opt/plugins/cloudrun",
      port: 7010,
      config: {},
      deployTargets: [{ name: "staging", labels: { env: "stg" }, config: { project: "p1" } }],
    });
  });

  it.each([
    { name: "not JSON", json: "{nope", error: "--config is not valid JSON" },
    { name: "not an object", json: "[]", error: "must be a JSON object" },
    { name: "no name", json: '{"url":"file:///x","port":1}', error: '"name" is required' },
    { name: "no url", json: '{"name":"a","port":1}', error: '"url" is required' },
    { name: "bad url scheme", json: '{"name":"a","url":"ftp://x","port":1}', error: "file, https or oci" },
    { name: "no port", json: '{"name":"a","url":"file:///x"}', error: '"port" is required' },
    { name: "port out of range", json: '{"name":"a","url":"file:///x","port":70000}', error: '"port" is required' },
    {
      name: "deploy target without name",
      json: '{"name":"a","url":"file:///x","port":1,"deployTargets":[{"config":{}}]}',
      error: '"deployTargets[0]".name is required',
    },
    {
      name: "duplicate deploy target",
      json: '{"name":"a","url":"file:///x","port":1,"deployTargets":[{"name":"d","config":{"project":"p"}},{"name":"d","config":{"project":"p"}}]}',
      error: "is used twice",
    },
    {
      name: "deploy target config rejected",
      json: '{"name":"a","url":"file:///x","port":1,"deployTargets":[{"name":"d","config":null}]}',
      error: 'deploy target "d" has an invalid config: /project: is required: set the GCP project id',
    },
  ])("rejects $name", ({ json, error }) => {
    expect(() => parsePluginConfig(json, validators)).toThrow(error);
  });
});
