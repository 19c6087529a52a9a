// Building the quick sync and pipeline stages.
import { CLOUDRUN_STAGES } from "@cr/config";
import { describe, expect, it } from "vitest";
import { buildPipelineSyncStages, buildQuickSyncStages } from "./stages.js";

const desc = (name: string) => CLOUDRUN_STAGES.find((s) => s.name === name)?.description;

describe("buildQuickSyncStages", () => {
  it.each([
    { name: "without rollback", rollback: false, want: ["CLOUDRUN_SYNC"] },
    { name: "with rollback", rollback: true, want: ["CLOUDRUN_SYNC", "CLOUDRUN_ROLLBACK"] },
  ])("$name", ({ rollback, want }) => {
    const stages = buildQuickSyncStages(rollback);
    expect(stages.map((s) => s.name)).toEqual(want);
    expect(stages.map((s) => s.rollback)).toEqual(want.map((n) => n === "CLOUDRUN_ROLLBACK"));
    for (const s of stages) expect(s.description).toBe(desc(s.name));
  });
});

describe("buildPipelineSyncStages", () => {
  const requested = [
    { index: 1, name: "CLOUDRUN_SYNC" },
    { index: 3, name: "CLOUDRUN_PROMOTE", description: "canary 10%" },
    { index: 5, name: "CLOUDRUN_CANARY_CLEANUP" },
  ];

  it("keeps the requested indexes and adds the rollback at the smallest one", () => {
    const r = buildPipelineSyncStages(true, requested);
    expect(r).toEqual({
      ok: true,
      stages: [
        { index: 1, name: "CLOUDRUN_SYNC", description: desc("CLOUDRUN_SYNC"), rollback: false },
        { index: 3, name: "CLOUDRUN_PROMOTE", description: "canary 10%", rollback: false },
        { index: 5, name: "CLOUDRUN_CANARY_CLEANUP", description: desc("CLOUDRUN_CANARY_CLEANUP"), rollback: false },
        { index: 1, name: "CLOUDRUN_ROLLBACK", description: desc("CLOUDRUN_ROLLBACK"), rollback: true },
      ],
    });
  });

  it.each([
    { name: "without rollback", rollback: false, requested, count: 3 },
    { name: "no stages, no rollback", rollback: false, requested: [], count: 0 },
  ])("$name", ({ rollback, requested: req, count }) => {
    const r = buildPipelineSyncStages(rollback, req);
    expect(r.ok && r.stages.length).toBe(count);
  });

  it.each([
    { name: "rollback without stages", rollback: true, requested: [], want: "rollback requires at least one stage" },
    {
      name: "an unknown stage",
      rollback: false,
      requested: [{ index: 0, name: "K8S_SYNC" }],
      want: 'stage "K8S_SYNC" is not a Cloud Run stage',
    },
  ])("fails on $name", ({ rollback, requested: req, want }) => {
    expect(buildPipelineSyncStages(rollback, req)).toEqual({ ok: false, error: want });
  });
});
