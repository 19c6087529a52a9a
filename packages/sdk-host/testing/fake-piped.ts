// FakePiped: piped's PluginService in-process, with piped's rules, recording what the plugin sent.
import { type handleUnaryCall, Server, ServerCredentials, status } from "@grpc/grpc-js";
import type { Command } from "../src/gen/model/command.js";
import type { Deployment } from "../src/gen/model/deployment.js";
import type { LogBlock } from "../src/gen/model/logblock.js";
import { PluginServiceService } from "../src/gen/piped/service/service.js";

export interface RecordedLogCall {
  kind: "report" | "checkpoint";
  blocks: LogBlock[];
  completed: boolean;
}

export interface RecordedStageLog {
  /** Durable blocks (merged from checkpoints, deduplicated by index), in index order. */
  blocks: LogBlock[];
  /** Blocks seen on the fast path that no checkpoint has persisted yet. */
  cached: LogBlock[];
  completed: boolean;
  calls: RecordedLogCall[];
}

interface MetadataStore {
  shared: Record<string, string>;
  stages: Map<string, Record<string, string>>;
  plugins: Map<string, Record<string, string>>;
}

class RpcFailure extends Error {
  constructor(
    readonly code: status,
    message: string,
  ) {
    super(message);
  }
}

function required(value: string | undefined, field: string): void {
  if (!value) throw new RpcFailure(status.INVALID_ARGUMENT, `invalid request: ${field} must not be empty`);
}

/** piped's answer to a metadata read: the value ("" when absent) and whether there was one. */
function lookupAnswer(value: string | undefined): { value: string; found: boolean } {
  return { value: value ?? "", found: value !== undefined };
}

/** Merges `entries` into the record under `id`, as piped's metadata puts do; answers piped's empty reply. */
function mergeInto(records: Map<string, Record<string, string>>, id: string, entries: Record<string, string>) {
  records.set(id, { ...records.get(id), ...entries });
  return {};
}

/**
 * An in-process stand-in for piped's PluginService with piped's semantics: metadata stores only
 * for registered deployments, request validation, durable logs deduplicated by index that refuse
 * appends once completed. It records everything for assertions.
 */
export class FakePiped {
  private readonly stores = new Map<string, MetadataStore>();
  private readonly logs = new Map<string, RecordedStageLog>();
  private readonly commands: Command[] = [];
  private readonly sharedObjects = new Map<string, Uint8Array>();
  /** Every call, in order: method name and the request. */
  readonly calls: { method: string; request: unknown }[] = [];

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  get address(): string {
    return `localhost:${this.port}`;
  }

  static async start(port = 0): Promise<FakePiped> {
    const server = new Server();
    const boundPort = await new Promise<number>((resolve, reject) =>
      server.bindAsync(`127.0.0.1:${port}`, ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))),
    );
    const piped = new FakePiped(server, boundPort);
    server.addService(PluginServiceService, piped.implementation());
    return piped;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.tryShutdown(() => resolve()));
  }

  /** piped creates a deployment's metadata stores when it plans or executes it. */
  registerDeployment(deployment: Deployment): void {
    if (this.stores.has(deployment.id)) return;
    const stages = new Map<string, Record<string, string>>();
    for (const stage of deployment.stages) stages.set(stage.id, { ...stage.metadata });
    const plugins = new Map<string, Record<string, string>>();
    for (const [name, kv] of Object.entries(deployment.metadataV2?.plugins ?? {})) {
      plugins.set(name, { ...kv.keyValues });
    }
    this.stores.set(deployment.id, { shared: { ...deployment.metadataV2?.shared?.keyValues }, stages, plugins });
  }

  unregisterDeployment(deploymentId: string): void {
    this.stores.delete(deploymentId);
  }

  stageLog(deploymentId: string, stageId: string): RecordedStageLog {
    return this.logs.get(`${deploymentId}/${stageId}`) ?? { blocks: [], cached: [], completed: false, calls: [] };
  }

  /** The durable log lines of a stage, as the PipeCD UI would show them. */
  stageLogText(deploymentId: string, stageId: string): string[] {
    return this.stageLog(deploymentId, stageId).blocks.map((b) => b.log);
  }

  stageMetadata(deploymentId: string, stageId: string): Record<string, string> {
    return { ...this.stores.get(deploymentId)?.stages.get(stageId) };
  }

  pluginMetadata(deploymentId: string, pluginName: string): Record<string, string> {
    return { ...this.stores.get(deploymentId)?.plugins.get(pluginName) };
  }

  addStageCommand(command: Command): void {
    this.commands.push(command);
  }

  sharedObject(applicationId: string, pluginName: string, key: string): Uint8Array | undefined {
    return this.sharedObjects.get(`${applicationId}/${pluginName}/${key}`);
  }

  /** Forgets every application shared object (they outlive deployments, so tests may need a clean slate). */
  clearSharedObjects(): void {
    this.sharedObjects.clear();
  }

  /** Stores an application shared object as an earlier deployment would have. */
  putSharedObject(applicationId: string, pluginName: string, key: string, object: Uint8Array): void {
    this.sharedObjects.set(`${applicationId}/${pluginName}/${key}`, object);
  }

  private store(deploymentId: string): MetadataStore {
    const store = this.stores.get(deploymentId);
    // piped answers a plain error (UNKNOWN) for deployments it is not running.
    if (!store) throw new RpcFailure(status.UNKNOWN, `metadata store not found for deployment ${deploymentId}`);
    return store;
  }

  private appendLog(
    req: { deploymentId: string; stageId: string; blocks: LogBlock[] },
    kind: "report" | "checkpoint",
    completed: boolean,
  ): void {
    required(req.deploymentId, "deployment_id");
    required(req.stageId, "stage_id");
    req.blocks.forEach((b, i) => {
      if (!b.log) throw new RpcFailure(status.INVALID_ARGUMENT, `invalid request: blocks[${i}].log must not be empty`);
      if (!(b.createdAt > 0)) throw new RpcFailure(status.INVALID_ARGUMENT, `invalid request: blocks[${i}].created_at`);
    });
    const key = `${req.deploymentId}/${req.stageId}`;
    const log = this.logs.get(key) ?? { blocks: [], cached: [], completed: false, calls: [] };
    this.logs.set(key, log);
    if (log.completed) throw new RpcFailure(status.FAILED_PRECONDITION, "stage was already completed");
    log.calls.push({ kind, blocks: req.blocks, completed });
    if (kind === "report") {
      log.cached.push(...req.blocks);
      return;
    }
    const byIndex = new Map(log.blocks.map((b) => [b.index, b]));
    for (const b of req.blocks) byIndex.set(b.index, b);
    log.blocks = [...byIndex.values()].sort((a, b) => a.index - b.index);
    log.cached = log.cached.filter((b) => !byIndex.has(b.index));
    log.completed = completed;
  }

  // biome-ignore lint/suspicious/noExplicitAny: grpc-js handler maps are untyped per method.
  private implementation(): Record<string, handleUnaryCall<any, unknown>> {
    const handle =
      <Req>(method: string, fn: (req: Req) => unknown): handleUnaryCall<Req, unknown> =>
      (call, callback) => {
        this.calls.push({ method, request: call.request });
        try {
          callback(null, fn(call.request));
        } catch (error) {
          const code = error instanceof RpcFailure ? error.code : status.INTERNAL;
          callback({ code, details: (error as Error).message });
        }
      };
    type Meta = { deploymentId: string; stageId: string; key: string; value: string };
    type PluginMeta = { deploymentId: string; pluginName: string; key: string; value: string };
    type Multi = { deploymentId: string; stageId: string; pluginName: string; metadata: Record<string, string> };
    type Shared = { applicationId: string; pluginName: string; key: string; object: Uint8Array };
    return {
      installTool: handle("InstallTool", () => {
        throw new RpcFailure(status.UNIMPLEMENTED, "the fake piped installs no tools");
      }),
      reportStageLogs: handle(
        "ReportStageLogs",
        (req: { deploymentId: string; stageId: string; blocks: LogBlock[] }) => {
          this.appendLog(req, "report", false);
          return {};
        },
      ),
      reportStageLogsFromLastCheckpoint: handle(
        "ReportStageLogsFromLastCheckpoint",
        (req: { deploymentId: string; stageId: string; blocks: LogBlock[]; completed: boolean }) => {
          this.appendLog(req, "checkpoint", req.completed);
          return {};
        },
      ),
      getStageMetadata: handle("GetStageMetadata", (req: Meta) => {
        required(req.stageId, "stage_id");
        required(req.key, "key");
        return lookupAnswer(this.store(req.deploymentId).stages.get(req.stageId)?.[req.key]);
      }),
      putStageMetadata: handle("PutStageMetadata", (req: Meta) => {
        required(req.stageId, "stage_id");
        required(req.key, "key");
        return mergeInto(this.store(req.deploymentId).stages, req.stageId, { [req.key]: req.value });
      }),
      putStageMetadataMulti: handle("PutStageMetadataMulti", (req: Multi) => {
        required(req.stageId, "stage_id");
        return mergeInto(this.store(req.deploymentId).stages, req.stageId, req.metadata);
      }),
      getDeploymentPluginMetadata: handle("GetDeploymentPluginMetadata", (req: PluginMeta) => {
        required(req.key, "key");
        return lookupAnswer(this.store(req.deploymentId).plugins.get(req.pluginName)?.[req.key]);
      }),
      putDeploymentPluginMetadata: handle("PutDeploymentPluginMetadata", (req: PluginMeta) => {
        required(req.pluginName, "plugin_name");
        required(req.key, "key");
        return mergeInto(this.store(req.deploymentId).plugins, req.pluginName, { [req.key]: req.value });
      }),
      putDeploymentPluginMetadataMulti: handle("PutDeploymentPluginMetadataMulti", (req: Multi) => {
        required(req.pluginName, "plugin_name");
        return mergeInto(this.store(req.deploymentId).plugins, req.pluginName, req.metadata);
      }),
      getDeploymentSharedMetadata: handle("GetDeploymentSharedMetadata", (req: Meta) => {
        required(req.key, "key");
        return lookupAnswer(this.store(req.deploymentId).shared[req.key]);
      }),
      listStageCommands: handle("ListStageCommands", (req: Meta) => {
        required(req.deploymentId, "deployment_id");
        required(req.stageId, "stage_id");
        return {
          commands: this.commands.filter((c) => c.deploymentId === req.deploymentId && c.stageId === req.stageId),
        };
      }),
      getApplicationSharedObject: handle("GetApplicationSharedObject", (req: Shared) => {
        const object = this.sharedObject(req.applicationId, req.pluginName, req.key);
        if (!object) throw new RpcFailure(status.NOT_FOUND, `shared object ${req.key} not found`);
        return { object };
      }),
      putApplicationSharedObject: handle("PutApplicationSharedObject", (req: Shared) => {
        required(req.applicationId, "application_id");
        required(req.pluginName, "plugin_name");
        required(req.key, "key");
        this.sharedObjects.set(`${req.applicationId}/${req.pluginName}/${req.key}`, req.object);
        return {};
      }),
      // biome-ignore lint/suspicious/noExplicitAny: see above.
    } as Record<string, handleUnaryCall<any, unknown>>;
  }
}
