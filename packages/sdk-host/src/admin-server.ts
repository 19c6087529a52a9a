// The loopback admin HTTP server: /healthz, /version and /metrics, with a bounded number of connections.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { RpcMetrics } from "./metrics.js";

/** Connections the admin server keeps open at once; more are closed at once by Node. */
export const MAX_ADMIN_CONNECTIONS = 32;

export interface AdminServer {
  port: number;
  close(): Promise<void>;
}

/** Loopback-only HTTP: /healthz, /version, /metrics. Nothing here reveals config. */
export async function startAdminServer(options: {
  port: number;
  version: string;
  metrics: RpcMetrics;
  host?: string;
}): Promise<AdminServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD" }).end();
      return;
    }
    if (path === "/healthz") {
      res.writeHead(200, { "content-type": "text/plain" }).end("ok");
    } else if (path === "/version") {
      res.writeHead(200, { "content-type": "text/plain" }).end(options.version);
    } else if (path === "/metrics") {
      res.writeHead(200, { "content-type": "text/plain; version=0.0.4" }).end(options.metrics.render());
    } else {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found: try /healthz, /version or /metrics");
    }
  });
  // Loopback only, but any local process can connect: a bounded number of short-lived connections.
  server.maxConnections = MAX_ADMIN_CONNECTIONS;
  server.headersTimeout = 5_000;
  server.requestTimeout = 10_000;
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host ?? "127.0.0.1", () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
