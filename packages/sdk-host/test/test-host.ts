// A plugin definition served by a real host on a free port, beside a fresh fake piped, for this package's tests.
import { afterAll, beforeAll } from "vitest";
import { type HostOptions, type RunningHost, startPluginHost } from "../src/host.js";
import { silentLogger } from "../src/logger.js";
import type { DeploymentPlugin, PluginDefinition } from "../src/plugin.js";
import { FakePiped } from "../testing/fake-piped.js";
import { freePort, pipedPluginConfigJson } from "../testing/launch.js";

/**
 * Starts `definition` as plugin "demo" with one deploy target (dt-1, region r1), a silent logger and `overrides`;
 * the caller stops the host and then piped.
 */
export async function startTestHost<C, T, S>(
  definition: PluginDefinition<C, T, S>,
  overrides: Partial<HostOptions> = {},
) {
  const piped = await FakePiped.start();
  const port = await freePort();
  const host = await startPluginHost(definition, {
    pipedPluginService: piped.address,
    configJson: pipedPluginConfigJson({
      name: "demo",
      url: "file:///plugin",
      port,
      deployTargets: [{ name: "dt-1", config: { region: "r1" } }],
    }),
    logger: silentLogger,
    ...overrides,
  });
  return { piped, host, port };
}

/**
 * startTestHost once for the calling suite: the returned object is filled before its tests, and host and piped are
 * stopped after them (after the suite's own afterAll hooks, e.g. closing its clients).
 */
export function testHostForSuite<C, T, S>(
  definition: PluginDefinition<C, T, S>,
  overrides: Partial<HostOptions> = {},
): { piped: FakePiped; host: RunningHost; port: number } {
  const served = {} as { piped: FakePiped; host: RunningHost; port: number };
  beforeAll(async () => {
    Object.assign(served, await startTestHost(definition, overrides));
  });
  afterAll(async () => {
    await served.host?.stop();
    await served.piped?.stop();
  });
  return served;
}

/** A deployment plugin with the one stage `stage`, which succeeds; it plans nothing. */
export function oneStageDeployment(stage: string): DeploymentPlugin<unknown, unknown, unknown> {
  return {
    fetchDefinedStages: () => [stage],
    determineVersions: async () => [],
    determineStrategy: async () => undefined,
    buildPipelineSyncStages: async () => [],
    buildQuickSyncStages: async () => [],
    executeStage: async () => "SUCCESS",
  };
}
