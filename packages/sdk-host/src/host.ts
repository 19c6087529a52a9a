// startPluginHost: wires the plugin's services, the piped client and the admin server into one running host.
import { Server, type ServiceDefinition, status } from "@grpc/grpc-js";
import { type AdminServer, startAdminServer } from "./admin-server.js";
import { deploymentHandlers } from "./deployment-service.js";
import { HostError } from "./errors.js";
import { type HealthCheckRequest, HealthCheckResponse_ServingStatus, HealthService } from "./gen/health/v1/health.js";
import { DeploymentServiceService } from "./gen/plugin/deployment/v1alpha1/api.js";
import { LivestateServiceService } from "./gen/plugin/livestate/v1alpha1/api.js";
import { PlanPreviewServiceService } from "./gen/plugin/planpreview/v1alpha1/api.js";
import {
  addService,
  CallTracker,
  ConcurrencyLimit,
  type ListenOptions,
  listen,
  MAX_CONCURRENT_HEAVY_CALLS,
  MAX_RECEIVE_MESSAGE_BYTES,
} from "./grpc-server.js";
import { IdleMemoryReclaimer } from "./idle-memory.js";
import { livestateHandlers } from "./livestate-service.js";
import type { Logger } from "./logger.js";
import { RpcMetrics } from "./metrics.js";
import { PipedClient } from "./piped-client.js";
import { planPreviewHandlers } from "./planpreview-service.js";
import type { PluginDefinition } from "./plugin.js";
import { parsePluginConfig } from "./plugin-config.js";
import type { HostRuntime } from "./runtime.js";
import { LogPersister, StageLogClosedError } from "./stage-log.js";
import { boundText, Redactor } from "./text-safety.js";

/** How to run the host: piped's address, the plugin config, logging, TLS, metrics and the shutdown grace period. */
export interface HostOptions {
  pipedPluginService: string;
  /** piped's `--config` JSON. */
  configJson: string;
  logger: Logger;
  gracePeriodMs?: number;
  listenAllInterfaces?: boolean;
  tls?: { certFile: string; keyFile: string };
  metrics?: boolean;
  /** Port of the loopback admin HTTP server; 0 (default) lets the OS choose. */
  adminPort?: number;
  /** Shorter log flush intervals for tests. */
  logFlushIntervalMs?: number;
  /** Hides secrets in what the host sends out; pass the one the logger uses. */
  redactor?: Redactor;
}

/** A started host: its gRPC and admin ports, the plugin's name, and `stop` for a graceful shutdown. */
export interface RunningHost {
  port: number;
  adminPort: number;
  pluginName: string;
  /** Stops gracefully within the grace period: in-flight calls are aborted, logs flushed. */
  stop(reason?: string): Promise<void>;
}

type AnyHandlers = Record<string, (req: unknown, env: { signal: AbortSignal }) => Promise<unknown>>;

const DEPLOYMENT_SERVICE = "grpc.plugin.deploymentapi.v1alpha1.DeploymentService";
const LIVESTATE_SERVICE = "grpc.plugin.livestateapi.v1alpha1.LivestateService";
const PLAN_PREVIEW_SERVICE = "grpc.plugin.planpreviewapi.v1alpha1.PlanPreviewService";

/** piped answers FAILED_PRECONDITION to appends after a stage's log was completed. */
function closedLog(error: unknown): never {
  if ((error as { code?: number }).code === status.FAILED_PRECONDITION) {
    throw new StageLogClosedError((error as Error).message);
  }
  throw error;
}

/** Serves `definition` to piped (gRPC services, health, admin server) until stopped. */
export async function startPluginHost<C, T, S>(
  definition: PluginDefinition<C, T, S>,
  options: HostOptions,
): Promise<RunningHost> {
  const { logger } = options;
  const config = parsePluginConfig(options.configJson, definition.validators);
  const needsTargets = definition.deployment || definition.livestate || definition.planPreview;
  if (needsTargets && config.deployTargets.length === 0) {
    throw new HostError(
      "InvalidArgument",
      `plugin "${config.name}" requires at least one deploy target to be configured: add deployTargets to its entry in piped's config`,
    );
  }

  const redactor = options.redactor ?? new Redactor();
  const redact = (text: string) => redactor.redact(text);
  const piped = new PipedClient(options.pipedPluginService);
  const logs = new LogPersister({
    logger,
    redact,
    flushIntervalMs: options.logFlushIntervalMs,
    sink: {
      reportStageLogs: (d, s, blocks) => piped.reportStageLogs(d, s, blocks).catch(closedLog),
      reportStageLogsFromLastCheckpoint: (d, s, blocks, completed) =>
        piped.reportStageLogsFromLastCheckpoint(d, s, blocks, completed).catch(closedLog),
    },
  });
  logs.start();

  let terminating = false;
  const runtime: HostRuntime<C, T, S> = {
    definition,
    config,
    piped,
    logs,
    logger,
    redactor,
    isTerminating: () => terminating,
  };
  const metrics = new RpcMetrics(options.metrics ?? true);
  const reclaimer = new IdleMemoryReclaimer();
  const tracker = new CallTracker({ onBusy: () => reclaimer.busy(), onIdle: () => reclaimer.idle() });
  const heavyPaths = new Set([
    `/${DEPLOYMENT_SERVICE}/DetermineVersions`,
    `/${DEPLOYMENT_SERVICE}/DetermineStrategy`,
    `/${LIVESTATE_SERVICE}/GetLivestate`,
    `/${PLAN_PREVIEW_SERVICE}/GetPlanPreview`,
  ]);
  const deps = {
    tracker,
    metrics,
    logger,
    redact,
    heavy: { paths: heavyPaths, limit: new ConcurrencyLimit(MAX_CONCURRENT_HEAVY_CALLS) },
  };

  const server = new Server({ "grpc.max_receive_message_length": MAX_RECEIVE_MESSAGE_BYTES });
  const deployment = definition.deployment
    ? deploymentHandlers(runtime, definition.deployment)
    : // piped asks every plugin for its stages at start; a plugin without stages answers none.
      { fetchDefinedStages: async () => ({ stages: [] }) };
  // Each plugin service is served when the definition implements it; the health service answers for those.
  const pluginServices: [name: string, service: ServiceDefinition, handlers: unknown][] = [
    [DEPLOYMENT_SERVICE, DeploymentServiceService, deployment],
    [
      LIVESTATE_SERVICE,
      LivestateServiceService,
      definition.livestate && livestateHandlers(runtime, definition.livestate),
    ],
    [
      PLAN_PREVIEW_SERVICE,
      PlanPreviewServiceService,
      definition.planPreview && planPreviewHandlers(runtime, definition.planPreview),
    ],
  ];
  // grpc.health.v1: SERVING for the whole server and each plugin service, NOT_SERVING while stopping.
  const served = new Set([""]);
  for (const [name, service, handlers] of pluginServices) {
    if (!handlers) continue;
    addService(server, service, handlers as AnyHandlers, deps);
    served.add(name);
  }
  addService(
    server,
    HealthService,
    {
      check: async (req) => {
        const { service } = req as HealthCheckRequest;
        if (!served.has(service))
          throw new HostError("NotFound", `unknown service ${JSON.stringify(boundText(service))}`);
        return {
          status: terminating
            ? HealthCheckResponse_ServingStatus.NOT_SERVING
            : HealthCheckResponse_ServingStatus.SERVING,
        };
      },
    },
    deps,
  );

  const listenOptions: ListenOptions = {
    port: config.port,
    allInterfaces: options.listenAllInterfaces,
    tls: options.tls,
  };
  let admin: AdminServer | undefined;
  try {
    const addresses = await listen(server, listenOptions, logger);
    admin = await startAdminServer({ port: options.adminPort ?? 0, version: definition.version, metrics });
    logger.info("plugin is serving", {
      plugin: config.name,
      version: definition.version,
      addresses,
      adminPort: admin.port,
      deployTargets: config.deployTargets.map((t) => t.name),
      tls: Boolean(options.tls),
    });
  } catch (error) {
    server.forceShutdown();
    logs.stop();
    piped.close();
    throw error;
  }

  let stopping: Promise<void> | undefined;
  const stop = (reason = "shutdown requested") => {
    stopping ??= (async () => {
      terminating = true;
      reclaimer.stop();
      const grace = options.gracePeriodMs ?? 30_000;
      logger.info("stopping the plugin", { reason, inFlight: tracker.size, gracePeriodMs: grace });
      tracker.abortAll(`the plugin is shutting down (${reason})`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          logger.warn("grace period ended; closing the remaining connections");
          server.forceShutdown();
          resolve();
        }, grace);
        timer.unref();
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      });
      await admin?.close();
      await logs.flushAll(Math.min(grace, 30_000));
      piped.close();
      logger.info("plugin stopped");
    })();
    return stopping;
  };

  return { port: config.port, adminPort: admin.port, pluginName: config.name, stop };
}
