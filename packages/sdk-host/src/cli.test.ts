// Tests of the plugin command line.
import { describe, expect, it } from "vitest";
import { oneStageDeployment } from "../test/test-host.js";
import { runPluginCli } from "./cli.js";
import type { PluginDefinition } from "./plugin.js";

const definition: PluginDefinition<unknown, unknown, unknown> = {
  version: "9.9.9",
  validators: {
    config: (raw) => ({ ok: true, value: raw }),
    deployTargetConfig: (raw) => ({ ok: true, value: raw }),
    applicationSpec: (raw) => ({ ok: true, value: raw }),
  },
  deployment: oneStageDeployment("X"),
};

async function run(argv: string[]) {
  let stdout = "";
  let stderr = "";
  let code: number | undefined;
  await runPluginCli(definition, argv, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    exit: (c) => {
      code ??= c;
    },
  });
  return { stdout, stderr, code };
}

describe("plugin command line", () => {
  it("prints the version and the Node.js it runs on", async () => {
    const runtime = `Node.js ${process.version}, ${process.platform}-${process.arch}`;
    expect(await run(["version"])).toMatchObject({ stdout: `9.9.9 (${runtime})\n` });
  });

  it.each([
    { name: "no subcommand", argv: [], error: /Usage: pipecd-plugin/ },
    { name: "unknown subcommand", argv: ["launch"], error: /unknown command 'launch'/ },
    { name: "missing --config", argv: ["start", "--piped-plugin-service", "localhost:9087"], error: /--config <json>/ },
    { name: "missing --piped-plugin-service", argv: ["start", "--config", "{}"], error: /--piped-plugin-service/ },
    {
      name: "unknown flag",
      argv: ["start", "--piped-plugin-service", "x:1", "--config", "{}", "--bogus"],
      error: /unknown option '--bogus'/,
    },
    {
      name: "bad grace period",
      argv: ["start", "--piped-plugin-service", "x:1", "--config", "{}", "--grace-period", "soon"],
      error: /duration such as "30s"/,
    },
    {
      name: "bad log level",
      argv: ["--log-level", "loud", "version"],
      error: /Allowed choices are debug, info, warn, error/,
    },
    {
      name: "tls without files",
      argv: ["start", "--piped-plugin-service", "x:1", "--config", "{}", "--tls"],
      error: /--tls needs both --cert-file and --key-file/,
    },
  ])("rejects $name with usage and a non-zero exit", async ({ argv, error }) => {
    const result = await run(argv);
    expect(result.code).not.toBe(0);
    expect(result.code).toBeDefined();
    expect(result.stderr).toMatch(error);
  });

  it("exits 1 with the reason when --config is invalid", async () => {
    const result = await run(["start", "--piped-plugin-service", "localhost:1", "--config", "{}"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('\\"name\\" is required');
  });
});
