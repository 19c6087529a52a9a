// @cr/sdk-host/testing: a fake piped and a driver that launches and calls a plugin as piped does.

export { status as GrpcStatus } from "@grpc/grpc-js";
export { ApplicationSyncStatus } from "../src/gen/model/application.js";
export { ApplicationLiveState_Status, ResourceState_HealthStatus } from "../src/gen/model/application_live_state.js";
export { SyncStrategy } from "../src/gen/model/common.js";
export { type Deployment, DeploymentStatus, type PipelineStage, StageStatus } from "../src/gen/model/deployment.js";
export { buildDeployment, buildStage, type DeploymentSeed } from "./deployments.js";
export {
  type DeploymentRun,
  deploymentSource,
  type PlanOptions,
  PluginProcess,
  type StageRun,
} from "./driver.js";
export { FakePiped, type RecordedLogCall, type RecordedStageLog } from "./fake-piped.js";
export {
  canConnect,
  freePort,
  type PluginLaunchOptions,
  pipedPluginConfigJson,
  runPluginToExit,
} from "./launch.js";
export { type AppSource, PlanningFailed, type PlanningRpcError, planningFailure } from "./planner.js";
export { type RawReply, RawUnaryClient } from "./raw-client.js";
