// Short-form split entries for the traffic tests.
import type { SplitTarget } from "../src/traffic.js";

export const rev = (revision: string, percent: number, tag?: string): SplitTarget =>
  tag === undefined ? { type: "REVISION", revision, percent } : { type: "REVISION", revision, percent, tag };
export const latest = (percent: number, tag?: string): SplitTarget =>
  tag === undefined ? { type: "LATEST", percent } : { type: "LATEST", percent, tag };
export const sum = (split: SplitTarget[]) => split.reduce((s, t) => s + t.percent, 0);
