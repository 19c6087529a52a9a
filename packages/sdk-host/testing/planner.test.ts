// The fake planner plans as strictly as piped's.
import { status } from "@grpc/grpc-js";
import { describe, expect, it } from "vitest";
import { SyncStrategy } from "../src/gen/model/common.js";
import type { PipelineStage } from "../src/gen/model/deployment.js";
import type { PlanPluginInput } from "../src/gen/plugin/deployment/v1alpha1/api.js";
import { buildStage } from "./deployments.js";
import {
  type AppSpecView,
  type PlannerCalls,
  PlanningFailed,
  pipelineIndexProblem,
  planLikePiped,
  planningFailure,
} from "./planner.js";

const input = {} as PlanPluginInput;
const stage = (name: string, index: number, rollback = false): PipelineStage =>
  buildStage({ id: "", name, index, rollback });
const spec = (pipeline: string[], o: Partial<AppSpecView> = {}): AppSpecView => ({
  pipeline: pipeline.map((name) => ({ name, desc: "", with: {} })),
  autoRollback: true,
  alwaysUsePipeline: false,
  ...o,
});
const rpcError = (code: number, details: string) => Object.assign(new Error(details), { code, details });

/** A plugin that defines DEMO_SYNC and DEMO_ROLLBACK and records what it was asked. */
function demoPlugin(overrides: Partial<PlannerCalls> = {}) {
  const asked: string[] = [];
  const calls: PlannerCalls = {
    definedStages: ["DEMO_SYNC", "DEMO_ROLLBACK"],
    determineVersions: async () => {
      asked.push("DetermineVersions");
      return { versions: [] };
    },
    determineStrategy: async () => {
      asked.push("DetermineStrategy");
      return { syncStrategy: SyncStrategy.PIPELINE, summary: "images changed" };
    },
    buildQuickSyncStages: async () => {
      asked.push("BuildQuickSyncStages");
      return { stages: [stage("DEMO_SYNC", 0), stage("DEMO_ROLLBACK", 0, true)] };
    },
    buildPipelineSyncStages: async ({ stages }) => {
      asked.push(`BuildPipelineSyncStages ${stages.map((s) => s.index).join(",")}`);
      return { stages: [...stages.map((s) => stage(s.name, s.index)), stage("DEMO_ROLLBACK", 0, true)] };
    },
    ...overrides,
  };
  return { calls, asked };
}

describe("the fake piped's planner", () => {
  it("plans a pipeline: stages by index chained by requires, rollback last", async () => {
    const { calls } = demoPlugin();
    const plan = await planLikePiped(calls, spec(["DEMO_SYNC", "DEMO_SYNC"]), input, true);
    expect(plan.strategy).toBe(SyncStrategy.PIPELINE);
    expect(plan.stages.map((s) => [s.name, s.index, s.rollback])).toEqual([
      ["DEMO_SYNC", 0, false],
      ["DEMO_SYNC", 1, false],
      ["DEMO_ROLLBACK", 0, true],
    ]);
    expect(plan.stages[1]!.requires).toEqual([plan.stages[0]!.id]);
    expect(plan.versions).toEqual([{ kind: 0, version: "unknown", name: "", url: "" }]);
  });

  it("refuses a stage name no plugin defines with piped's words, without asking the plugin to build it", async () => {
    const { calls, asked } = demoPlugin();
    const failed = await planningFailure(planLikePiped(calls, spec(["DEMO_SYNC", "DEMO_SYNCC"]), input, true));
    expect(failed).toBeInstanceOf(PlanningFailed);
    expect(failed.message).toMatch(/^Unable to plan the deployment \(unable to plan the deployment\)/);
    expect(failed.causes).toEqual(['unable to find plugin for stage "DEMO_SYNCC"']);
    expect(asked).toEqual(["DetermineVersions", "DetermineStrategy"]);
  });

  it("refuses the unknown stage also when alwaysUsePipeline forces the pipeline", async () => {
    const { calls } = demoPlugin();
    const failed = await planningFailure(
      planLikePiped(calls, spec(["DEMO_SYNCC"], { alwaysUsePipeline: true }), input, true),
    );
    expect(failed.causes[0]).toBe('unable to find plugin for stage "DEMO_SYNCC"');
  });

  it("plans a first deployment as quick sync whatever the pipeline says, as piped does", async () => {
    const { calls, asked } = demoPlugin();
    const plan = await planLikePiped(calls, spec(["DEMO_SYNCC"]), input, false);
    expect(plan.strategy).toBe(SyncStrategy.QUICK_SYNC);
    expect(asked).toEqual(["DetermineVersions", "BuildQuickSyncStages"]);
  });

  it("refuses stage indexes piped would refuse", async () => {
    const answers: PipelineStage[][] = [
      [stage("DEMO_SYNC", 0), stage("DEMO_SYNC", 7)],
      [stage("DEMO_SYNC", 0), stage("DEMO_SYNC", 0)],
      [stage("DEMO_SYNC", 0), stage("DEMO_ROLLBACK", 0, true), stage("DEMO_ROLLBACK", 0, true)],
    ];
    const causes: string[] = [];
    for (const answer of answers) {
      const { calls } = demoPlugin({ buildPipelineSyncStages: async () => ({ stages: answer }) });
      causes.push(
        ...(await planningFailure(planLikePiped(calls, spec(["DEMO_SYNC", "DEMO_SYNC"]), input, true))).causes,
      );
    }
    expect(causes).toEqual([
      "failed to build pipeline sync stages for deployment (missing stage with index 7)",
      "failed to build pipeline sync stages for deployment (stage index 0 is used twice among non-rollback stages)",
      "failed to build pipeline sync stages for deployment (stage index 0 is used twice among rollback stages)",
    ]);
  });

  it("a rejected BuildPipelineSyncStages fails planning and keeps the plugin's error", async () => {
    const { calls } = demoPlugin({
      buildPipelineSyncStages: async () => {
        throw rpcError(status.INVALID_ARGUMENT, "/spec/pipeline/stages/1/with/x: bad");
      },
    });
    const failed = await planningFailure(planLikePiped(calls, spec(["DEMO_SYNC", "DEMO_SYNC"]), input, true));
    expect(failed.rpcErrors).toEqual([
      {
        method: "BuildPipelineSyncStages",
        code: status.INVALID_ARGUMENT,
        details: "/spec/pipeline/stages/1/with/x: bad",
      },
    ]);
    expect(failed.causes[0]).toContain("failed to build pipeline sync stages for deployment (/spec/pipeline");
  });

  it("ignores a failed DetermineVersions; a failed DetermineStrategy leaves no strategy and fails planning", async () => {
    const { calls } = demoPlugin({
      determineVersions: async () => {
        throw rpcError(status.INVALID_ARGUMENT, "bad spec");
      },
      determineStrategy: async () => {
        throw rpcError(status.INVALID_ARGUMENT, "bad spec");
      },
    });
    const failed = await planningFailure(planLikePiped(calls, spec(["DEMO_SYNC"]), input, true));
    expect(failed.rpcErrors.map((e) => e.method)).toEqual(["DetermineVersions", "DetermineStrategy"]);
    expect(pipelineIndexProblem([1, 3], [stage("X", 1), stage("Y", 1, true)])).toBeUndefined();
  });

  it("planningFailure refuses a plan that succeeds", async () => {
    const { calls } = demoPlugin();
    await expect(planningFailure(planLikePiped(calls, spec(["DEMO_SYNC"]), input, true))).rejects.toThrow(
      "the plan succeeded, but it was expected to fail",
    );
  });
});
