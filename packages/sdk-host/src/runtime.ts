import type { Logger } from "./logger.js";
import type { PipedClient } from "./piped-client.js";
import type { PluginDefinition } from "./plugin.js";
import type { PluginConfig } from "./plugin-config.js";
import type { LogPersister } from "./stage-log.js";

/** What every RPC handler of a running host shares. */
export interface HostRuntime<C, T, S> {
  definition: PluginDefinition<C, T, S>;
  config: PluginConfig<C, T>;
  piped: PipedClient;
  logs: LogPersister;
  logger: Logger;
  /** Set once SIGTERM/SIGINT arrived: stages cut off now must not close their logs. */
  isTerminating(): boolean;
}
