/**
 * Drift detection (pure): the desired service from Git against the live one, both made comparable,
 * and the live traffic against what the last deployment left (or else what a deployment leaves).
 */
import {
  diffSplits,
  effectiveSplit,
  resolveLatest,
  type Service,
  shortName,
  TrafficError,
  type TrafficSplit,
} from "@cr/cloudrun/pure";
import { shiftTraffic } from "../candidate/deploy-plan.js";
import type { DesiredService } from "../candidate/desired.js";
import { type Difference, formatPath } from "../diff/structural.js";
import { type AppliedTrafficRecord, recordedSplit } from "../records/applied-traffic.js";
import { formatSplitInline } from "../split.js";
import { categories, comparablePair, secretPrefix, serviceDifferences } from "./comparable.js";

/** The desired service from Git, the live one, and the split the last deployment left. */
export interface DriftInput {
  desired: Pick<DesiredService, "serviceId" | "service" | "candidateSource">;
  /** The live service; `null` when it does not exist. */
  live: Service | null;
  /** The applied-traffic record of this deploy target, when a deployment left one. */
  applied?: AppliedTrafficRecord;
}

/** What differs between Git and the live service, as fields and readable lines. */
export interface Drift {
  /** Fields that differ, e.g. `["image", "env", "traffic"]`; empty when in sync. */
  fields: string[];
  /** One line per difference, `path: live → desired`; never an environment value. */
  lines: string[];
}

/** Longest value shown in a reason line. */
const MAX_VALUE_LENGTH = 100;

function formatValue(value: unknown): string {
  if (value === undefined) return "(none)";
  let text: string;
  if (typeof value === "string") text = value === "" || /\s/.test(value) ? JSON.stringify(value) : value;
  else if (Array.isArray(value) || (typeof value === "object" && value !== null)) text = JSON.stringify(value);
  else text = String(value);
  return text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH)}…` : text;
}

/**
 * `path: live → desired` per difference. Differences inside one env var become one line naming
 * the variable only: `…env[NAME]: (value differs)`, `(not set) → (set)` or `(set) → (not set)`.
 */
export function describeDifferences(differences: readonly Difference[]): string[] {
  const lines: string[] = [];
  const secrets = new Map<string, { before: boolean; after: boolean; line: number }>();
  for (const d of differences) {
    const prefix = secretPrefix(d.segments);
    if (prefix === undefined) {
      lines.push(`${d.path}: ${formatValue(d.before)} → ${formatValue(d.after)}`);
      continue;
    }
    const path = formatPath(prefix);
    const seen = secrets.get(path) ?? { before: false, after: false, line: lines.push(path) - 1 };
    seen.before ||= d.before !== undefined;
    seen.after ||= d.after !== undefined;
    secrets.set(path, seen);
  }
  for (const [path, seen] of secrets) {
    const change =
      seen.before && seen.after ? "(value differs)" : seen.after ? "(not set) → (set)" : "(set) → (not set)";
    lines[seen.line] = `${path}: ${change}`;
  }
  return lines;
}

/** The live split with LATEST resolved; undefined when LATEST has no ready revision to resolve to. */
export function liveSplit(live: Service): TrafficSplit | undefined {
  try {
    return resolveLatest(effectiveSplit(live), live);
  } catch (e) {
    if (e instanceof TrafficError) return undefined;
    throw e;
  }
}

/** What a deployment leaves: 100 % to `revision`, every tag kept on its revision at 0 % (the SYNC rule). */
export function deploymentTraffic(current: TrafficSplit, revision: string): TrafficSplit {
  return shiftTraffic(current, revision, { skipTrafficShift: false });
}

interface ExpectedTraffic {
  split: TrafficSplit;
  why: string;
}

function expectedTraffic(live: Service, current: TrafficSplit, input: DriftInput): ExpectedTraffic | undefined {
  const applied = input.applied;
  if (applied !== undefined && applied.service === input.desired.serviceId) {
    return { split: recordedSplit(applied), why: "as the last deployment left it" };
  }
  const ready = live.latestReadyRevision ? shortName(live.latestReadyRevision) : "";
  if (ready === "") return undefined;
  return { split: deploymentTraffic(current, ready), why: "a deployment routes 100% to the latest ready revision" };
}

function trafficLines(live: Service, input: DriftInput): string[] {
  const lines: string[] = [];
  if (input.applied?.rolledBack && input.applied.service === input.desired.serviceId) {
    lines.push(
      "traffic: the last deployment was rolled back, so the revision with the configuration in Git serves no traffic",
    );
  }
  const current = liveSplit(live);
  if (current === undefined) return lines; // nothing ready can serve; the resource health says so
  const expected = expectedTraffic(live, current, input);
  if (expected === undefined || diffSplits(current, expected.split).length === 0) return lines;
  lines.push(`traffic: ${formatSplitInline(current)} → ${formatSplitInline(expected.split)} (${expected.why})`);
  return lines;
}

/** What differs between Git and the live service; `fields` is empty when they agree. */
export function detectDrift(input: DriftInput): Drift {
  const { live, desired } = input;
  if (live === null) return { fields: ["service"], lines: [`service ${desired.serviceId} does not exist`] };
  const pair = comparablePair(live, desired);
  const differences = serviceDifferences(pair.live, pair.desired);
  const traffic = trafficLines(live, input);
  return {
    fields: [...categories(differences), ...(traffic.length > 0 ? ["traffic"] : [])],
    lines: [...describeDifferences(differences), ...traffic],
  };
}
