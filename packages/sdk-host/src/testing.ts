// @cr/sdk-host/testing: a fake piped and a driver that launches and calls a plugin as piped does.

export { status as GrpcStatus } from "@grpc/grpc-js";
export { ApplicationSyncStatus } from "./gen/model/application.js";
export { ApplicationLiveState_Status, ResourceState_HealthStatus } from "./gen/model/application_live_state.js";
export { SyncStrategy } from "./gen/model/common.js";
export { type Deployment, DeploymentStatus, type PipelineStage, StageStatus } from "./gen/model/deployment.js";
export { buildDeployment, buildStage, type DeploymentSeed } from "./testing/deployments.js";
export {
  type DeploymentRun,
  deploymentSource,
  type PlanOptions,
  PluginProcess,
  type StageRun,
} from "./testing/driver.js";
export { FakePiped, type RecordedLogCall, type RecordedStageLog } from "./testing/fake-piped.js";
export {
  freePort,
  type PluginLaunchOptions,
  pipedPluginConfigJson,
  runPluginToExit,
} from "./testing/launch.js";
export { type AppSource, PlanningFailed, type PlanningRpcError, planningFailure } from "./testing/planner.js";
export { type RawReply, RawUnaryClient } from "./testing/raw-client.js";
