// Hand-built wire fixtures of PipeCD's model messages (DeploymentSource, PipelineStage, Deployment, LogBlock),
// written field by field with the independent builder in wire-fixtures.ts, never produced by the generated encoders.

import { ApplicationKind, ArtifactVersion_Kind, SyncStrategy } from "../src/gen/model/common.js";
import {
  type Commit,
  type Deployment,
  type DeploymentMetadata,
  DeploymentStatus,
  type DeploymentTrigger,
  ManualOperation,
  PipelineStage,
  StageStatus,
} from "../src/gen/model/deployment.js";
import { type LogBlock, LogSeverity } from "../src/gen/model/logblock.js";
import type { DeploymentSource } from "../src/gen/plugin/common/v1alpha1/common.js";
import { T } from "./wire-case.js";
import {
  bool,
  bytes,
  enumField,
  int,
  message,
  messageMap,
  messages,
  str,
  stringMap,
  strings,
  sub,
} from "./wire-fixtures.js";

// ---------------------------------------------------------------------------------------------------------------
// grpc.plugin.common.v1alpha1.DeploymentSource

export const appConfigYaml = [
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

export const targetSourceBytes = message(
  str(1, "/home/piped/.piped/workspace/target-1/cloudrun/hello"), // application_directory
  str(2, "1111111111111111111111111111111111111111"), // commit_hash
  bytes(3, appConfigYaml), // application_config (raw YAML bytes)
  str(4, "app.pipecd.yaml"), // application_config_filename
  str(5, "/home/piped/.piped/workspace/target-1/.pipe"), // shared_config_directory
);
export const targetSource: DeploymentSource = {
  applicationDirectory: "/home/piped/.piped/workspace/target-1/cloudrun/hello",
  commitHash: "1111111111111111111111111111111111111111",
  applicationConfig: Buffer.from(appConfigYaml, "utf8"),
  applicationConfigFilename: "app.pipecd.yaml",
  sharedConfigDirectory: "/home/piped/.piped/workspace/target-1/.pipe",
};

export const runningSourceBytes = message(
  str(1, "/home/piped/.piped/workspace/running-1/cloudrun/hello"),
  str(2, "0000000000000000000000000000000000000000"),
  bytes(3, "apiVersion: pipecd.dev/v1beta1\nkind: Application\n"),
  str(4, "app.pipecd.yaml"),
  str(5, "/home/piped/.piped/workspace/running-1/.pipe"),
);
export const runningSource: DeploymentSource = {
  applicationDirectory: "/home/piped/.piped/workspace/running-1/cloudrun/hello",
  commitHash: "0000000000000000000000000000000000000000",
  applicationConfig: Buffer.from("apiVersion: pipecd.dev/v1beta1\nkind: Application\n", "utf8"),
  applicationConfigFilename: "app.pipecd.yaml",
  sharedConfigDirectory: "/home/piped/.piped/workspace/running-1/.pipe",
};

// ---------------------------------------------------------------------------------------------------------------
// model.PipelineStage: every field 1–17 set

export const stageBytes = message(
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
export const stage: PipelineStage = {
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
export const rollbackStageBytes = message(
  str(1, "stage-9"),
  str(2, "CLOUDRUN_ROLLBACK"),
  str(3, "Rollback the deployment"),
  bool(12, true),
  int(14, T + 300),
  int(15, T + 300),
  enumField(16, 3), // MANUAL_OPERATION_NONE
);
export const rollbackStage: PipelineStage = PipelineStage.create({
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

export const commitBytes = message(
  str(1, "1111111111111111111111111111111111111111"), // hash
  str(2, "Bump hello to v2 — ✨ faster cold starts"), // message (non-ASCII: length prefix counts UTF-8 bytes)
  str(3, "alice"), // author
  str(4, "main"), // branch
  int(5, 42), // pull_request (int64)
  str(6, "https://github.com/acme/apps/commit/1111111111111111111111111111111111111111"), // url
  int(14, T - 100), // created_at (int64, field 14)
);
export const commit: Commit = {
  hash: "1111111111111111111111111111111111111111",
  message: "Bump hello to v2 — ✨ faster cold starts",
  author: "alice",
  branch: "main",
  pullRequest: 42,
  url: "https://github.com/acme/apps/commit/1111111111111111111111111111111111111111",
  createdAt: T - 100,
};

export const triggerBytes = message(
  sub(1, commitBytes), // commit
  str(2, "bob"), // commander
  int(3, T), // timestamp (int64)
  enumField(4, 2), // sync_strategy = PIPELINE
  str(5, "Sync with pipeline to update image from v1 to v2"), // strategy_summary
);
export const trigger: DeploymentTrigger = {
  commit,
  commander: "bob",
  timestamp: T,
  syncStrategy: SyncStrategy.PIPELINE,
  strategySummary: "Sync with pipeline to update image from v1 to v2",
};

export const metadataV2Bytes = message(
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
export const metadataV2: DeploymentMetadata = {
  shared: { keyValues: { DeploymentNotification: '{"mentions":[]}' } },
  plugins: {
    cloudrun: { keyValues: { "previous-revision": "hello-v1-0000000" } },
    wait: { keyValues: { a: "1", b: "2" } },
  },
};

export const deploymentFields = [
  1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12, 20, 21, 22, 24, 30, 31, 32, 33, 34, 40, 41, 50, 60, 100, 101, 102,
];
export const deploymentBytes = message(
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
export const deployment: Deployment = {
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
// model.LogBlock

export const logBlockBytes = message(
  int(1, T + 1), // index (int64; the SDK starts it at unix seconds)
  str(2, "Failed to update service: permission denied"), // log
  enumField(3, 2), // severity = ERROR
  int(14, T + 2), // created_at (int64, field 14)
);
export const logBlock: LogBlock = {
  index: T + 1,
  log: "Failed to update service: permission denied",
  severity: LogSeverity.ERROR,
  createdAt: T + 2,
};
export const infoLogBlockBytes = message(int(1, T + 2), str(2, "Updating service hello\n"), int(14, T + 3)); // INFO = 0 omitted
export const infoLogBlock: LogBlock = {
  index: T + 2,
  log: "Updating service hello\n",
  severity: LogSeverity.INFO,
  createdAt: T + 3,
};
