import type { CloudRunClient } from "@cr/cloudrun";
import type { CloudRunPort } from "@cr/stages";

/**
 * Fits the Cloud Run client to the port @cr/stages declares. This file is the compile-time check
 * that the two agree; it adds no behaviour of its own.
 */
export function cloudRunPort(client: CloudRunClient): CloudRunPort {
  return {
    getService: (serviceId, signal) => client.getService(serviceId, { signal }),
    // The stage waits for readiness itself (with its own deadline and progress lines).
    applyService: (service, { etag, signal }) =>
      client.createOrUpdateService(service, { etag, signal, waitForOperation: false }),
    updateTraffic: (serviceId, traffic, { etag, signal }) => client.updateTraffic(serviceId, traffic, { etag, signal }),
    waitUntilReady: (serviceId, { timeoutMs, signal, onProgress }) =>
      client.waitUntilReady(serviceId, {
        timeoutMs,
        signal,
        onProgress: onProgress ? (progress) => onProgress(progress.summary) : undefined,
      }),
    getRevision: (serviceId, revisionId, signal) => client.getRevision(revisionId, { service: serviceId, signal }),
    listRevisions: (serviceId, signal) => client.listRevisions(serviceId, { signal }),
    deleteRevision: (serviceId, revisionId, signal) =>
      client.deleteRevision(revisionId, { service: serviceId, signal }),
  };
}
