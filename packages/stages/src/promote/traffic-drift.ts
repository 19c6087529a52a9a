/**
 * Manual traffic edits between steps (pure): the live split against the one this deployment last
 * wrote (`last-traffic`). PROMOTE checks it before planning; ROLLBACK says it overrides such an edit.
 */
import {
  diffSplits,
  effectiveSplit,
  type Service,
  type SplitChange,
  shortName,
  type TrafficSplit,
  toTrafficTargets,
} from "@cr/cloudrun/pure";
import { type AppliedTrafficRecord, recordedSplit } from "../records/applied-traffic.js";
import { describeChanges, resolvedSplit, sameSplit } from "../split.js";
import { planPromoteStep } from "./plan.js";

/** The PROMOTE step about to run: `percent` to `candidate`. */
export interface PromoteStep {
  candidate: string;
  percent: number;
}

export interface TrafficDriftInput {
  /** Short id of the service the stage works on. */
  serviceId: string;
  /** The service as read now. */
  live: Pick<Service, "name" | "traffic" | "latestReadyRevision">;
  /** What this deployment last wrote; `undefined` when it wrote no traffic yet. */
  last?: AppliedTrafficRecord;
  /**
   * The step about to run. When the live split is exactly what this step makes of the recorded
   * one, the step already ran and only its record was lost (a crash after the write): not drift.
   */
  step?: PromoteStep;
}

export type TrafficDriftCheck =
  | {
      drift: false;
      /**
       * - `not-recorded`: this deployment wrote no traffic yet, nothing to compare;
       * - `other-service`: the record is about another service;
       * - `unchanged`: the live split is the recorded one;
       * - `step-applied`: the live split is what {@link TrafficDriftInput.step} makes of the recorded one.
       */
      why: "not-recorded" | "other-service" | "unchanged" | "step-applied";
    }
  | {
      drift: true;
      /** What this deployment last wrote (REVISION entries). */
      recorded: TrafficSplit;
      /** The live split, LATEST resolved to the latest ready revision (left as LATEST when nothing is ready). */
      live: TrafficSplit;
      /** `recorded → live`, per target and per tag (`diffSplits`). */
      changes: SplitChange[];
    };

/**
 * Whether the traffic was changed outside this deployment since its last traffic write: the live
 * split (LATEST resolved) against the recorded one, entry order ignored, per-target totals and tag
 * owners compared (`diffSplits`).
 */
export function checkTrafficDrift(input: TrafficDriftInput): TrafficDriftCheck {
  const { last, live, serviceId } = input;
  if (last === undefined) return { drift: false, why: "not-recorded" };
  if (last.service !== serviceId) return { drift: false, why: "other-service" };
  const recorded = recordedSplit(last);
  const current = resolvedSplit(live) ?? effectiveSplit(live);
  const changes = diffSplits(recorded, current);
  if (changes.length === 0) return { drift: false, why: "unchanged" };
  if (input.step !== undefined) {
    const fromRecord = planPromoteStep(
      { name: live.name ?? serviceId, traffic: toTrafficTargets(recorded) },
      input.step.candidate,
      input.step.percent,
    );
    if (fromRecord.ok && sameSplit(fromRecord.next, current)) return { drift: false, why: "step-applied" };
  }
  return { drift: true, recorded, live: current, changes };
}

/** `traffic of <service> was changed outside this deployment since its last step (<changes>)`. */
export function trafficDriftMessage(serviceId: string, changes: readonly SplitChange[]): string {
  return `traffic of ${shortName(serviceId)} was changed outside this deployment since its last step (${describeChanges(changes)})`;
}
