/**
 * BuildQuickSyncStages and BuildPipelineSyncStages (pure). Names and descriptions come from
 * `CLOUDRUN_STAGES` of `@cr/config`, the one list of this plugin's stages.
 */
import { CLOUDRUN_STAGES, isStageName, type StageName } from "@cr/config";
import { ROLLBACK_STAGE as ROLLBACK, SYNC_STAGE as SYNC } from "../stage-names.js";

function describe(name: StageName): string {
  return CLOUDRUN_STAGES.find((s) => s.name === name)?.description ?? "";
}

export interface QuickSyncStage {
  name: StageName;
  description: string;
  rollback: boolean;
}

/** CLOUDRUN_SYNC, plus CLOUDRUN_ROLLBACK (rollback: true) when auto-rollback is on. */
export function buildQuickSyncStages(rollback: boolean): QuickSyncStage[] {
  const stages: QuickSyncStage[] = [{ name: SYNC, description: describe(SYNC), rollback: false }];
  if (rollback) stages.push({ name: ROLLBACK, description: describe(ROLLBACK), rollback: true });
  return stages;
}

/** A stage of `spec.pipeline` that piped asks this plugin to plan. */
export interface RequestedStage {
  index: number;
  name: string;
  /** The user's `desc`, when given; else the plugin's description is used. */
  description?: string;
}

export interface PipelineStage {
  index: number;
  name: StageName;
  description: string;
  rollback: boolean;
}

/** The stages of a pipeline deployment, or why the requested stages cannot be built. */
export type PipelineStagesResult = { ok: true; stages: PipelineStage[] } | { ok: false; error: string };

/**
 * The requested stages with their own indexes, plus CLOUDRUN_ROLLBACK (rollback: true) at the
 * smallest requested index when auto-rollback is on (piped checks indexes against the request).
 * Fails on a stage name this plugin does not define, and on rollback without any stage.
 */
export function buildPipelineSyncStages(rollback: boolean, requested: readonly RequestedStage[]): PipelineStagesResult {
  const stages: PipelineStage[] = [];
  for (const r of requested) {
    if (!isStageName(r.name)) return { ok: false, error: `stage ${JSON.stringify(r.name)} is not a Cloud Run stage` };
    stages.push({ index: r.index, name: r.name, description: r.description || describe(r.name), rollback: false });
  }
  if (rollback) {
    if (requested.length === 0) return { ok: false, error: "rollback requires at least one stage" };
    const index = Math.min(...requested.map((r) => r.index));
    stages.push({ index, name: ROLLBACK, description: describe(ROLLBACK), rollback: true });
  }
  return { ok: true, stages };
}
