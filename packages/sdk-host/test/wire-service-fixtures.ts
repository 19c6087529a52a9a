// Hand-built wire fixtures of the plugin services' and PluginService's messages and model.Command, written field
// by field with the independent builder in wire-fixtures.ts, never produced by the generated encoders.

import { ApplicationSyncStatus } from "../src/gen/model/application.js";
import { ApplicationLiveState_Status, ResourceState_HealthStatus } from "../src/gen/model/application_live_state.js";
import { type Command, Command_Type, CommandStatus } from "../src/gen/model/command.js";
import { Deployment } from "../src/gen/model/deployment.js";
import type {
  GetDeploymentPluginMetadataRequest,
  PutStageMetadataMultiRequest,
  ReportStageLogsFromLastCheckpointRequest,
} from "../src/gen/piped/service/service.js";
import type {
  BuildPipelineSyncStagesRequest,
  ExecuteStageRequest,
  FetchDefinedStagesResponse,
} from "../src/gen/plugin/deployment/v1alpha1/api.js";
import type { GetLivestateResponse } from "../src/gen/plugin/livestate/v1alpha1/api.js";
import type { GetPlanPreviewRequest, GetPlanPreviewResponse } from "../src/gen/plugin/planpreview/v1alpha1/api.js";
import { T } from "./wire-case.js";
import { bool, bytes, enumField, int, len, message, messages, str, stringMap, strings, sub } from "./wire-fixtures.js";
import {
  deployment,
  deploymentBytes,
  infoLogBlock,
  infoLogBlockBytes,
  logBlock,
  logBlockBytes,
  runningSource,
  runningSourceBytes,
  stage,
  stageBytes,
  targetSource,
  targetSourceBytes,
} from "./wire-model-fixtures.js";

// ---------------------------------------------------------------------------------------------------------------
// DeploymentService messages

export const stageConfigJson = '{"percent":50}';
export const executePluginInputBytes = message(
  len(1, deploymentBytes), // deployment
  len(2, stageBytes), // stage
  bytes(3, stageConfigJson), // stage_config (JSON bytes)
  len(4, runningSourceBytes), // running_deployment_source
  len(5, targetSourceBytes), // target_deployment_source
);
export const executeStageRequestBytes = message(len(1, executePluginInputBytes)); // input: ExecutePluginInput
export const executeStageRequest: ExecuteStageRequest = {
  input: {
    deployment,
    stage,
    stageConfig: Buffer.from(stageConfigJson, "utf8"),
    runningDeploymentSource: runningSource,
    targetDeploymentSource: targetSource,
  },
};

export const buildPipelineSyncStagesRequestBytes = message(
  bool(1, true), // rollback
  messages(2, [
    message(
      str(2, "CLOUDRUN_SYNC"), // name (field 1 is reserved)
      str(3, "Deploy the new revision without traffic"), // desc
      str(4, "10m"), // timeout
      int(5, 1), // index (int32)
      bytes(6, '{"skipTrafficShift":true}'), // config (JSON bytes)
    ),
    message(str(2, "CLOUDRUN_PROMOTE"), str(3, "Promote to 50%"), str(4, "30m"), int(5, 2), bytes(6, stageConfigJson)),
    // Index 0 and an empty config are defaults: only the name goes on the wire.
    message(str(2, "WAIT")),
  ]), // stages: repeated StageConfig
);
export const buildPipelineSyncStagesRequest: BuildPipelineSyncStagesRequest = {
  rollback: true,
  stages: [
    {
      name: "CLOUDRUN_SYNC",
      desc: "Deploy the new revision without traffic",
      timeout: "10m",
      index: 1,
      config: Buffer.from('{"skipTrafficShift":true}', "utf8"),
    },
    {
      name: "CLOUDRUN_PROMOTE",
      desc: "Promote to 50%",
      timeout: "30m",
      index: 2,
      config: Buffer.from(stageConfigJson),
    },
    { name: "WAIT", desc: "", timeout: "", index: 0, config: Buffer.alloc(0) },
  ],
};

export const fetchDefinedStagesResponseBytes = message(
  strings(1, ["CLOUDRUN_SYNC", "CLOUDRUN_PROMOTE", "CLOUDRUN_ROLLBACK"]), // stages
);
export const fetchDefinedStagesResponse: FetchDefinedStagesResponse = {
  stages: ["CLOUDRUN_SYNC", "CLOUDRUN_PROMOTE", "CLOUDRUN_ROLLBACK"],
};

// piped's plan-preview path sends a minimal Deployment (piped_id, application_id, application_name only).
export const minimalDeploymentBytes = message(str(2, "app-1"), str(3, "hello"), str(5, "piped-1"));
export const minimalDeployment = Deployment.create({
  applicationId: "app-1",
  applicationName: "hello",
  pipedId: "piped-1",
});

// ---------------------------------------------------------------------------------------------------------------
// LivestateService messages with model.ApplicationLiveState / ResourceState / ApplicationSyncState

export const serviceResourceBytes = message(
  str(1, "uid-service-1"), // id
  strings(2, ["uid-parent-a", "uid-parent-b"]), // parent_ids
  str(3, "hello"), // name
  str(4, "CloudRun:Service"), // resource_type
  stringMap(5, [
    ["url", "https://hello-abc-an.a.run.app"],
    ["latestReadyRevision", "hello-v2-1111111"],
  ]), // resource_metadata
  enumField(6, 2), // health_status = UNHEALTHY
  str(7, "RoutesReady=False: traffic not yet migrated"), // health_description
  str(8, "prod-tokyo"), // deploy_target
  str(9, "cloudrun"), // plugin_name
  int(10, T - 3600), // created_at (int64)
  int(11, T + 60), // updated_at (int64)
);
export const revisionResourceBytes = message(
  str(1, "uid-revision-2"),
  strings(2, ["uid-service-1"]),
  str(3, "hello-v2-1111111"),
  str(4, "CloudRun:Revision"),
  enumField(6, 1), // HEALTHY
  str(8, "prod-tokyo"),
  str(9, "cloudrun"),
  int(10, T + 10),
  int(11, T + 20),
);
export const syncReason = [
  "Diff between the defined state in Git at commit 1111111 and actual live state:",
  "--- Actual   (LiveState)",
  "+++ Expected (Git)",
  "-  spec.template.spec.containers.0.image: asia-docker.pkg.dev/acme/apps/hello:v1",
  "+  spec.template.spec.containers.0.image: asia-docker.pkg.dev/acme/apps/hello:v2.0.1",
].join("\n"); // > 127 bytes: two-byte length prefix
export const getLivestateResponseBytes = message(
  sub(
    1, // application_live_state: ApplicationLiveState
    len(1, serviceResourceBytes), // resources
    len(1, revisionResourceBytes), // resources
    enumField(2, 2), // health_status = OTHER
  ),
  sub(
    2, // sync_state: ApplicationSyncState
    enumField(1, 3), // status = OUT_OF_SYNC
    str(2, "The service manifest doesn't be synced"), // short_reason
    str(3, syncReason), // reason
    str(4, "deployment-1"), // head_deployment_id
    int(5, T + 61), // timestamp (int64)
  ),
);
export const getLivestateResponse: GetLivestateResponse = {
  applicationLiveState: {
    resources: [
      {
        id: "uid-service-1",
        parentIds: ["uid-parent-a", "uid-parent-b"],
        name: "hello",
        resourceType: "CloudRun:Service",
        resourceMetadata: { url: "https://hello-abc-an.a.run.app", latestReadyRevision: "hello-v2-1111111" },
        healthStatus: ResourceState_HealthStatus.UNHEALTHY,
        healthDescription: "RoutesReady=False: traffic not yet migrated",
        deployTarget: "prod-tokyo",
        pluginName: "cloudrun",
        createdAt: T - 3600,
        updatedAt: T + 60,
      },
      {
        id: "uid-revision-2",
        parentIds: ["uid-service-1"],
        name: "hello-v2-1111111",
        resourceType: "CloudRun:Revision",
        resourceMetadata: {},
        healthStatus: ResourceState_HealthStatus.HEALTHY,
        healthDescription: "",
        deployTarget: "prod-tokyo",
        pluginName: "cloudrun",
        createdAt: T + 10,
        updatedAt: T + 20,
      },
    ],
    healthStatus: ApplicationLiveState_Status.OTHER,
  },
  syncState: {
    status: ApplicationSyncStatus.OUT_OF_SYNC,
    shortReason: "The service manifest doesn't be synced",
    reason: syncReason,
    headDeploymentId: "deployment-1",
    timestamp: T + 61,
  },
};

// ---------------------------------------------------------------------------------------------------------------
// PlanPreviewService messages

export const getPlanPreviewRequestBytes = message(
  str(1, "app-1"), // application_id
  strings(2, ["prod-tokyo", "prod-osaka"]), // deploy_targets
  len(3, targetSourceBytes), // target_deployment_source
  len(4, runningSourceBytes), // running_deployment_source
  str(5, "hello"), // application_name
  str(6, "piped-1"), // piped_id
);
export const getPlanPreviewRequest: GetPlanPreviewRequest = {
  applicationId: "app-1",
  deployTargets: ["prod-tokyo", "prod-osaka"],
  targetDeploymentSource: targetSource,
  runningDeploymentSource: runningSource,
  applicationName: "hello",
  pipedId: "piped-1",
};

export const planDiff =
  "--- hello (running)\n+++ hello (target)\n@@ -1 +1 @@\n-image: hello:v1\n+image: hello:v2.0.1\n";
export const getPlanPreviewResponseBytes = message(
  messages(1, [
    message(
      str(1, "prod-tokyo"), // deploy_target
      str(2, "1 changes were detected"), // summary
      bytes(4, planDiff), // details (bytes); no_change = false omitted
      str(5, "diff"), // diff_language
    ),
    message(str(1, "prod-osaka"), str(2, "No changes were detected"), bool(3, true)), // no_change
  ]), // results: repeated PlanPreviewResult
);
export const getPlanPreviewResponse: GetPlanPreviewResponse = {
  results: [
    {
      deployTarget: "prod-tokyo",
      summary: "1 changes were detected",
      noChange: false,
      details: Buffer.from(planDiff, "utf8"),
      diffLanguage: "diff",
    },
    {
      deployTarget: "prod-osaka",
      summary: "No changes were detected",
      noChange: true,
      details: Buffer.alloc(0),
      diffLanguage: "",
    },
  ],
};

// ---------------------------------------------------------------------------------------------------------------
// PluginService messages and model.Command

export const reportFromCheckpointBytes = message(
  str(1, "deployment-1"), // deployment_id
  str(2, "stage-2"), // stage_id
  int(3, 1), // retried_count (int32)
  messages(4, [infoLogBlockBytes, logBlockBytes]), // blocks: repeated LogBlock
  bool(5, true), // completed
);
export const reportFromCheckpoint: ReportStageLogsFromLastCheckpointRequest = {
  deploymentId: "deployment-1",
  stageId: "stage-2",
  retriedCount: 1,
  blocks: [infoLogBlock, logBlock],
  completed: true,
};

export const getDeploymentPluginMetadataRequestBytes = message(
  str(1, "deployment-1"), // deployment_id
  str(2, "cloudrun"), // plugin_name
  str(3, "previous-revision"), // key
);
export const getDeploymentPluginMetadataRequest: GetDeploymentPluginMetadataRequest = {
  deploymentId: "deployment-1",
  pluginName: "cloudrun",
  key: "previous-revision",
};

export const putStageMetadataMultiRequestBytes = message(
  str(1, "deployment-1"), // deployment_id
  str(2, "stage-2"), // stage_id
  stringMap(3, [
    ["promote-percentage", "50"],
    ["pipecd/stage-display-metadata", "Promoted to 50%"],
  ]), // metadata
);
export const putStageMetadataMultiRequest: PutStageMetadataMultiRequest = {
  deploymentId: "deployment-1",
  stageId: "stage-2",
  metadata: { "promote-percentage": "50", "pipecd/stage-display-metadata": "Promoted to 50%" },
};

export const approveCommandBytes = message(
  str(1, "command-1"), // id
  str(2, "piped-1"), // piped_id
  str(3, "app-1"), // application_id
  str(4, "deployment-1"), // deployment_id
  str(5, "stage-2"), // stage_id
  str(6, "alice"), // commander
  str(7, "project-1"), // project_id
  enumField(20, 1), // status = COMMAND_SUCCEEDED
  stringMap(21, [["reason", "looks good"]]), // metadata
  int(22, T + 30), // handled_at (int64)
  enumField(30, 3), // type = APPROVE_STAGE
  sub(34, str(1, "deployment-1"), str(2, "stage-2")), // approve_stage: Command.ApproveStage
  int(100, T + 10), // created_at (int64)
  int(101, T + 30), // updated_at (int64)
);
export const approveCommand: Command = {
  id: "command-1",
  pipedId: "piped-1",
  applicationId: "app-1",
  deploymentId: "deployment-1",
  stageId: "stage-2",
  commander: "alice",
  projectId: "project-1",
  status: CommandStatus.COMMAND_SUCCEEDED,
  metadata: { reason: "looks good" },
  handledAt: T + 30,
  type: Command_Type.APPROVE_STAGE,
  approveStage: { deploymentId: "deployment-1", stageId: "stage-2" },
  createdAt: T + 10,
  updatedAt: T + 30,
};
