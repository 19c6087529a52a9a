// Starts the emulator: the gRPC server, the HTTP control API and the state they share.
import type { Server as HttpServer } from "node:http";
import * as grpc from "@grpc/grpc-js";
import { Control } from "./control.js";
import type { EmulatorControl } from "./control-api.js";
import { unimplemented } from "./errors.js";
import { Faults } from "./faults.js";
import { startHttpControl } from "./http-control.js";
import { Journal } from "./journal.js";
import { isMethodName } from "./methods.js";
import { operationsHandlers } from "./operations-handlers.js";
import { loadProtos } from "./protos.js";
import { revisionsHandlers } from "./revisions.js";
import { type Handler, type RpcDeps, unary } from "./rpc.js";
import { servicesHandlers } from "./services.js";
import { State } from "./store.js";

/** How to start an emulator; every option has a default. */
export interface EmulatorOptions {
  /** gRPC port on 127.0.0.1; 0 or absent picks a free one. */
  port?: number;
  /** HTTP control port on 127.0.0.1; 0 or absent picks a free one; `false` disables the HTTP control API. */
  controlPort?: number | false;
  /** Default time for a new revision to become Ready, in ms (default 50). */
  readyDelayMs?: number;
  /** Revisions kept per service before the oldest retired ones are removed (default 1000, as Cloud Run). */
  maxRevisionsPerService?: number;
}

/** A running emulator: where it listens, its control surface, and how to stop it. */
export interface Emulator {
  /** `127.0.0.1:PORT`, the gRPC endpoint. */
  readonly host: string;
  readonly port: number;
  /** `http://127.0.0.1:PORT` of the HTTP control API, unless disabled. */
  readonly controlUrl: string | undefined;
  readonly controlPort: number | undefined;
  readonly control: EmulatorControl;
  /** Stops both servers, releases stalled calls and cancels readiness timers. */
  stop(): Promise<void>;
}

/** Time a new revision takes to become Ready when no image rule says otherwise, in ms. */
export const DEFAULT_READY_DELAY_MS = 50;
/** Revisions kept per service, Cloud Run's cap. */
export const DEFAULT_MAX_REVISIONS = 1000;

function nonNegativeInt(value: number | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 0) throw new TypeError(`${name} must be a non-negative integer`);
  return value;
}

/** Every method of a proto service: implemented ones from `handlers`, the others UNIMPLEMENTED. */
function implementation(
  deps: RpcDeps,
  definition: grpc.ServiceDefinition,
  handlers: Record<string, Handler>,
): grpc.UntypedServiceImplementation {
  const impl: grpc.UntypedServiceImplementation = {};
  for (const name of Object.keys(definition)) {
    if (!isMethodName(name)) continue;
    const handler =
      handlers[name] ??
      (() => {
        throw unimplemented(`Method ${name} is not implemented by the Cloud Run emulator.`);
      });
    impl[name] = unary(deps, name, handler) as grpc.handleUnaryCall<unknown, unknown>;
  }
  return impl;
}

function bind(server: grpc.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), (err, bound) =>
      err ? reject(err) : resolve(bound),
    );
  });
}

function shutdown(server: grpc.Server): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, 1000);
    server.tryShutdown(() => {
      clearTimeout(force);
      resolve();
    });
  });
}

function closeHttp(server: HttpServer): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** Starts a Cloud Run Admin API v2 emulator on 127.0.0.1 (gRPC, plus the HTTP control API). */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const protos = loadProtos();
  const state = new State({
    readyDelayMs: nonNegativeInt(options.readyDelayMs, "readyDelayMs", DEFAULT_READY_DELAY_MS),
    maxRevisionsPerService: Math.max(
      1,
      nonNegativeInt(options.maxRevisionsPerService, "maxRevisionsPerService", DEFAULT_MAX_REVISIONS),
    ),
  });
  const faults = new Faults();
  const journal = new Journal();
  const control = new Control(state, faults, journal);
  const deps: RpcDeps = { faults, journal, bumpEtag: (resource) => control.bumpEtagOf(resource) };

  const server = new grpc.Server();
  server.addService(protos.services, implementation(deps, protos.services, servicesHandlers(state)));
  server.addService(protos.revisions, implementation(deps, protos.revisions, revisionsHandlers(state)));
  server.addService(protos.operations, implementation(deps, protos.operations, operationsHandlers(state)));
  const port = await bind(server, nonNegativeInt(options.port, "port", 0));
  const host = `127.0.0.1:${port}`;

  let http: { server: HttpServer; port: number } | undefined;
  if (options.controlPort !== false) {
    try {
      http = await startHttpControl(control, host, nonNegativeInt(options.controlPort, "controlPort", 0));
    } catch (e) {
      server.forceShutdown();
      throw e;
    }
  }

  let stopped: Promise<void> | undefined;
  return {
    host,
    port,
    controlUrl: http ? `http://127.0.0.1:${http.port}` : undefined,
    controlPort: http?.port,
    control,
    stop() {
      stopped ??= (async () => {
        faults.clear();
        state.clear();
        await Promise.all([shutdown(server), http ? closeHttp(http.server) : Promise.resolve()]);
      })();
      return stopped;
    },
  };
}
