/**
 * The application's sync state from the drift of each deploy target (pure), in the words piped
 * shows: a short reason (one line) and a reason listing every difference.
 */
import type { Drift } from "./drift.js";

export type SyncStatus = "SYNCED" | "OUT_OF_SYNC" | "INVALID_CONFIG" | "UNKNOWN";

/** The sync state piped shows for an application. */
export interface SyncState {
  status: SyncStatus;
  shortReason: string;
  reason: string;
}

/** The drift found on one deploy target. */
export interface TargetDrift {
  deployTarget: string;
  serviceId: string;
  drift: Drift;
}

/** Most lines listed per deploy target; the rest are counted. */
export const MAX_REASON_LINES = 50;

function shortCommit(commit: string): string {
  return commit.slice(0, 7) || "(unknown commit)";
}

/** SYNCED when no deploy target drifted; otherwise OUT_OF_SYNC naming the fields per deploy target. */
export function driftSyncState(targets: readonly TargetDrift[], commit: string): SyncState {
  const drifted = targets.filter((t) => t.drift.fields.length > 0);
  if (drifted.length === 0) return { status: "SYNCED", shortReason: "", reason: "" };
  const short = drifted.map(({ deployTarget, serviceId, drift }) =>
    drift.fields.length === 1 && drift.fields[0] === "service"
      ? `${serviceId} does not exist on ${deployTarget}`
      : `${serviceId} on ${deployTarget} differs from Git in ${drift.fields.join(", ")}`,
  );
  const blocks = drifted.map(({ deployTarget, serviceId, drift }) => {
    const shown = drift.lines.slice(0, MAX_REASON_LINES).map((line) => `  ${line}`);
    const hidden = drift.lines.length - shown.length;
    if (hidden > 0) shown.push(`  … and ${hidden} more`);
    return [
      `Diff between Git at commit ${shortCommit(commit)} and the live service ${serviceId} on ${deployTarget} (path: live → desired):`,
      ...shown,
    ].join("\n");
  });
  return { status: "OUT_OF_SYNC", shortReason: short.join("; "), reason: blocks.join("\n\n") };
}

/** INVALID_CONFIG: the manifest or the config cannot be loaded; `problems` name where, never values. */
export function invalidConfigSyncState(what: string, problems: readonly string[]): SyncState {
  return { status: "INVALID_CONFIG", shortReason: what, reason: problems.join("\n") };
}
