// A traffic-math consumer as a TypeScript developer writes it. The consumer test compiles this one file
// twice: as an ES module (`.mts`, `import`) and as CommonJS (`.cts`, `require`).
import { readFileSync } from "node:fs";
import {
  type PruneRevision,
  planPrune,
  splitForCandidate,
  type TrafficSplit,
  toTrafficTargets,
} from "@cr/cloudrun/pure";

interface Scenario {
  live: TrafficSplit;
  candidate: string;
  percent: number;
  revisions: PruneRevision[];
}

const scenario: Scenario = JSON.parse(readFileSync(process.argv[2] ?? "scenario.json", "utf8"));
const canary: TrafficSplit = splitForCandidate(scenario.live, scenario.candidate, scenario.percent);
const prune = planPrune(
  scenario.revisions,
  {
    traffic: toTrafficTargets(canary),
    latestCreatedRevision: scenario.candidate,
    latestReadyRevision: scenario.candidate,
  },
  { keepCount: 1 },
);
console.log(JSON.stringify({ canary, prune }));
