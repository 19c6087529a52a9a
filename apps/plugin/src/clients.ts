import { type CloudRunClient, createCloudRunClient } from "@cr/cloudrun";
import type { DeployTargetConfig } from "@cr/config";
import type { DeployTarget, Logger } from "@cr/sdk-host";

/** One Cloud Run client per deploy target, built on first use and reused by every call. */
export class CloudRunClients {
  private readonly clients = new Map<string, CloudRunClient>();

  for(target: DeployTarget<DeployTargetConfig>, logger: Logger): CloudRunClient {
    let client = this.clients.get(target.name);
    if (!client) {
      client = createCloudRunClient(target.config, {
        warn: (message) => logger.warn(message, { deployTarget: target.name }),
      });
      this.clients.set(target.name, client);
    }
    return client;
  }

  async closeAll(): Promise<void> {
    await Promise.allSettled([...this.clients.values()].map((c) => c.close()));
    this.clients.clear();
  }
}
