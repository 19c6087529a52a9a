// Wire compatibility of the checked-in ts-proto code with PipeCD's plugin protocol: messages of piped's
// PluginService and model.Command.
//
// Fixtures are hand-built (see ../test/wire-model-fixtures.ts): each must decode to the expected object and the
// expected object must encode back byte for byte. Fixtures list fields in ascending field-number order, map
// entries in the order of the expected object and omit default-valued scalars, as a proto3 serializer does.

import { describe, it } from "vitest";
import { expectWire, type WireCase, wireCase } from "../test/wire-case.js";
import { bool, bytes, concat, enumField, int, message, messages, str, stringMap, sub } from "../test/wire-fixtures.js";
import { infoLogBlock, infoLogBlockBytes, logBlock, logBlockBytes } from "../test/wire-model-fixtures.js";
import {
  approveCommand,
  approveCommandBytes,
  getDeploymentPluginMetadataRequest,
  getDeploymentPluginMetadataRequestBytes,
  putStageMetadataMultiRequest,
  putStageMetadataMultiRequestBytes,
  reportFromCheckpoint,
  reportFromCheckpointBytes,
} from "../test/wire-service-fixtures.js";
import { Command, Command_Type } from "./gen/model/command.js";
import { SyncStrategy } from "./gen/model/common.js";
import { LogBlock, LogSeverity } from "./gen/model/logblock.js";
import {
  DecryptSecretRequest,
  DecryptSecretResponse,
  GetApplicationSharedObjectRequest,
  GetApplicationSharedObjectResponse,
  GetDeploymentPluginMetadataRequest,
  GetDeploymentPluginMetadataResponse,
  GetDeploymentSharedMetadataRequest,
  GetDeploymentSharedMetadataResponse,
  GetStageMetadataRequest,
  GetStageMetadataResponse,
  InstallToolRequest,
  InstallToolResponse,
  ListStageCommandsRequest,
  ListStageCommandsResponse,
  PutApplicationSharedObjectRequest,
  PutApplicationSharedObjectResponse,
  PutDeploymentPluginMetadataMultiRequest,
  PutDeploymentPluginMetadataMultiResponse,
  PutDeploymentPluginMetadataRequest,
  PutDeploymentPluginMetadataResponse,
  PutStageMetadataMultiRequest,
  PutStageMetadataMultiResponse,
  PutStageMetadataRequest,
  PutStageMetadataResponse,
  ReportStageLogsFromLastCheckpointRequest,
  ReportStageLogsFromLastCheckpointResponse,
  ReportStageLogsRequest,
  ReportStageLogsResponse,
} from "./gen/piped/service/service.js";

describe("more messages decode from hand-built bytes and encode back byte for byte", () => {
  const cases: WireCase[] = [
    // PluginService (piped)
    wireCase(
      "InstallToolRequest",
      InstallToolRequest,
      message(str(1, "gcloud"), str(2, "500.0.0"), str(3, "curl -sSL {{ .Version }} -o {{ .OutPath }}")),
      { name: "gcloud", version: "500.0.0", installScript: "curl -sSL {{ .Version }} -o {{ .OutPath }}" },
    ),
    wireCase("InstallToolResponse", InstallToolResponse, str(1, "/home/piped/.piped/tools/gcloud-500.0.0"), {
      installedPath: "/home/piped/.piped/tools/gcloud-500.0.0",
    }),
    wireCase(
      "ReportStageLogsRequest",
      ReportStageLogsRequest,
      message(str(1, "deployment-1"), str(2, "stage-2"), int(3, 2), messages(4, [logBlockBytes])),
      { deploymentId: "deployment-1", stageId: "stage-2", retriedCount: 2, blocks: [logBlock] },
    ),
    wireCase("ReportStageLogsResponse (empty)", ReportStageLogsResponse, new Uint8Array(), {}),
    wireCase(
      "ReportStageLogsFromLastCheckpointRequest",
      ReportStageLogsFromLastCheckpointRequest,
      reportFromCheckpointBytes,
      reportFromCheckpoint,
    ),
    wireCase(
      "ReportStageLogsFromLastCheckpointResponse (empty)",
      ReportStageLogsFromLastCheckpointResponse,
      new Uint8Array(),
      {},
    ),
    wireCase(
      "GetStageMetadataRequest",
      GetStageMetadataRequest,
      message(str(1, "deployment-1"), str(2, "stage-2"), str(3, "promote-percentage")),
      { deploymentId: "deployment-1", stageId: "stage-2", key: "promote-percentage" },
    ),
    wireCase("GetStageMetadataResponse", GetStageMetadataResponse, message(str(1, "50"), bool(2, true)), {
      value: "50",
      found: true,
    }),
    wireCase(
      "PutStageMetadataRequest",
      PutStageMetadataRequest,
      message(str(1, "deployment-1"), str(2, "stage-2"), str(3, "promote-percentage"), str(4, "50")),
      { deploymentId: "deployment-1", stageId: "stage-2", key: "promote-percentage", value: "50" },
    ),
    wireCase("PutStageMetadataResponse (empty)", PutStageMetadataResponse, new Uint8Array(), {}),
    wireCase(
      "PutStageMetadataMultiRequest",
      PutStageMetadataMultiRequest,
      putStageMetadataMultiRequestBytes,
      putStageMetadataMultiRequest,
    ),
    wireCase("PutStageMetadataMultiResponse (empty)", PutStageMetadataMultiResponse, new Uint8Array(), {}),
    wireCase(
      "GetDeploymentPluginMetadataRequest",
      GetDeploymentPluginMetadataRequest,
      getDeploymentPluginMetadataRequestBytes,
      getDeploymentPluginMetadataRequest,
    ),
    wireCase(
      "GetDeploymentPluginMetadataResponse",
      GetDeploymentPluginMetadataResponse,
      message(str(1, "hello-v1-0000000"), bool(2, true)),
      { value: "hello-v1-0000000", found: true },
    ),
    wireCase(
      "PutDeploymentPluginMetadataRequest",
      PutDeploymentPluginMetadataRequest,
      message(str(1, "deployment-1"), str(2, "cloudrun"), str(3, "previous-revision"), str(4, "hello-v1-0000000")),
      { deploymentId: "deployment-1", pluginName: "cloudrun", key: "previous-revision", value: "hello-v1-0000000" },
    ),
    wireCase("PutDeploymentPluginMetadataResponse (empty)", PutDeploymentPluginMetadataResponse, new Uint8Array(), {}),
    wireCase(
      "PutDeploymentPluginMetadataMultiRequest",
      PutDeploymentPluginMetadataMultiRequest,
      message(
        str(1, "deployment-1"),
        str(2, "cloudrun"),
        stringMap(3, [
          ["previous-revision", "hello-v1-0000000"],
          ["new-revision", "hello-v2-1111111"],
        ]),
      ),
      {
        deploymentId: "deployment-1",
        pluginName: "cloudrun",
        metadata: { "previous-revision": "hello-v1-0000000", "new-revision": "hello-v2-1111111" },
      },
    ),
    wireCase(
      "PutDeploymentPluginMetadataMultiResponse (empty)",
      PutDeploymentPluginMetadataMultiResponse,
      new Uint8Array(),
      {},
    ),
    wireCase(
      "GetDeploymentSharedMetadataRequest",
      GetDeploymentSharedMetadataRequest,
      message(str(1, "deployment-1"), str(2, "DeploymentNotification")),
      { deploymentId: "deployment-1", key: "DeploymentNotification" },
    ),
    wireCase(
      "GetDeploymentSharedMetadataResponse",
      GetDeploymentSharedMetadataResponse,
      message(str(1, '{"mentions":[]}'), bool(2, true)),
      { value: '{"mentions":[]}', found: true },
    ),
    wireCase("ListStageCommandsRequest", ListStageCommandsRequest, message(str(1, "deployment-1"), str(2, "stage-2")), {
      deploymentId: "deployment-1",
      stageId: "stage-2",
    }),
    wireCase("ListStageCommandsResponse", ListStageCommandsResponse, messages(1, [approveCommandBytes]), {
      commands: [approveCommand],
    }),
    wireCase(
      "GetApplicationSharedObjectRequest",
      GetApplicationSharedObjectRequest,
      message(str(1, "app-1"), str(2, "cloudrun"), str(3, "last-revision")),
      { applicationId: "app-1", pluginName: "cloudrun", key: "last-revision" },
    ),
    wireCase(
      "GetApplicationSharedObjectResponse (binary payload)",
      GetApplicationSharedObjectResponse,
      bytes(1, Uint8Array.from([0x00, 0xff, 0x10, 0x80])),
      { object: Buffer.from([0x00, 0xff, 0x10, 0x80]) },
    ),
    wireCase(
      "PutApplicationSharedObjectRequest",
      PutApplicationSharedObjectRequest,
      message(str(1, "app-1"), str(2, "cloudrun"), str(3, "last-revision"), bytes(4, '{"name":"hello-v2"}')),
      {
        applicationId: "app-1",
        pluginName: "cloudrun",
        key: "last-revision",
        object: Buffer.from('{"name":"hello-v2"}'),
      },
    ),
    wireCase("PutApplicationSharedObjectResponse (empty)", PutApplicationSharedObjectResponse, new Uint8Array(), {}),
    wireCase("DecryptSecretRequest", DecryptSecretRequest, str(1, "AQ..."), { secret: "AQ..." }),
    wireCase("DecryptSecretResponse", DecryptSecretResponse, str(1, "s3cr3t"), { decryptedSecret: "s3cr3t" }),
    // model
    wireCase("Command (approve_stage 34, type 30)", Command, approveCommandBytes, approveCommand),
    wireCase("LogBlock (INFO omitted)", LogBlock, infoLogBlockBytes, infoLogBlock),
    wireCase("LogBlock (index beyond 32 bits)", LogBlock, message(int(1, Number.MAX_SAFE_INTEGER), str(2, "x")), {
      index: Number.MAX_SAFE_INTEGER,
      log: "x",
      severity: LogSeverity.INFO,
      createdAt: 0,
    }),
  ];
  it.each(cases)("$name", (c) => expectWire(c));
});

describe("Command nested messages (fields 31–38, plain singular sub-messages)", () => {
  const base = (type: Command_Type) => ({ id: "command-2", pipedId: "piped-1", type });
  // type SYNC_APPLICATION = 0 is the enum default and is therefore omitted by a proto3 serializer.
  const head = (type: number) =>
    message(str(1, "command-2"), str(2, "piped-1"), type === 0 ? new Uint8Array() : enumField(30, type));
  const cases: WireCase[] = [
    wireCase(
      "31 sync_application",
      Command,
      concat(head(0), sub(31, str(1, "app-1"), enumField(2, 2))),
      Command.create({
        ...base(Command_Type.SYNC_APPLICATION),
        syncApplication: { applicationId: "app-1", syncStrategy: SyncStrategy.PIPELINE },
      }),
    ),
    wireCase(
      "32 update_application_config",
      Command,
      concat(head(1), sub(32, str(1, "app-1"), str(2, "cloudrun/hello/app.pipecd.yaml"), str(3, "kind: Application"))),
      Command.create({
        ...base(Command_Type.UPDATE_APPLICATION_CONFIG),
        updateApplicationConfig: {
          applicationId: "app-1",
          configPath: "cloudrun/hello/app.pipecd.yaml",
          config: "kind: Application",
        },
      }),
    ),
    wireCase(
      "33 cancel_deployment",
      Command,
      concat(head(2), sub(33, str(1, "deployment-1"), bool(2, true), bool(3, true))),
      Command.create({
        ...base(Command_Type.CANCEL_DEPLOYMENT),
        cancelDeployment: { deploymentId: "deployment-1", forceRollback: true, forceNoRollback: true },
      }),
    ),
    wireCase(
      "34 approve_stage",
      Command,
      concat(head(3), sub(34, str(1, "deployment-1"), str(2, "stage-2"))),
      Command.create({
        ...base(Command_Type.APPROVE_STAGE),
        approveStage: { deploymentId: "deployment-1", stageId: "stage-2" },
      }),
    ),
    wireCase(
      "35 build_plan_preview",
      Command,
      concat(head(4), sub(35, str(1, "repo-1"), str(2, "feature"), str(3, "3333333"), str(4, "main"), int(5, 600))),
      Command.create({
        ...base(Command_Type.BUILD_PLAN_PREVIEW),
        buildPlanPreview: {
          repositoryId: "repo-1",
          headBranch: "feature",
          headCommit: "3333333",
          baseBranch: "main",
          timeout: 600,
        },
      }),
    ),
    wireCase(
      "36 chain_sync_application",
      Command,
      concat(head(5), sub(36, str(1, "chain-1"), int(2, 4), str(3, "app-1"), enumField(4, 1))),
      Command.create({
        ...base(Command_Type.CHAIN_SYNC_APPLICATION),
        chainSyncApplication: {
          deploymentChainId: "chain-1",
          blockIndex: 4,
          applicationId: "app-1",
          syncStrategy: SyncStrategy.QUICK_SYNC,
        },
      }),
    ),
    wireCase(
      "37 skip_stage",
      Command,
      concat(head(6), sub(37, str(1, "deployment-1"), str(2, "stage-2"))),
      Command.create({
        ...base(Command_Type.SKIP_STAGE),
        skipStage: { deploymentId: "deployment-1", stageId: "stage-2" },
      }),
    ),
    wireCase(
      "38 restart_piped",
      Command,
      concat(head(7), sub(38, str(1, "piped-1"))),
      Command.create({ ...base(Command_Type.RESTART_PIPED), restartPiped: { pipedId: "piped-1" } }),
    ),
  ];
  it.each(cases)("$name", (c) => expectWire(c));
});
