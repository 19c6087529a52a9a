/**
 * The stage names this package refers to, typed against `StageName` of `@cr/config` (the one list of
 * the plugin's stages), so a renamed stage fails to compile here.
 */
import type { StageName } from "@cr/config";

export const SYNC_STAGE = "CLOUDRUN_SYNC" satisfies StageName;
export const PROMOTE_STAGE = "CLOUDRUN_PROMOTE" satisfies StageName;
export const ROLLBACK_STAGE = "CLOUDRUN_ROLLBACK" satisfies StageName;
export const CANARY_CLEANUP_STAGE = "CLOUDRUN_CANARY_CLEANUP" satisfies StageName;
