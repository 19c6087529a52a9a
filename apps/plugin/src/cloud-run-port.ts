import type { CloudRunClient } from "@cr/cloudrun";
import type { CloudRunPort } from "@cr/stages";

const MAX_REVISIONS_PAGE = 1000;

/**
 * Fits the Cloud Run client to the port @cr/stages declares. This file is the compile-time check
 * that the two agree; it adds no behaviour of its own.
 */
export function cloudRunPort(client: CloudRunClient): CloudRunPort {
  return {
    getService: (serviceId, signal) => client.getService(serviceId, { signal }),
    // With a wait, the operation's result is the service once the revision is Ready: no re-read.
    applyService: (service, { etag, signal, waitTimeoutMs }) =>
      client.createOrUpdateService(service, {
        etag,
        signal,
        ...(waitTimeoutMs === undefined ? { waitForOperation: false } : { timeoutMs: waitTimeoutMs }),
      }),
    updateTraffic: (serviceId, traffic, { etag, signal }) => client.updateTraffic(serviceId, traffic, { etag, signal }),
    waitUntilReady: (serviceId, { timeoutMs, signal, onProgress }) =>
      client.waitUntilReady(serviceId, {
        timeoutMs,
        signal,
        onProgress: onProgress ? (progress) => onProgress(progress.summary) : undefined,
      }),
    getRevision: (serviceId, revisionId, signal) => client.getRevision(revisionId, { service: serviceId, signal }),
    // Cloud Run keeps at most 1 000 revisions per service: one page holds them all.
    listRevisions: (serviceId, signal) => client.listRevisions(serviceId, { signal, pageSize: MAX_REVISIONS_PAGE }),
    deleteRevision: (serviceId, revisionId, signal) =>
      client.deleteRevision(revisionId, { service: serviceId, signal }),
  };
}
