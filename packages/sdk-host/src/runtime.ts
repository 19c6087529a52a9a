// What every service handler of a running host shares (config, piped client, logs, redactor) and the per-call context.
import type { Logger } from "./logger.js";
import type { PipedClient } from "./piped-client.js";
import type { CallContext, PluginDefinition } from "./plugin.js";
import type { PluginConfig } from "./plugin-config.js";
import type { LogPersister } from "./stage-log.js";
import type { Redactor } from "./text-safety.js";

/** What every RPC handler of a running host shares. */
export interface HostRuntime<C, T, S> {
  definition: PluginDefinition<C, T, S>;
  config: PluginConfig<C, T>;
  piped: PipedClient;
  logs: LogPersister;
  logger: Logger;
  /** Hides secrets in every text the host sends out. */
  redactor: Redactor;
  /** Set once SIGTERM/SIGINT arrived: stages cut off now must not close their logs. */
  isTerminating(): boolean;
}

/** What plugin code gets with each call. */
export function callContext<C, T, S>(runtime: HostRuntime<C, T, S>, signal: AbortSignal): CallContext<C> {
  return {
    signal,
    logger: runtime.logger,
    pluginName: runtime.config.name,
    config: runtime.config.config,
    secrets: { add: (values) => runtime.redactor.addSecrets(values) },
  };
}
