// Wire compatibility of the checked-in ts-proto code with PipeCD's plugin protocol: messages of the services
// the plugin serves (DeploymentService, LivestateService, PlanPreviewService) and the model messages they carry.
//
// Fixtures are hand-built (see ../test/wire-model-fixtures.ts): each must decode to the expected object and the
// expected object must encode back byte for byte. Fixtures list fields in ascending field-number order, map
// entries in the order of the expected object and omit default-valued scalars, as a proto3 serializer does.

import { describe, expect, it } from "vitest";
import { expectWire, type WireCase, wireCase } from "../test/wire-case.js";
import { bool, enumField, len, message, messages, str, strings, sub } from "../test/wire-fixtures.js";
import * as model from "../test/wire-model-fixtures.js";
import {
  buildPipelineSyncStagesRequest,
  buildPipelineSyncStagesRequestBytes,
  executeStageRequest,
  executeStageRequestBytes,
  fetchDefinedStagesResponse,
  fetchDefinedStagesResponseBytes,
  getLivestateResponse,
  getLivestateResponseBytes,
  getPlanPreviewRequest,
  getPlanPreviewRequestBytes,
  getPlanPreviewResponse,
  getPlanPreviewResponseBytes,
  minimalDeployment,
  minimalDeploymentBytes,
} from "../test/wire-service-fixtures.js";
import { ArtifactVersion_Kind, SyncStrategy } from "./gen/model/common.js";
import { Deployment, PipelineStage, StageStatus } from "./gen/model/deployment.js";
import { LogBlock } from "./gen/model/logblock.js";
import { DeploymentSource } from "./gen/plugin/common/v1alpha1/common.js";
import * as deploymentApi from "./gen/plugin/deployment/v1alpha1/api.js";
import { GetLivestateRequest, GetLivestateResponse } from "./gen/plugin/livestate/v1alpha1/api.js";
import { GetPlanPreviewRequest, GetPlanPreviewResponse } from "./gen/plugin/planpreview/v1alpha1/api.js";

describe("required messages decode from hand-built bytes and encode back byte for byte", () => {
  const cases: WireCase[] = [
    wireCase("Deployment", Deployment, model.deploymentBytes, model.deployment),
    wireCase("PipelineStage", PipelineStage, model.stageBytes, model.stage),
    wireCase(
      "PipelineStage (planned rollback stage, defaults omitted)",
      PipelineStage,
      model.rollbackStageBytes,
      model.rollbackStage,
    ),
    wireCase("ExecuteStageRequest", deploymentApi.ExecuteStageRequest, executeStageRequestBytes, executeStageRequest),
    wireCase(
      "BuildPipelineSyncStagesRequest",
      deploymentApi.BuildPipelineSyncStagesRequest,
      buildPipelineSyncStagesRequestBytes,
      buildPipelineSyncStagesRequest,
    ),
    wireCase("DeploymentSource", DeploymentSource, model.targetSourceBytes, model.targetSource),
    wireCase("LogBlock", LogBlock, model.logBlockBytes, model.logBlock),
    wireCase("GetLivestateResponse", GetLivestateResponse, getLivestateResponseBytes, getLivestateResponse),
  ];
  it.each(cases)("$name", (c) => expectWire(c));

  it("application_config stays raw bytes (YAML text, not re-encoded)", () => {
    const decoded = DeploymentSource.decode(model.targetSourceBytes);
    expect(Buffer.isBuffer(decoded.applicationConfig)).toBe(true);
    expect(decoded.applicationConfig.toString("utf8")).toBe(model.appConfigYaml);
  });
});

describe("more messages decode from hand-built bytes and encode back byte for byte", () => {
  const cases: WireCase[] = [
    // PlanPreviewService
    wireCase("GetPlanPreviewRequest", GetPlanPreviewRequest, getPlanPreviewRequestBytes, getPlanPreviewRequest),
    wireCase("GetPlanPreviewResponse", GetPlanPreviewResponse, getPlanPreviewResponseBytes, getPlanPreviewResponse),
    // DeploymentService
    wireCase("FetchDefinedStagesRequest (empty)", deploymentApi.FetchDefinedStagesRequest, new Uint8Array(), {}),
    wireCase(
      "FetchDefinedStagesResponse",
      deploymentApi.FetchDefinedStagesResponse,
      fetchDefinedStagesResponseBytes,
      fetchDefinedStagesResponse,
    ),
    wireCase(
      "DetermineVersionsRequest",
      deploymentApi.DetermineVersionsRequest,
      message(sub(1, len(1, model.deploymentBytes), len(2, model.runningSourceBytes), len(3, model.targetSourceBytes))),
      {
        input: {
          deployment: model.deployment,
          runningDeploymentSource: model.runningSource,
          targetDeploymentSource: model.targetSource,
        },
      },
    ),
    wireCase(
      "DetermineVersionsResponse",
      deploymentApi.DetermineVersionsResponse,
      messages(1, [message(enumField(1, 1), str(2, "v2"), str(3, "hello"), str(4, "gcr.io/acme/hello:v2"))]),
      {
        versions: [
          { kind: ArtifactVersion_Kind.CONTAINER_IMAGE, version: "v2", name: "hello", url: "gcr.io/acme/hello:v2" },
        ],
      },
    ),
    wireCase(
      "DetermineStrategyRequest (plan-preview minimal deployment, first deployment: no running source)",
      deploymentApi.DetermineStrategyRequest,
      message(sub(1, len(1, minimalDeploymentBytes), len(3, model.targetSourceBytes))),
      { input: { deployment: minimalDeployment, targetDeploymentSource: model.targetSource } },
    ),
    wireCase(
      "DetermineStrategyResponse",
      deploymentApi.DetermineStrategyResponse,
      message(enumField(1, 1), str(2, "Quick sync because no container image change was detected"), bool(3, true)),
      {
        syncStrategy: SyncStrategy.QUICK_SYNC,
        summary: "Quick sync because no container image change was detected",
        unsupported: true,
      },
    ),
    wireCase(
      "BuildPipelineSyncStagesResponse",
      deploymentApi.BuildPipelineSyncStagesResponse,
      messages(1, [model.stageBytes, model.rollbackStageBytes]),
      { stages: [model.stage, model.rollbackStage] },
    ),
    wireCase("BuildQuickSyncStagesRequest", deploymentApi.BuildQuickSyncStagesRequest, bool(1, true), {
      rollback: true,
    }),
    wireCase(
      "BuildQuickSyncStagesResponse",
      deploymentApi.BuildQuickSyncStagesResponse,
      messages(1, [model.rollbackStageBytes]),
      {
        stages: [model.rollbackStage],
      },
    ),
    wireCase("ExecuteStageResponse", deploymentApi.ExecuteStageResponse, message(enumField(1, 3), str(2, "boom")), {
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
        len(4, model.targetSourceBytes),
        strings(5, ["prod-tokyo", "prod-osaka"]),
      ),
      {
        pipedId: "piped-1",
        applicationId: "app-1",
        applicationName: "hello",
        deploySource: model.targetSource,
        deployTargets: ["prod-tokyo", "prod-osaka"],
      },
    ),
  ];
  it.each(cases)("$name", (c) => expectWire(c));
});
