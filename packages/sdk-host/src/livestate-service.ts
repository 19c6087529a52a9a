// LivestateService handlers: turn piped's requests into calls on the plugin's LivestatePlugin.
import type { CallEnv } from "./deployment-service.js";
import { errorMessage, HostError } from "./errors.js";
import { ApplicationSyncStatus } from "./gen/model/application.js";
import { ApplicationLiveState_Status, ResourceState_HealthStatus } from "./gen/model/application_live_state.js";
import type { GetLivestateRequest, GetLivestateResponse } from "./gen/plugin/livestate/v1alpha1/api.js";
import type { DeploymentSource, HealthStatus, LivestatePlugin, ResourceState, SyncStatus } from "./plugin.js";
import { requireNonEmpty, requirePresent } from "./request-checks.js";
import { callContext, type HostRuntime } from "./runtime.js";
import { decodeSource, resolveDeployTargets } from "./wire-convert.js";

const HEALTH: Record<HealthStatus, ResourceState_HealthStatus> = {
  HEALTHY: ResourceState_HealthStatus.HEALTHY,
  UNHEALTHY: ResourceState_HealthStatus.UNHEALTHY,
  UNKNOWN: ResourceState_HealthStatus.UNKNOWN,
};

const SYNC: Record<SyncStatus, ApplicationSyncStatus> = {
  SYNCED: ApplicationSyncStatus.SYNCED,
  OUT_OF_SYNC: ApplicationSyncStatus.OUT_OF_SYNC,
  INVALID_CONFIG: ApplicationSyncStatus.INVALID_CONFIG,
  UNKNOWN: ApplicationSyncStatus.UNKNOWN,
};

export function livestateHandlers<C, T, S>(runtime: HostRuntime<C, T, S>, plugin: LivestatePlugin<C, T, S>) {
  const { config, definition } = runtime;
  return {
    async getLivestate(req: GetLivestateRequest, env: CallEnv): Promise<GetLivestateResponse> {
      requireNonEmpty(req.applicationId, "application_id");
      const source = requirePresent(req.deploySource, "deploy_source");
      const deployTargets = resolveDeployTargets(req.deployTargets, config.deployTargets);
      let deploySource: DeploymentSource<S>;
      try {
        deploySource = decodeSource(source, config.name, definition.validators.applicationSpec, "deploy");
      } catch (error) {
        // An error would make piped drop the whole report and keep showing a stale state; an
        // INVALID_CONFIG sync state tells the user what to fix.
        return invalidConfigResponse(errorMessage(error), Math.floor(Date.now() / 1000));
      }
      const applicationId = req.applicationId;
      const result = await plugin
        .getLivestate(
          {
            pipedId: req.pipedId,
            applicationId,
            applicationName: req.applicationName,
            deploySource,
            deployTargets,
            sharedObjects: {
              get: (key) =>
                runtime.piped.getApplicationSharedObject(applicationId, config.name, key, { signal: env.signal }),
            },
          },
          callContext(runtime, env.signal),
        )
        .catch((error) => {
          throw HostError.from(error, "failed to get livestate");
        });
      const now = Math.floor(Date.now() / 1000);
      return {
        applicationLiveState: {
          resources: result.resources.map((r) => wireResource(r, config.name, now)),
          healthStatus: applicationHealth(result.resources),
        },
        syncState: {
          status: SYNC[result.syncState.status] ?? ApplicationSyncStatus.UNKNOWN,
          shortReason: result.syncState.shortReason,
          reason: result.syncState.reason,
          headDeploymentId: "",
          timestamp: now,
        },
      };
    },
  };
}

function invalidConfigResponse(message: string, now: number): GetLivestateResponse {
  return {
    applicationLiveState: { resources: [], healthStatus: ApplicationLiveState_Status.UNKNOWN },
    syncState: {
      status: ApplicationSyncStatus.INVALID_CONFIG,
      shortReason: "The application config cannot be loaded",
      reason: message,
      headDeploymentId: "",
      timestamp: now,
    },
  };
}

function wireResource(r: ResourceState, pluginName: string, now: number) {
  const createdAt = Math.floor(r.createdAt.getTime() / 1000);
  if (!r.id || !r.name || !(createdAt > 0)) {
    // piped's control plane drops the whole report for one such resource; fail loudly instead.
    throw new HostError("Internal", `resource "${r.name || r.id}" needs an id, a name and a creation time`);
  }
  return {
    id: r.id,
    parentIds: [...r.parentIds].sort(),
    name: r.name,
    resourceType: r.resourceType,
    resourceMetadata: { ...r.resourceMetadata },
    healthStatus: HEALTH[r.healthStatus] ?? ResourceState_HealthStatus.UNKNOWN,
    healthDescription: r.healthDescription,
    deployTarget: r.deployTarget,
    pluginName,
    createdAt,
    updatedAt: now,
  };
}

/** As the Go SDK: any UNKNOWN → UNKNOWN, else any UNHEALTHY → OTHER, else HEALTHY. */
function applicationHealth(resources: ResourceState[]): ApplicationLiveState_Status {
  if (resources.some((r) => r.healthStatus === "UNKNOWN")) return ApplicationLiveState_Status.UNKNOWN;
  if (resources.some((r) => r.healthStatus === "UNHEALTHY")) return ApplicationLiveState_Status.OTHER;
  return ApplicationLiveState_Status.HEALTHY;
}
