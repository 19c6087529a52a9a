// Wire compatibility of the checked-in ts-proto code with PipeCD's plugin protocol.
//
// Every fixture below is hand-built from PipeCD's field tables (as the proto/ files of this repository
// define them): field numbers and wire types are written out
// literally with the independent builder in ../test/wire-fixtures.ts, never produced by the generated encoders.
// Each fixture must decode to the expected object and the expected object must encode back byte for byte.
// Fixtures list fields in ascending field-number order, map entries in the order of the expected object and
// omit default-valued scalars, which is what a proto3 serializer emits.

import { describe, expect, it } from "vitest";
import {
  bool,
  bytes,
  concat,
  distinctFieldNumbers,
  enumField,
  hex,
  int,
  len,
  message,
  messageMap,
  messages,
  str,
  stringMap,
  strings,
  sub,
  tag,
  varint,
  WireType,
} from "../test/wire-fixtures.js";
import { ApplicationSyncStatus } from "./gen/model/application.js";
import { ApplicationLiveState_Status, ResourceState_HealthStatus } from "./gen/model/application_live_state.js";
import { Command, Command_Type, CommandStatus } from "./gen/model/command.js";
import { ApplicationKind, ArtifactVersion_Kind, SyncStrategy } from "./gen/model/common.js";
import {
  type Commit,
  Deployment,
  type DeploymentMetadata,
  DeploymentStatus,
  type DeploymentTrigger,
  ManualOperation,
  PipelineStage,
  StageStatus,
  TriggerKind,
} from "./gen/model/deployment.js";
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
  PluginServiceService,
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
import { DeploymentSource } from "./gen/plugin/common/v1alpha1/common.js";
import {
  BuildPipelineSyncStagesRequest,
  BuildPipelineSyncStagesResponse,
  BuildQuickSyncStagesRequest,
  BuildQuickSyncStagesResponse,
  DeploymentServiceService,
  DetermineStrategyRequest,
  DetermineStrategyResponse,
  DetermineVersionsRequest,
  DetermineVersionsResponse,
  ExecuteStageRequest,
  ExecuteStageResponse,
  FetchDefinedStagesRequest,
  FetchDefinedStagesResponse,
} from "./gen/plugin/deployment/v1alpha1/api.js";
import {
  GetLivestateRequest,
  GetLivestateResponse,
  LivestateServiceService,
} from "./gen/plugin/livestate/v1alpha1/api.js";
import {
  GetPlanPreviewRequest,
  GetPlanPreviewResponse,
  PlanPreviewServiceService,
} from "./gen/plugin/planpreview/v1alpha1/api.js";

// ---------------------------------------------------------------------------------------------------------------
// Harness

interface Codec<T> {
  encode(message: T): { finish(): Uint8Array };
  decode(input: Uint8Array): T;
}

interface WireCase {
  name: string;
  bytes: Uint8Array;
  decode: () => unknown;
  encode: () => Uint8Array;
  expected: unknown;
}

function wireCase<T>(name: string, codec: Codec<T>, bytes: Uint8Array, expected: T): WireCase {
  return {
    name,
    bytes,
    decode: () => codec.decode(bytes),
    encode: () => codec.encode(expected).finish(),
    expected,
  };
}

function expectWire(c: WireCase): void {
  expect(c.decode()).toEqual(c.expected);
  // Compare as hex so a mismatch shows where the bytes diverge.
  expect(hex(c.encode())).toBe(hex(c.bytes));
  expect(Buffer.from(c.encode())).toEqual(Buffer.from(c.bytes));
}

// Unix seconds around the reference snapshot date (2026-08-22).
const T = 1_787_390_000;

// ---------------------------------------------------------------------------------------------------------------
// grpc.plugin.common.v1alpha1.DeploymentSource

const appConfigYaml = [
  "apiVersion: pipecd.dev/v1beta1",
  "kind: Application",
  "spec:",
  "  name: hello",
  "  plugins:",
  "    cloudrun:",
  "      input:",
  "        serviceManifestFile: service.yaml",
  "",
].join("\n");

const targetSourceBytes = message(
  str(1, "/home/piped/.piped/workspace/target-1/cloudrun/hello"), // application_directory
  str(2, "1111111111111111111111111111111111111111"), // commit_hash
  bytes(3, appConfigYaml), // application_config (raw YAML bytes)
  str(4, "app.pipecd.yaml"), // application_config_filename
  str(5, "/home/piped/.piped/workspace/target-1/.pipe"), // shared_config_directory
);
const targetSource: DeploymentSource = {
  applicationDirectory: "/home/piped/.piped/workspace/target-1/cloudrun/hello",
  commitHash: "1111111111111111111111111111111111111111",
  applicationConfig: Buffer.from(appConfigYaml, "utf8"),
  applicationConfigFilename: "app.pipecd.yaml",
  sharedConfigDirectory: "/home/piped/.piped/workspace/target-1/.pipe",
};

const runningSourceBytes = message(
  str(1, "/home/piped/.piped/workspace/running-1/cloudrun/hello"),
  str(2, "0000000000000000000000000000000000000000"),
  bytes(3, "apiVersion: pipecd.dev/v1beta1\nkind: Application\n"),
  str(4, "app.pipecd.yaml"),
  str(5, "/home/piped/.piped/workspace/running-1/.pipe"),
);
const runningSource: DeploymentSource = {
  applicationDirectory: "/home/piped/.piped/workspace/running-1/cloudrun/hello",
  commitHash: "0000000000000000000000000000000000000000",
  applicationConfig: Buffer.from("apiVersion: pipecd.dev/v1beta1\nkind: Application\n", "utf8"),
  applicationConfigFilename: "app.pipecd.yaml",
  sharedConfigDirectory: "/home/piped/.piped/workspace/running-1/.pipe",
};

// ---------------------------------------------------------------------------------------------------------------
// model.PipelineStage: every field 1–17 set

const stageBytes = message(
  str(1, "stage-2"), // id
  str(2, "CLOUDRUN_PROMOTE"), // name
  str(3, "Promote the new revision to 50%"), // desc
  int(4, 2), // index (int32)
  bool(5, true), // predefined
  strings(6, ["stage-1", "stage-0"]), // requires (repeated string)
  bool(7, true), // visible
  enumField(8, 1), // status = STAGE_RUNNING
  str(9, "waiting for the revision to become ready"), // status_reason
  stringMap(10, [
    ["promote-percentage", "50"],
    ["pipecd/stage-display-metadata", "Promoting to 50%"],
  ]), // metadata
  int(11, 3), // retried_count (int32)
  bool(12, true), // rollback
  int(13, T + 500), // completed_at (int64)
  int(14, T + 300), // created_at (int64)
  int(15, T + 400), // updated_at (int64)
  enumField(16, 2), // available_operation = MANUAL_OPERATION_APPROVE
  strings(17, ["alice", "bob"]), // authorized_operators
);
const stage: PipelineStage = {
  id: "stage-2",
  name: "CLOUDRUN_PROMOTE",
  desc: "Promote the new revision to 50%",
  index: 2,
  predefined: true,
  requires: ["stage-1", "stage-0"],
  visible: true,
  status: StageStatus.STAGE_RUNNING,
  statusReason: "waiting for the revision to become ready",
  metadata: { "promote-percentage": "50", "pipecd/stage-display-metadata": "Promoting to 50%" },
  retriedCount: 3,
  rollback: true,
  completedAt: T + 500,
  createdAt: T + 300,
  updatedAt: T + 400,
  availableOperation: ManualOperation.MANUAL_OPERATION_APPROVE,
  authorizedOperators: ["alice", "bob"],
};

// A typical planned rollback stage: index 0, status NOT_STARTED_YET and empty lists/maps are omitted on the wire.
const rollbackStageBytes = message(
  str(1, "stage-9"),
  str(2, "CLOUDRUN_ROLLBACK"),
  str(3, "Rollback the deployment"),
  bool(12, true),
  int(14, T + 300),
  int(15, T + 300),
  enumField(16, 3), // MANUAL_OPERATION_NONE
);
const rollbackStage: PipelineStage = PipelineStage.create({
  id: "stage-9",
  name: "CLOUDRUN_ROLLBACK",
  desc: "Rollback the deployment",
  rollback: true,
  createdAt: T + 300,
  updatedAt: T + 300,
  availableOperation: ManualOperation.MANUAL_OPERATION_NONE,
});

// ---------------------------------------------------------------------------------------------------------------
// model.Deployment: every field set, including maps, nested messages and repeated messages

const commitBytes = message(
  str(1, "1111111111111111111111111111111111111111"), // hash
  str(2, "Bump hello to v2 — ✨ faster cold starts"), // message (non-ASCII: length prefix counts UTF-8 bytes)
  str(3, "alice"), // author
  str(4, "main"), // branch
  int(5, 42), // pull_request (int64)
  str(6, "https://github.com/acme/apps/commit/1111111111111111111111111111111111111111"), // url
  int(14, T - 100), // created_at (int64, field 14)
);
const commit: Commit = {
  hash: "1111111111111111111111111111111111111111",
  message: "Bump hello to v2 — ✨ faster cold starts",
  author: "alice",
  branch: "main",
  pullRequest: 42,
  url: "https://github.com/acme/apps/commit/1111111111111111111111111111111111111111",
  createdAt: T - 100,
};

const triggerBytes = message(
  sub(1, commitBytes), // commit
  str(2, "bob"), // commander
  int(3, T), // timestamp (int64)
  enumField(4, 2), // sync_strategy = PIPELINE
  str(5, "Sync with pipeline to update image from v1 to v2"), // strategy_summary
);
const trigger: DeploymentTrigger = {
  commit,
  commander: "bob",
  timestamp: T,
  syncStrategy: SyncStrategy.PIPELINE,
  strategySummary: "Sync with pipeline to update image from v1 to v2",
};

const metadataV2Bytes = message(
  sub(1, stringMap(1, [["DeploymentNotification", '{"mentions":[]}']])), // shared: KeyValues{keyValues = 1}
  messageMap(2, [
    ["cloudrun", stringMap(1, [["previous-revision", "hello-v1-0000000"]])],
    [
      "wait",
      stringMap(1, [
        ["a", "1"],
        ["b", "2"],
      ]),
    ],
  ]), // plugins: map<string, KeyValues>
);
const metadataV2: DeploymentMetadata = {
  shared: { keyValues: { DeploymentNotification: '{"mentions":[]}' } },
  plugins: {
    cloudrun: { keyValues: { "previous-revision": "hello-v1-0000000" } },
    wait: { keyValues: { a: "1", b: "2" } },
  },
};

const deploymentFields = [
  1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12, 20, 21, 22, 24, 30, 31, 32, 33, 34, 40, 41, 50, 60, 100, 101, 102,
];
const deploymentBytes = message(
  str(1, "deployment-1"), // id
  str(2, "app-1"), // application_id
  str(3, "hello"), // application_name
  str(5, "piped-1"), // piped_id
  str(6, "project-1"), // project_id
  enumField(7, 4), // kind = CLOUDRUN
  sub(
    8, // git_path: ApplicationGitPath
    sub(1, str(1, "repo-1"), str(2, "git@github.com:acme/apps.git"), str(3, "main")), // repo: ApplicationGitRepository
    str(2, "cloudrun/hello"), // path
    str(4, "app.pipecd.yaml"), // config_filename
    str(5, "https://github.com/acme/apps/tree/main/cloudrun/hello"), // url
  ),
  str(9, "legacy-cloud-provider"), // cloud_provider
  stringMap(10, [
    ["env", "prod"],
    ["team", "web"],
  ]), // labels
  str(11, "legacy-platform-provider"), // platform_provider
  messageMap(12, [
    ["cloudrun", strings(1, ["prod-tokyo", "prod-osaka"])],
    ["other-plugin", strings(1, ["staging"])],
  ]), // deploy_targets_by_plugin: map<string, DeployTargets{deploy_targets = 1}>
  sub(20, triggerBytes), // trigger
  str(21, "0000000000000000000000000000000000000000"), // running_commit_hash
  str(22, "Sync with pipeline to update image from v1 to v2"), // summary
  messages(24, [
    message(enumField(1, 1), str(2, "v2.0.1"), str(3, "hello"), str(4, "asia-docker.pkg.dev/acme/apps/hello:v2.0.1")), // CONTAINER_IMAGE
    message(enumField(1, 3), str(2, "1111111"), str(3, "apps"), str(4, "https://github.com/acme/apps")), // GIT_SOURCE
  ]), // versions: repeated ArtifactVersion
  enumField(30, 2), // status = DEPLOYMENT_RUNNING
  str(31, "The deployment is running"), // status_reason
  messages(32, [stageBytes, rollbackStageBytes]), // stages
  stringMap(33, [["legacy-key", "legacy-value"]]), // metadata (deprecated)
  sub(34, metadataV2Bytes), // metadata_v2
  str(40, "chain-1"), // deployment_chain_id
  int(41, 3), // deployment_chain_block_index (uint32)
  str(50, "2222222222222222222222222222222222222222"), // deployment_trace_commit_hash
  str(60, "app.pipecd.yaml"), // running_config_filename
  int(100, T + 900), // completed_at (int64)
  int(101, T + 100), // created_at (int64)
  int(102, T + 800), // updated_at (int64)
);
const deployment: Deployment = {
  id: "deployment-1",
  applicationId: "app-1",
  applicationName: "hello",
  pipedId: "piped-1",
  projectId: "project-1",
  kind: ApplicationKind.CLOUDRUN,
  gitPath: {
    repo: { id: "repo-1", remote: "git@github.com:acme/apps.git", branch: "main" },
    path: "cloudrun/hello",
    configFilename: "app.pipecd.yaml",
    url: "https://github.com/acme/apps/tree/main/cloudrun/hello",
  },
  cloudProvider: "legacy-cloud-provider",
  labels: { env: "prod", team: "web" },
  platformProvider: "legacy-platform-provider",
  deployTargetsByPlugin: {
    cloudrun: { deployTargets: ["prod-tokyo", "prod-osaka"] },
    "other-plugin": { deployTargets: ["staging"] },
  },
  trigger,
  runningCommitHash: "0000000000000000000000000000000000000000",
  summary: "Sync with pipeline to update image from v1 to v2",
  versions: [
    {
      kind: ArtifactVersion_Kind.CONTAINER_IMAGE,
      version: "v2.0.1",
      name: "hello",
      url: "asia-docker.pkg.dev/acme/apps/hello:v2.0.1",
    },
    { kind: ArtifactVersion_Kind.GIT_SOURCE, version: "1111111", name: "apps", url: "https://github.com/acme/apps" },
  ],
  status: DeploymentStatus.DEPLOYMENT_RUNNING,
  statusReason: "The deployment is running",
  stages: [stage, rollbackStage],
  metadata: { "legacy-key": "legacy-value" },
  metadataV2,
  deploymentChainId: "chain-1",
  deploymentChainBlockIndex: 3,
  deploymentTraceCommitHash: "2222222222222222222222222222222222222222",
  runningConfigFilename: "app.pipecd.yaml",
  completedAt: T + 900,
  createdAt: T + 100,
  updatedAt: T + 800,
};

// ---------------------------------------------------------------------------------------------------------------
// DeploymentService messages

const stageConfigJson = '{"percent":50}';
const executePluginInputBytes = message(
  len(1, deploymentBytes), // deployment
  len(2, stageBytes), // stage
  bytes(3, stageConfigJson), // stage_config (JSON bytes)
  len(4, runningSourceBytes), // running_deployment_source
  len(5, targetSourceBytes), // target_deployment_source
);
const executeStageRequestBytes = message(len(1, executePluginInputBytes)); // input: ExecutePluginInput
const executeStageRequest: ExecuteStageRequest = {
  input: {
    deployment,
    stage,
    stageConfig: Buffer.from(stageConfigJson, "utf8"),
    runningDeploymentSource: runningSource,
    targetDeploymentSource: targetSource,
  },
};

const buildPipelineSyncStagesRequestBytes = message(
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
const buildPipelineSyncStagesRequest: BuildPipelineSyncStagesRequest = {
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

const fetchDefinedStagesResponseBytes = message(
  strings(1, ["CLOUDRUN_SYNC", "CLOUDRUN_PROMOTE", "CLOUDRUN_ROLLBACK"]), // stages
);
const fetchDefinedStagesResponse: FetchDefinedStagesResponse = {
  stages: ["CLOUDRUN_SYNC", "CLOUDRUN_PROMOTE", "CLOUDRUN_ROLLBACK"],
};

// piped's plan-preview path sends a minimal Deployment (piped_id, application_id, application_name only).
const minimalDeploymentBytes = message(str(2, "app-1"), str(3, "hello"), str(5, "piped-1"));
const minimalDeployment = Deployment.create({ applicationId: "app-1", applicationName: "hello", pipedId: "piped-1" });

// ---------------------------------------------------------------------------------------------------------------
// model.LogBlock

const logBlockBytes = message(
  int(1, T + 1), // index (int64; the SDK starts it at unix seconds)
  str(2, "Failed to update service: permission denied"), // log
  enumField(3, 2), // severity = ERROR
  int(14, T + 2), // created_at (int64, field 14)
);
const logBlock: LogBlock = {
  index: T + 1,
  log: "Failed to update service: permission denied",
  severity: LogSeverity.ERROR,
  createdAt: T + 2,
};
const infoLogBlockBytes = message(int(1, T + 2), str(2, "Updating service hello\n"), int(14, T + 3)); // INFO = 0 omitted
const infoLogBlock: LogBlock = {
  index: T + 2,
  log: "Updating service hello\n",
  severity: LogSeverity.INFO,
  createdAt: T + 3,
};

// ---------------------------------------------------------------------------------------------------------------
// LivestateService messages with model.ApplicationLiveState / ResourceState / ApplicationSyncState

const serviceResourceBytes = message(
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
const revisionResourceBytes = message(
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
const syncReason = [
  "Diff between the defined state in Git at commit 1111111 and actual live state:",
  "--- Actual   (LiveState)",
  "+++ Expected (Git)",
  "-  spec.template.spec.containers.0.image: asia-docker.pkg.dev/acme/apps/hello:v1",
  "+  spec.template.spec.containers.0.image: asia-docker.pkg.dev/acme/apps/hello:v2.0.1",
].join("\n"); // > 127 bytes: two-byte length prefix
const getLivestateResponseBytes = message(
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
const getLivestateResponse: GetLivestateResponse = {
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

const getPlanPreviewRequestBytes = message(
  str(1, "app-1"), // application_id
  strings(2, ["prod-tokyo", "prod-osaka"]), // deploy_targets
  len(3, targetSourceBytes), // target_deployment_source
  len(4, runningSourceBytes), // running_deployment_source
  str(5, "hello"), // application_name
  str(6, "piped-1"), // piped_id
);
const getPlanPreviewRequest: GetPlanPreviewRequest = {
  applicationId: "app-1",
  deployTargets: ["prod-tokyo", "prod-osaka"],
  targetDeploymentSource: targetSource,
  runningDeploymentSource: runningSource,
  applicationName: "hello",
  pipedId: "piped-1",
};

const planDiff = "--- hello (running)\n+++ hello (target)\n@@ -1 +1 @@\n-image: hello:v1\n+image: hello:v2.0.1\n";
const getPlanPreviewResponseBytes = message(
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
const getPlanPreviewResponse: GetPlanPreviewResponse = {
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

const reportFromCheckpointBytes = message(
  str(1, "deployment-1"), // deployment_id
  str(2, "stage-2"), // stage_id
  int(3, 1), // retried_count (int32)
  messages(4, [infoLogBlockBytes, logBlockBytes]), // blocks: repeated LogBlock
  bool(5, true), // completed
);
const reportFromCheckpoint: ReportStageLogsFromLastCheckpointRequest = {
  deploymentId: "deployment-1",
  stageId: "stage-2",
  retriedCount: 1,
  blocks: [infoLogBlock, logBlock],
  completed: true,
};

const getDeploymentPluginMetadataRequestBytes = message(
  str(1, "deployment-1"), // deployment_id
  str(2, "cloudrun"), // plugin_name
  str(3, "previous-revision"), // key
);
const getDeploymentPluginMetadataRequest: GetDeploymentPluginMetadataRequest = {
  deploymentId: "deployment-1",
  pluginName: "cloudrun",
  key: "previous-revision",
};

const putStageMetadataMultiRequestBytes = message(
  str(1, "deployment-1"), // deployment_id
  str(2, "stage-2"), // stage_id
  stringMap(3, [
    ["promote-percentage", "50"],
    ["pipecd/stage-display-metadata", "Promoted to 50%"],
  ]), // metadata
);
const putStageMetadataMultiRequest: PutStageMetadataMultiRequest = {
  deploymentId: "deployment-1",
  stageId: "stage-2",
  metadata: { "promote-percentage": "50", "pipecd/stage-display-metadata": "Promoted to 50%" },
};

const approveCommandBytes = message(
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
const approveCommand: Command = {
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

// ---------------------------------------------------------------------------------------------------------------
// Tests

describe("wire-fixtures builder", () => {
  // Examples from https://protobuf.dev/programming-guides/encoding/ anchor the builder to the spec.
  it.each([
    ["varint 0", varint(0), "00"],
    ["varint 1", varint(1), "01"],
    ["varint 127", varint(127), "7f"],
    ["varint 128", varint(128), "8001"],
    ["varint 150", varint(150), "9601"],
    ["varint 300", varint(300), "ac02"],
    ["varint 2^32", varint(2 ** 32), "8080808010"],
    ["varint -1 (int64)", varint(-1), "ffffffffffffffffff01"],
    ["tag 1 VARINT", tag(1, WireType.VARINT), "08"],
    ["tag 2 LEN", tag(2, WireType.LEN), "12"],
    ["tag 14 VARINT", tag(14, WireType.VARINT), "70"],
    ["tag 34 LEN", tag(34, WireType.LEN), "9202"],
    ["tag 102 VARINT", tag(102, WireType.VARINT), "b006"],
    ["int32 field 1 = 150", int(1, 150), "089601"],
    ['string field 2 = "testing"', str(2, "testing"), "120774657374696e67"],
    ["embedded field 3 = {1: 150}", sub(3, int(1, 150)), "1a03089601"],
    ["bool field 5 = true", bool(5, true), "2801"],
    ["map<string,string> field 10 {a: b}", stringMap(10, [["a", "b"]]), "5206" + "0a0161" + "120162"],
    ["concat", concat(int(1, 1), int(2, 2)), "08011002"],
  ])("%s", (_name, actual, expectedHex) => {
    expect(hex(actual)).toBe(expectedHex);
  });
});

describe("hand-built fixtures set every field of the reference tables", () => {
  it.each([
    ["Deployment", deploymentBytes, deploymentFields],
    ["PipelineStage", stageBytes, Array.from({ length: 17 }, (_, i) => i + 1)],
    ["Commit", commitBytes, [1, 2, 3, 4, 5, 6, 14]],
    ["DeploymentTrigger", triggerBytes, [1, 2, 3, 4, 5]],
    ["DeploymentMetadata", metadataV2Bytes, [1, 2]],
    ["DeploymentSource", targetSourceBytes, [1, 2, 3, 4, 5]],
    ["ExecutePluginInput", executePluginInputBytes, [1, 2, 3, 4, 5]],
    ["LogBlock", logBlockBytes, [1, 2, 3, 14]],
    ["ResourceState", serviceResourceBytes, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]],
    ["GetPlanPreviewRequest", getPlanPreviewRequestBytes, [1, 2, 3, 4, 5, 6]],
    ["ReportStageLogsFromLastCheckpointRequest", reportFromCheckpointBytes, [1, 2, 3, 4, 5]],
    ["Command", approveCommandBytes, [1, 2, 3, 4, 5, 6, 7, 20, 21, 22, 30, 34, 100, 101]],
  ])("%s", (_name, fixture, fields) => {
    expect(distinctFieldNumbers(fixture)).toEqual(fields);
  });

  it("ExecuteStageRequest wraps ExecutePluginInput in field 1 with a multi-byte length prefix", () => {
    expect(executePluginInputBytes.length).toBeGreaterThan(127);
    expect(hex(executeStageRequestBytes)).toBe(
      `0a${hex(varint(executePluginInputBytes.length))}${hex(executePluginInputBytes)}`,
    );
  });
});

describe("required messages decode from hand-built bytes and encode back byte for byte", () => {
  const cases: WireCase[] = [
    wireCase("Deployment", Deployment, deploymentBytes, deployment),
    wireCase("PipelineStage", PipelineStage, stageBytes, stage),
    wireCase(
      "PipelineStage (planned rollback stage, defaults omitted)",
      PipelineStage,
      rollbackStageBytes,
      rollbackStage,
    ),
    wireCase("ExecuteStageRequest", ExecuteStageRequest, executeStageRequestBytes, executeStageRequest),
    wireCase(
      "BuildPipelineSyncStagesRequest",
      BuildPipelineSyncStagesRequest,
      buildPipelineSyncStagesRequestBytes,
      buildPipelineSyncStagesRequest,
    ),
    wireCase("DeploymentSource", DeploymentSource, targetSourceBytes, targetSource),
    wireCase("LogBlock", LogBlock, logBlockBytes, logBlock),
    wireCase("GetLivestateResponse", GetLivestateResponse, getLivestateResponseBytes, getLivestateResponse),
  ];
  it.each(cases)("$name", (c) => expectWire(c));

  it("application_config stays raw bytes (YAML text, not re-encoded)", () => {
    const decoded = DeploymentSource.decode(targetSourceBytes);
    expect(Buffer.isBuffer(decoded.applicationConfig)).toBe(true);
    expect(decoded.applicationConfig.toString("utf8")).toBe(appConfigYaml);
  });
});

describe("more messages decode from hand-built bytes and encode back byte for byte", () => {
  const cases: WireCase[] = [
    // PlanPreviewService
    wireCase("GetPlanPreviewRequest", GetPlanPreviewRequest, getPlanPreviewRequestBytes, getPlanPreviewRequest),
    wireCase("GetPlanPreviewResponse", GetPlanPreviewResponse, getPlanPreviewResponseBytes, getPlanPreviewResponse),
    // DeploymentService
    wireCase("FetchDefinedStagesRequest (empty)", FetchDefinedStagesRequest, new Uint8Array(), {}),
    wireCase(
      "FetchDefinedStagesResponse",
      FetchDefinedStagesResponse,
      fetchDefinedStagesResponseBytes,
      fetchDefinedStagesResponse,
    ),
    wireCase(
      "DetermineVersionsRequest",
      DetermineVersionsRequest,
      message(sub(1, len(1, deploymentBytes), len(2, runningSourceBytes), len(3, targetSourceBytes))),
      { input: { deployment, runningDeploymentSource: runningSource, targetDeploymentSource: targetSource } },
    ),
    wireCase(
      "DetermineVersionsResponse",
      DetermineVersionsResponse,
      messages(1, [message(enumField(1, 1), str(2, "v2"), str(3, "hello"), str(4, "gcr.io/acme/hello:v2"))]),
      {
        versions: [
          { kind: ArtifactVersion_Kind.CONTAINER_IMAGE, version: "v2", name: "hello", url: "gcr.io/acme/hello:v2" },
        ],
      },
    ),
    wireCase(
      "DetermineStrategyRequest (plan-preview minimal deployment, first deployment: no running source)",
      DetermineStrategyRequest,
      message(sub(1, len(1, minimalDeploymentBytes), len(3, targetSourceBytes))),
      { input: { deployment: minimalDeployment, targetDeploymentSource: targetSource } },
    ),
    wireCase(
      "DetermineStrategyResponse",
      DetermineStrategyResponse,
      message(enumField(1, 1), str(2, "Quick sync because no container image change was detected"), bool(3, true)),
      {
        syncStrategy: SyncStrategy.QUICK_SYNC,
        summary: "Quick sync because no container image change was detected",
        unsupported: true,
      },
    ),
    wireCase(
      "BuildPipelineSyncStagesResponse",
      BuildPipelineSyncStagesResponse,
      messages(1, [stageBytes, rollbackStageBytes]),
      { stages: [stage, rollbackStage] },
    ),
    wireCase("BuildQuickSyncStagesRequest", BuildQuickSyncStagesRequest, bool(1, true), { rollback: true }),
    wireCase("BuildQuickSyncStagesResponse", BuildQuickSyncStagesResponse, messages(1, [rollbackStageBytes]), {
      stages: [rollbackStage],
    }),
    wireCase("ExecuteStageResponse", ExecuteStageResponse, message(enumField(1, 3), str(2, "boom")), {
      status: StageStatus.STAGE_FAILURE,
      message: "boom",
    }),
    // LivestateService
    wireCase(
      "GetLivestateRequest",
      GetLivestateRequest,
      message(
        str(1, "piped-1"),
        str(2, "app-1"),
        str(3, "hello"),
        len(4, targetSourceBytes),
        strings(5, ["prod-tokyo", "prod-osaka"]),
      ),
      {
        pipedId: "piped-1",
        applicationId: "app-1",
        applicationName: "hello",
        deploySource: targetSource,
        deployTargets: ["prod-tokyo", "prod-osaka"],
      },
    ),
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

  it("DeploymentService, LivestateService and PlanPreviewService (served by the plugin) match the protocol's service table", () => {
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

  it("PluginService (served by piped) matches the protocol's service table", () => {
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

describe("enum numeric values match PipeCD's", () => {
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
