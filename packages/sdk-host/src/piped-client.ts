// PipedClient: the plugin's calls to piped's PluginService (metadata, stage logs, commands, shared objects).
import { ChannelCredentials, status } from "@grpc/grpc-js";
import type { Command } from "./gen/model/command.js";
import type { LogBlock } from "./gen/model/logblock.js";
import { PluginServiceClient } from "./gen/piped/service/service.js";
import { callUnary, type UnaryOptions } from "./unary.js";

/** Keeps piped-side calls from hanging forever when piped is stuck; piped answers in milliseconds. */
const DEFAULT_TIMEOUT_MS = 30_000;

/** A promise-based client of piped's PluginService (`--piped-plugin-service`). */
export class PipedClient {
  private readonly client: PluginServiceClient;

  constructor(address: string) {
    this.client = new PluginServiceClient(address, ChannelCredentials.createInsecure());
  }

  close(): void {
    this.client.close();
  }

  private call<Req, Res>(method: unknown, request: Req, options: UnaryOptions = {}): Promise<Res> {
    const bound = (method as unknown as (...args: unknown[]) => never).bind(this.client);
    return callUnary<Req, Res>(bound, request, { timeoutMs: DEFAULT_TIMEOUT_MS, ...options });
  }

  /** A metadata read: the value, or undefined when piped has none under the key. */
  private async lookup(method: unknown, request: unknown, options?: UnaryOptions): Promise<string | undefined> {
    const res = await this.call<unknown, { value: string; found: boolean }>(method, request, options);
    return res.found ? res.value : undefined;
  }

  async reportStageLogs(deploymentId: string, stageId: string, blocks: LogBlock[], options?: UnaryOptions) {
    await this.call(this.client.reportStageLogs, { deploymentId, stageId, retriedCount: 0, blocks }, options);
  }

  async reportStageLogsFromLastCheckpoint(
    deploymentId: string,
    stageId: string,
    blocks: LogBlock[],
    completed: boolean,
    options?: UnaryOptions,
  ) {
    await this.call(
      this.client.reportStageLogsFromLastCheckpoint,
      { deploymentId, stageId, retriedCount: 0, blocks, completed },
      options,
    );
  }

  async getStageMetadata(deploymentId: string, stageId: string, key: string, options?: UnaryOptions) {
    return this.lookup(this.client.getStageMetadata, { deploymentId, stageId, key }, options);
  }

  async putStageMetadata(deploymentId: string, stageId: string, key: string, value: string, options?: UnaryOptions) {
    await this.call(this.client.putStageMetadata, { deploymentId, stageId, key, value }, options);
  }

  async putStageMetadataMulti(
    deploymentId: string,
    stageId: string,
    metadata: Record<string, string>,
    options?: UnaryOptions,
  ) {
    await this.call(this.client.putStageMetadataMulti, { deploymentId, stageId, metadata }, options);
  }

  async getDeploymentPluginMetadata(deploymentId: string, pluginName: string, key: string, options?: UnaryOptions) {
    return this.lookup(this.client.getDeploymentPluginMetadata, { deploymentId, pluginName, key }, options);
  }

  async putDeploymentPluginMetadata(
    deploymentId: string,
    pluginName: string,
    key: string,
    value: string,
    options?: UnaryOptions,
  ) {
    await this.call(this.client.putDeploymentPluginMetadata, { deploymentId, pluginName, key, value }, options);
  }

  async putDeploymentPluginMetadataMulti(
    deploymentId: string,
    pluginName: string,
    metadata: Record<string, string>,
    options?: UnaryOptions,
  ) {
    await this.call(this.client.putDeploymentPluginMetadataMulti, { deploymentId, pluginName, metadata }, options);
  }

  async getDeploymentSharedMetadata(deploymentId: string, key: string, options?: UnaryOptions) {
    return this.lookup(this.client.getDeploymentSharedMetadata, { deploymentId, key }, options);
  }

  async listStageCommands(deploymentId: string, stageId: string, options?: UnaryOptions): Promise<Command[]> {
    const res = await this.call<unknown, { commands: Command[] }>(
      this.client.listStageCommands,
      { deploymentId, stageId },
      options,
    );
    return res.commands;
  }

  /** Missing objects come back as undefined (piped answers NOT_FOUND). */
  async getApplicationSharedObject(
    applicationId: string,
    pluginName: string,
    key: string,
    options?: UnaryOptions,
  ): Promise<Uint8Array | undefined> {
    try {
      const res = await this.call<unknown, { object: Uint8Array }>(
        this.client.getApplicationSharedObject,
        { applicationId, pluginName, key },
        options,
      );
      return res.object;
    } catch (error) {
      if ((error as { code?: number }).code === status.NOT_FOUND) return undefined;
      throw error;
    }
  }

  async putApplicationSharedObject(
    applicationId: string,
    pluginName: string,
    key: string,
    object: Uint8Array,
    options?: UnaryOptions,
  ) {
    await this.call(
      this.client.putApplicationSharedObject,
      { applicationId, pluginName, key, object: Buffer.from(object) },
      options,
    );
  }
}
