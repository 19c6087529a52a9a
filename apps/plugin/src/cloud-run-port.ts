import type { CloudRunClient, Service } from "@cr/cloudrun";
import type { CloudRunPort } from "@cr/stages";
import { envValuesOf } from "@cr/stages/internal";

/** Where the env values of every service read or written go, so that no text leaving the plugin shows them. */
export type SecretSink = (values: Iterable<string>) => void;

const MAX_REVISIONS_PAGE = 1000;

/**
 * Fits the Cloud Run client to the port @cr/stages declares. This file is the compile-time check
 * that the two agree; the only behaviour it adds is registering the env values of the services it
 * sees as secrets.
 */
export function cloudRunPort(client: CloudRunClient, secrets: SecretSink = () => {}): CloudRunPort {
  const seen = <T extends Service | null>(service: T): T => {
    if (service) secrets(envValuesOf([service]));
    return service;
  };
  return {
    getService: (serviceId, signal) => client.getService(serviceId, { signal }).then(seen),
    // With a wait, the operation's result is the service once the revision is Ready: no re-read.
    applyService: (service, { etag, signal, waitTimeoutMs }) => {
      seen(service);
      return client
        .createOrUpdateService(service, {
          etag,
          signal,
          ...(waitTimeoutMs === undefined ? { waitForOperation: false } : { timeoutMs: waitTimeoutMs }),
        })
        .then(seen);
    },
    updateTraffic: (serviceId, traffic, { etag, signal }) =>
      client.updateTraffic(serviceId, traffic, { etag, signal }).then(seen),
    waitUntilReady: (serviceId, { timeoutMs, signal, onProgress }) =>
      client
        .waitUntilReady(serviceId, {
          timeoutMs,
          signal,
          onProgress: onProgress ? (progress) => onProgress(progress.summary) : undefined,
        })
        .then(seen),
    getRevision: (serviceId, revisionId, signal) => client.getRevision(revisionId, { service: serviceId, signal }),
    // Cloud Run keeps at most 1 000 revisions per service: one page holds them all.
    listRevisions: (serviceId, signal) => client.listRevisions(serviceId, { signal, pageSize: MAX_REVISIONS_PAGE }),
    deleteRevision: (serviceId, revisionId, signal) =>
      client.deleteRevision(revisionId, { service: serviceId, signal }),
  };
}
