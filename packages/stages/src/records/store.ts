/**
 * Reading and writing the deployment's records through the metadata port: the pre-deployment
 * snapshot, the service and candidate ids, and the split each traffic write left.
 */
import type { Service } from "@cr/cloudrun/pure";
import { describePortError, type StageContext } from "../executor/context.js";
import {
  APP_OBJECT_APPLIED_TRAFFIC,
  METADATA_CANDIDATE_REVISION,
  METADATA_LAST_TRAFFIC,
  METADATA_SERVICE_ID,
  METADATA_TRAFFIC_SNAPSHOT,
} from "../metadata-keys.js";
import { PROMOTE_STAGE } from "../stage-names.js";
import {
  type AppliedTrafficRecord,
  appliedTrafficRecord,
  parseAppliedTraffic,
  serializeAppliedTraffic,
} from "./applied-traffic.js";
import { type PreDeploymentRecord, parseRecord, serializeRecord } from "./pre-deployment.js";

async function getKey(ctx: StageContext, key: string): Promise<string | undefined> {
  const value = await ctx.call(`reading deployment metadata ${key}`, () => ctx.metadata.get(key));
  return value === undefined || value === "" ? undefined : value;
}

/** The stored pre-deployment record; FAILURE when it is there but unreadable. */
export async function readRecord(ctx: StageContext): Promise<PreDeploymentRecord | undefined> {
  const text = await getKey(ctx, METADATA_TRAFFIC_SNAPSHOT);
  if (text === undefined) return undefined;
  const parsed = parseRecord(text);
  if (!parsed.ok) ctx.fail(`the stored pre-deployment snapshot is unreadable: ${parsed.problems.join("; ")}`);
  return parsed.record;
}

export async function writeRecord(ctx: StageContext, record: PreDeploymentRecord): Promise<void> {
  await ctx.call(`storing the pre-deployment snapshot`, () =>
    ctx.metadata.put(METADATA_TRAFFIC_SNAPSHOT, serializeRecord(record)),
  );
}

export interface DeploymentIds {
  serviceId?: string;
  candidate?: string;
}

export async function readIds(ctx: StageContext): Promise<DeploymentIds> {
  const ids: DeploymentIds = {};
  const serviceId = await getKey(ctx, METADATA_SERVICE_ID);
  const candidate = await getKey(ctx, METADATA_CANDIDATE_REVISION);
  if (serviceId !== undefined) ids.serviceId = serviceId;
  if (candidate !== undefined) ids.candidate = candidate;
  return ids;
}

/** Stores the service id and candidate, skipping values already stored (no needless writes on a re-run). */
export async function writeIds(ctx: StageContext, stored: DeploymentIds, ids: Required<DeploymentIds>) {
  if (stored.serviceId !== ids.serviceId) {
    await ctx.call(`storing deployment metadata ${METADATA_SERVICE_ID}`, () =>
      ctx.metadata.put(METADATA_SERVICE_ID, ids.serviceId),
    );
  }
  if (stored.candidate !== ids.candidate) {
    await ctx.call(`storing deployment metadata ${METADATA_CANDIDATE_REVISION}`, () =>
      ctx.metadata.put(METADATA_CANDIDATE_REVISION, ids.candidate),
    );
  }
}

export interface AppliedTraffic {
  serviceId: string;
  deploymentId: string;
  /** The service the traffic verification passed on. */
  verified: Service;
  rolledBack: boolean;
}

/**
 * Records the verified split as the application object live state compares against. Best effort:
 * the traffic is already in place, so a failure is an error line, not a failed stage (live state
 * then compares with the previous record until the next traffic write).
 */
export async function recordAppliedTraffic(ctx: StageContext, applied: AppliedTraffic): Promise<void> {
  const record = appliedTrafficRecord(applied.serviceId, applied.deploymentId, applied.verified, applied.rolledBack);
  if (!record.ok) {
    ctx.log.error(`Could not record the applied traffic for drift detection: ${record.problem}`);
    return;
  }
  const r = await ctx.attempt(() =>
    ctx.metadata.putAppObject(APP_OBJECT_APPLIED_TRAFFIC, serializeAppliedTraffic(record.record)),
  );
  if (!r.ok) {
    ctx.log.error(
      `Could not record the applied traffic for drift detection (${describePortError(r.error)}); live state may report this split as drift until the next traffic change`,
    );
  }
}

export type LastTraffic =
  | { kind: "none" }
  | { kind: "recorded"; record: AppliedTrafficRecord }
  | { kind: "unreadable"; problem: string };

/**
 * The split this deployment last wrote (deployment metadata `last-traffic`). A failed read ends the
 * stage like any metadata read; an unreadable value is returned for the caller to judge.
 */
export async function readLastTraffic(ctx: StageContext): Promise<LastTraffic> {
  const text = await getKey(ctx, METADATA_LAST_TRAFFIC);
  if (text === undefined) return { kind: "none" };
  const parsed = parseAppliedTraffic(text);
  return parsed.ok ? { kind: "recorded", record: parsed.record } : { kind: "unreadable", problem: parsed.problem };
}

/**
 * Records the verified split as the one this deployment last wrote (deployment metadata
 * `last-traffic`), for the drift check of the next CLOUDRUN_PROMOTE. A failed write fails the stage
 * (the next step would otherwise compare with an older split). When the split cannot be recorded,
 * the stored one is cleared, so that no older split is compared.
 */
export async function recordLastTraffic(ctx: StageContext, applied: Omit<AppliedTraffic, "rolledBack">) {
  const record = appliedTrafficRecord(applied.serviceId, applied.deploymentId, applied.verified, false);
  if (!record.ok) {
    ctx.info(
      `Could not record the split this deployment wrote (${record.problem}); the next ${PROMOTE_STAGE} cannot check it for manual changes`,
    );
  }
  const value = record.ok ? serializeAppliedTraffic(record.record) : "";
  await ctx.call(`storing deployment metadata ${METADATA_LAST_TRAFFIC}`, () =>
    ctx.metadata.put(METADATA_LAST_TRAFFIC, value),
  );
}
