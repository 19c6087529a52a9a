// Wire compatibility of the checked-in ts-proto code with PipeCD's plugin protocol: unknown fields are skipped,
// gRPC method paths and enum numeric values match.

import { describe, expect, it } from "vitest";
import { concat, int, str, tag, WireType } from "../test/wire-fixtures.js";
import { logBlock, logBlockBytes } from "../test/wire-model-fixtures.js";
import { ApplicationSyncStatus } from "./gen/model/application.js";
import { ApplicationLiveState_Status, ResourceState_HealthStatus } from "./gen/model/application_live_state.js";
import { Command_Type, CommandStatus } from "./gen/model/command.js";
import { ApplicationKind, ArtifactVersion_Kind, SyncStrategy } from "./gen/model/common.js";
import { DeploymentStatus, ManualOperation, StageStatus, TriggerKind } from "./gen/model/deployment.js";
import { LogBlock, LogSeverity } from "./gen/model/logblock.js";
import { PluginServiceService } from "./gen/piped/service/service.js";
import { DeploymentServiceService } from "./gen/plugin/deployment/v1alpha1/api.js";
import { LivestateServiceService } from "./gen/plugin/livestate/v1alpha1/api.js";
import { PlanPreviewServiceService } from "./gen/plugin/planpreview/v1alpha1/api.js";

describe("decoding is tolerant", () => {
  it("skips unknown fields of every wire type (forward compatibility with newer PipeCD)", () => {
    const withUnknown = concat(
      logBlockBytes,
      int(4, 7), // reserved/unknown VARINT
      str(999, "future"), // unknown LEN
      tag(1000, WireType.I64),
      new Uint8Array(8), // unknown I64
      tag(1001, WireType.I32),
      new Uint8Array(4), // unknown I32
    );
    expect(LogBlock.decode(withUnknown)).toEqual(logBlock);
  });
});

describe("gRPC method paths", () => {
  const paths = (service: Record<string, { path: string; requestStream: boolean; responseStream: boolean }>) =>
    Object.values(service).map((method) => {
      expect(method.requestStream).toBe(false);
      expect(method.responseStream).toBe(false);
      return method.path;
    });

  it("DeploymentService, LivestateService and PlanPreviewService (served by the plugin) match PipeCD's method paths", () => {
    expect(paths(DeploymentServiceService)).toEqual([
      "/grpc.plugin.deploymentapi.v1alpha1.DeploymentService/FetchDefinedStages",
      "/grpc.plugin.deploymentapi.v1alpha1.DeploymentService/DetermineVersions",
      "/grpc.plugin.deploymentapi.v1alpha1.DeploymentService/DetermineStrategy",
      "/grpc.plugin.deploymentapi.v1alpha1.DeploymentService/BuildPipelineSyncStages",
      "/grpc.plugin.deploymentapi.v1alpha1.DeploymentService/BuildQuickSyncStages",
      "/grpc.plugin.deploymentapi.v1alpha1.DeploymentService/ExecuteStage",
    ]);
    expect(paths(LivestateServiceService)).toEqual([
      "/grpc.plugin.livestateapi.v1alpha1.LivestateService/GetLivestate",
    ]);
    expect(paths(PlanPreviewServiceService)).toEqual([
      "/grpc.plugin.planpreviewapi.v1alpha1.PlanPreviewService/GetPlanPreview",
    ]);
  });

  it("PluginService (served by piped) matches PipeCD's method paths", () => {
    expect(paths(PluginServiceService)).toEqual(
      [
        "InstallTool",
        "ReportStageLogs",
        "ReportStageLogsFromLastCheckpoint",
        "GetStageMetadata",
        "PutStageMetadata",
        "PutStageMetadataMulti",
        "GetDeploymentPluginMetadata",
        "PutDeploymentPluginMetadata",
        "PutDeploymentPluginMetadataMulti",
        "GetDeploymentSharedMetadata",
        "ListStageCommands",
        "GetApplicationSharedObject",
        "PutApplicationSharedObject",
      ].map((rpc) => `/grpc.piped.service.PluginService/${rpc}`),
    );
  });
});

describe("enum numeric values match PipeCD's model enums", () => {
  // ts-proto adds UNRECOGNIZED = -1 to every enum; it never goes on the wire.
  const members = (e: Record<string, string | number>) =>
    Object.fromEntries(Object.entries(e).filter(([k, v]) => typeof v === "number" && k !== "UNRECOGNIZED"));

  it.each<[string, Record<string, string | number>, Record<string, number>]>([
    [
      "StageStatus",
      StageStatus,
      {
        STAGE_NOT_STARTED_YET: 0,
        STAGE_RUNNING: 1,
        STAGE_SUCCESS: 2,
        STAGE_FAILURE: 3,
        STAGE_CANCELLED: 4,
        STAGE_SKIPPED: 5,
        STAGE_EXITED: 6,
      },
    ],
    [
      "DeploymentStatus",
      DeploymentStatus,
      {
        DEPLOYMENT_PENDING: 0,
        DEPLOYMENT_PLANNED: 1,
        DEPLOYMENT_RUNNING: 2,
        DEPLOYMENT_ROLLING_BACK: 3,
        DEPLOYMENT_SUCCESS: 4,
        DEPLOYMENT_FAILURE: 5,
        DEPLOYMENT_CANCELLED: 6,
      },
    ],
    ["SyncStrategy", SyncStrategy, { AUTO: 0, QUICK_SYNC: 1, PIPELINE: 2 }],
    [
      "ManualOperation",
      ManualOperation,
      { MANUAL_OPERATION_UNKNOWN: 0, MANUAL_OPERATION_SKIP: 1, MANUAL_OPERATION_APPROVE: 2, MANUAL_OPERATION_NONE: 3 },
    ],
    ["TriggerKind", TriggerKind, { ON_COMMIT: 0, ON_COMMAND: 1, ON_OUT_OF_SYNC: 2, ON_CHAIN: 3 }],
    ["ApplicationKind", ApplicationKind, { KUBERNETES: 0, TERRAFORM: 1, LAMBDA: 3, CLOUDRUN: 4, ECS: 5 }],
    [
      "ArtifactVersion.Kind",
      ArtifactVersion_Kind,
      { UNKNOWN: 0, CONTAINER_IMAGE: 1, S3_OBJECT: 2, GIT_SOURCE: 3, TERRAFORM_MODULE: 4 },
    ],
    [
      "ApplicationSyncStatus",
      ApplicationSyncStatus,
      { UNKNOWN: 0, SYNCED: 1, DEPLOYING: 2, OUT_OF_SYNC: 3, INVALID_CONFIG: 4 },
    ],
    ["ApplicationLiveState.Status", ApplicationLiveState_Status, { UNKNOWN: 0, HEALTHY: 1, OTHER: 2 }],
    ["ResourceState.HealthStatus", ResourceState_HealthStatus, { UNKNOWN: 0, HEALTHY: 1, UNHEALTHY: 2 }],
    ["LogSeverity", LogSeverity, { INFO: 0, SUCCESS: 1, ERROR: 2 }],
    [
      "CommandStatus",
      CommandStatus,
      { COMMAND_NOT_HANDLED_YET: 0, COMMAND_SUCCEEDED: 1, COMMAND_FAILED: 2, COMMAND_TIMEOUT: 3 },
    ],
    [
      "Command.Type",
      Command_Type,
      {
        SYNC_APPLICATION: 0,
        UPDATE_APPLICATION_CONFIG: 1,
        CANCEL_DEPLOYMENT: 2,
        APPROVE_STAGE: 3,
        BUILD_PLAN_PREVIEW: 4,
        CHAIN_SYNC_APPLICATION: 5,
        SKIP_STAGE: 6,
        RESTART_PIPED: 7,
      },
    ],
  ])("%s", (_name, actual, expected) => {
    expect(members(actual)).toEqual(expected);
  });
});
