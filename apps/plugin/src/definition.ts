// The plugin definition the host runs: config decoders from @cr/config and the implementations.
import {
  type ApplicationSpec,
  type DeployTargetConfig,
  type PluginConfig,
  parseApplicationSpec,
  validateDeployTargetConfig,
  validatePluginConfig,
} from "@cr/config";
import type { PluginDefinition } from "@cr/sdk-host";
import { CloudRunClients } from "./clients.js";
import { cloudRunDeployment } from "./deployment.js";
import { cloudRunLivestate } from "./livestate.js";
import { cloudRunPlanPreview } from "./planpreview.js";
import { PLUGIN_VERSION } from "./version.js";

/** The Cloud Run plugin as the host runs it: config decoders from @cr/config and the implementations. */
export function cloudRunPlugin(): PluginDefinition<PluginConfig, DeployTargetConfig, ApplicationSpec> {
  const clients = new CloudRunClients();
  return {
    version: PLUGIN_VERSION,
    validators: {
      config: validatePluginConfig,
      deployTargetConfig: validateDeployTargetConfig,
      applicationSpec: parseApplicationSpec,
    },
    deployment: cloudRunDeployment(clients),
    livestate: cloudRunLivestate(clients),
    planPreview: cloudRunPlanPreview(clients),
  };
}
