// The HTTP control API: JSON routes over EmulatorControl, for tests in other processes.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { status } from "@grpc/grpc-js";
import type { EmulatorControl, TrafficTargetInput } from "./control-api.js";
import { RpcError } from "./errors.js";
import type { FaultSpec } from "./faults.js";
import type { JournalFilter } from "./journal.js";
import { isMethodName } from "./methods.js";
import type { ImageReadiness } from "./readiness.js";

const MAX_BODY_BYTES = 1024 * 1024;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, "request body too large");
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString("utf8").trim();
  if (text === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new HttpError(400, "request body is not valid JSON");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new HttpError(400, "request body must be a JSON object");
  }
  return parsed as Record<string, unknown>;
}

function requireString(body: Record<string, unknown>, key: string): string {
  const v = body[key];
  if (typeof v !== "string" || v === "") throw new HttpError(400, `"${key}" must be a non-empty string`);
  return v;
}

function journalFilter(url: URL): JournalFilter {
  const filter: JournalFilter = {};
  const method = url.searchParams.get("method");
  if (method !== null) {
    if (!isMethodName(method)) throw new HttpError(400, `unknown method ${method}`);
    filter.method = method;
  }
  const mutating = url.searchParams.get("mutating");
  if (mutating !== null) filter.mutating = mutating === "true";
  const resource = url.searchParams.get("resource");
  if (resource !== null) filter.resource = resource;
  return filter;
}

type Route = (body: Record<string, unknown>, url: URL, param?: string) => unknown;

function routes(control: EmulatorControl, grpcHost: string): Record<string, Route> {
  return {
    "GET /control/health": () => ({ ok: true, host: grpcHost }),
    "GET /control/journal": (_b, url) => ({ entries: control.journal(journalFilter(url)) }),
    "DELETE /control/journal": () => {
      control.clearJournal();
      return { ok: true };
    },
    "GET /control/faults": () => ({ faults: control.faults() }),
    "POST /control/faults": (body) => ({ id: control.addFault(body as unknown as FaultSpec) }),
    "DELETE /control/faults": () => {
      control.clearFaults();
      return { ok: true };
    },
    "DELETE /control/faults/:id": (_b, _u, id) => {
      if (!control.removeFault(id ?? "")) throw new HttpError(404, `no fault with id ${id}`);
      return { ok: true };
    },
    "POST /control/release": (body) => {
      const faultId = body.faultId;
      if (faultId !== undefined && typeof faultId !== "string") throw new HttpError(400, '"faultId" must be a string');
      return { released: control.release(faultId) };
    },
    "POST /control/etag": (body) => ({ etag: control.bumpEtag(requireString(body, "service")) }),
    "POST /control/traffic": (body) => {
      if (!Array.isArray(body.traffic)) throw new HttpError(400, '"traffic" must be a list of traffic targets');
      control.setTraffic(requireString(body, "service"), body.traffic as TrafficTargetInput[]);
      return { ok: true };
    },
    "GET /control/images": () => ({ images: control.imageReadiness() }),
    "POST /control/images": (body) => {
      control.setImageReadiness(requireString(body, "image"), body.readiness as ImageReadiness);
      return { ok: true };
    },
    "DELETE /control/images": () => {
      control.clearImageReadiness();
      return { ok: true };
    },
    "POST /control/reset": () => {
      control.reset();
      return { ok: true };
    },
  };
}

function send(res: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

function errorStatus(e: unknown): number {
  if (e instanceof HttpError) return e.status;
  if (e instanceof RpcError) return e.code === status.NOT_FOUND ? 404 : 400;
  if (e instanceof TypeError) return 400;
  return 500;
}

/** Starts the loopback HTTP/JSON control API; see README for the endpoints. */
export async function startHttpControl(
  control: EmulatorControl,
  grpcHost: string,
  port: number,
): Promise<{ server: Server; port: number }> {
  const table = routes(control, grpcHost);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const parts = url.pathname.split("/").filter(Boolean);
    const method = req.method ?? "GET";
    let route = table[`${method} ${url.pathname.replace(/\/$/, "")}`];
    let param: string | undefined;
    if (!route && parts.length === 3) {
      route = table[`${method} /${parts[0]}/${parts[1]}/:id`];
      param = parts[2];
    }
    if (!route) {
      send(res, 404, { error: `no route ${method} ${url.pathname}` });
      return;
    }
    const handler = route;
    readJson(req)
      .then((body) => send(res, 200, handler(body, url, param) ?? { ok: true }))
      .catch((e: unknown) => send(res, errorStatus(e), { error: e instanceof Error ? e.message : String(e) }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  return { server, port: (server.address() as AddressInfo).port };
}
