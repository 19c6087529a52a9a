import type { CloudRunClient, Revision, Service } from "@cr/cloudrun";
import type { ApplicationSpec, DeployTargetConfig, PluginConfig } from "@cr/config";
import type { ApplicationSharedObjects, LivestatePlugin, Logger } from "@cr/sdk-host";
import { detectDrift, driftSyncState, liveResources } from "@cr/stages";
import {
  APP_OBJECT_APPLIED_TRAFFIC,
  type AppliedTrafficRecord,
  envValuesOf,
  invalidConfigSyncState,
  liveRevisionIds,
  newestFirst,
  parseAppliedTraffic,
} from "@cr/stages/internal";
import { appObjectKey } from "./app-objects.js";
import type { CloudRunClients } from "./clients.js";
import { loadDesiredService } from "./desired-service.js";

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The split the last deployment left on this deploy target; a bad record is ignored (and logged). */
async function readAppliedTraffic(
  sharedObjects: ApplicationSharedObjects,
  deployTarget: string,
  logger: Logger,
): Promise<AppliedTrafficRecord | undefined> {
  const object = await sharedObjects.get(appObjectKey(deployTarget, APP_OBJECT_APPLIED_TRAFFIC));
  if (object === undefined) return undefined;
  const parsed = parseAppliedTraffic(Buffer.from(object).toString("utf8"));
  if (parsed.ok) return parsed.record;
  logger.warn("ignoring the stored applied-traffic record", { deployTarget, problem: parsed.problem });
  return undefined;
}

/** Revisions read at once: live state reads a handful (serving, tagged, latest), never all of them. */
const REVISION_READS_AT_ONCE = 8;

/** The revisions live state reports (see `liveRevisionIds`), one GetRevision each; a vanished one is skipped. */
async function readLiveRevisions(
  client: CloudRunClient,
  service: Service,
  serviceId: string,
  signal: AbortSignal,
): Promise<Revision[]> {
  const ids = liveRevisionIds(service);
  const out: Revision[] = [];
  for (let i = 0; i < ids.length; i += REVISION_READS_AT_ONCE) {
    const batch = ids.slice(i, i + REVISION_READS_AT_ONCE);
    const read = await Promise.all(batch.map((id) => client.getRevision(id, { service: serviceId, signal })));
    for (const revision of read) if (revision !== null) out.push(revision);
  }
  return newestFirst(out);
}

/**
 * GetLivestate: per deploy target, the service and the revisions that matter (serving, tagged,
 * latest created and latest ready: one GetService and a GetRevision for each, however many
 * revisions the service keeps), and the sync state of the manifest at the deploy source.
 */
export function cloudRunLivestate(
  clients: CloudRunClients,
): LivestatePlugin<PluginConfig, DeployTargetConfig, ApplicationSpec> {
  return {
    async getLivestate(input, ctx) {
      const secrets = (values: Iterable<string>) => ctx.secrets.add(values);
      const loaded = await loadDesiredService(input.deploySource, input, secrets);
      if (!loaded.ok) return { resources: [], syncState: invalidConfigSyncState(loaded.problem, loaded.errors) };
      const { desired } = loaded;
      const { serviceId } = desired;
      const signal = ctx.signal;
      const now = new Date();
      const targets = await Promise.all(
        input.deployTargets.map(async (target) => {
          const client = clients.for(target, ctx.logger);
          const fromCloudRun = <T>(what: string, call: Promise<T>) =>
            call.catch((error: unknown) => {
              // piped drops this report and asks again in a minute; say which deploy target failed.
              throw new Error(`${what} of ${serviceId} on deploy target ${target.name} failed: ${errorText(error)}`, {
                cause: error,
              });
            });
          const [service, applied] = await Promise.all([
            fromCloudRun("reading the service", client.getService(serviceId, { signal })).then((s) => {
              secrets(envValuesOf([s]));
              return s;
            }),
            readAppliedTraffic(input.sharedObjects, target.name, ctx.logger),
          ]);
          const revisions =
            service === null
              ? []
              : await fromCloudRun("reading the revisions", readLiveRevisions(client, service, serviceId, signal));
          return {
            resources: service === null ? [] : liveResources({ deployTarget: target.name, service, revisions, now }),
            drift: {
              deployTarget: target.name,
              serviceId,
              drift: detectDrift({ desired, live: service, ...(applied === undefined ? {} : { applied }) }),
            },
          };
        }),
      );
      return {
        resources: targets.flatMap((t) => t.resources),
        syncState: driftSyncState(
          targets.map((t) => t.drift),
          input.deploySource.commitHash,
        ),
      };
    },
  };
}
