// Builders for complete Deployment and PipelineStage messages, as piped fills them.
import { randomUUID } from "node:crypto";
import { ApplicationKind, SyncStrategy } from "../src/gen/model/common.js";
import {
  type Deployment,
  DeploymentStatus,
  ManualOperation,
  type PipelineStage,
  StageStatus,
} from "../src/gen/model/deployment.js";

export interface DeploymentSeed {
  id?: string;
  applicationId?: string;
  applicationName?: string;
  pipedId?: string;
  projectId?: string;
  pluginName: string;
  deployTargets: string[];
  commitHash: string;
  runningCommitHash?: string;
  labels?: Record<string, string>;
  syncStrategy?: SyncStrategy;
}

/** A Deployment as complete as piped's validation requires, with ids and timestamps filled. */
export function buildDeployment(seed: DeploymentSeed): Deployment {
  const now = Math.floor(Date.now() / 1000);
  return {
    id: seed.id ?? randomUUID(),
    applicationId: seed.applicationId ?? "app-1",
    applicationName: seed.applicationName ?? "helloworld",
    pipedId: seed.pipedId ?? "piped-1",
    projectId: seed.projectId ?? "project-1",
    kind: ApplicationKind.KUBERNETES,
    gitPath: {
      repo: { id: "repo-1", remote: "git@github.com:example/apps.git", branch: "main" },
      path: "apps/helloworld",
      configFilename: "app.pipecd.yaml",
      url: "",
    },
    cloudProvider: "",
    labels: seed.labels ?? {},
    platformProvider: "",
    deployTargetsByPlugin: { [seed.pluginName]: { deployTargets: seed.deployTargets } },
    trigger: {
      commit: {
        hash: seed.commitHash,
        message: "update",
        author: "alice",
        branch: "main",
        pullRequest: 0,
        url: "",
        createdAt: now,
      },
      commander: "",
      timestamp: now,
      syncStrategy: seed.syncStrategy ?? SyncStrategy.AUTO,
      strategySummary: "",
    },
    runningCommitHash: seed.runningCommitHash ?? "",
    summary: "",
    versions: [],
    status: DeploymentStatus.DEPLOYMENT_PENDING,
    statusReason: "",
    stages: [],
    metadata: {},
    metadataV2: { shared: { keyValues: {} }, plugins: {} },
    deploymentChainId: "",
    deploymentChainBlockIndex: 0,
    deploymentTraceCommitHash: "",
    runningConfigFilename: "",
    completedAt: 0,
    createdAt: now,
    updatedAt: now,
  };
}

/** A PipelineStage as piped plans it (id, timestamps, no manual operation), overridable field by field. */
export function buildStage(fields: Partial<PipelineStage> & Pick<PipelineStage, "id" | "name">): PipelineStage {
  const now = Math.floor(Date.now() / 1000);
  return {
    desc: "",
    index: 0,
    predefined: false,
    requires: [],
    visible: false,
    status: StageStatus.STAGE_NOT_STARTED_YET,
    statusReason: "",
    metadata: {},
    retriedCount: 0,
    rollback: false,
    completedAt: 0,
    createdAt: now,
    updatedAt: now,
    availableOperation: ManualOperation.MANUAL_OPERATION_NONE,
    authorizedOperators: [],
    ...fields,
  };
}
