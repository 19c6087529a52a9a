import type { StageOutcome } from "@cr/stages";
import { describe, expect, it } from "vitest";
import {
  combinedStatus,
  describeTargetOutcomes,
  forEachLimited,
  prefixedStageLog,
  type TargetOutcome,
  targetKey,
} from "./deploy-targets.js";

const outcome = (target: string, status: StageOutcome["status"], summary = "done"): TargetOutcome => ({
  target,
  outcome: { status, summary },
});

describe("forEachLimited", () => {
  it("keeps input order and never runs more than the limit at once", async () => {
    let running = 0;
    let peak = 0;
    const results = await forEachLimited([5, 1, 4, 2, 3], 2, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setImmediate(resolve));
      running--;
      return n * 10;
    });
    expect(results).toEqual([50, 10, 40, 20, 30]);
    expect(peak).toBe(2);
  });

  it("lets every item finish before re-throwing the first rejection", async () => {
    const finished: string[] = [];
    const run = forEachLimited(["a", "b", "c"], 3, async (item) => {
      await new Promise((resolve) => setImmediate(resolve));
      if (item === "a") throw new Error("a broke");
      finished.push(item);
    });
    await expect(run).rejects.toThrow("a broke");
    expect(finished.sort()).toEqual(["b", "c"]);
  });
});

describe("prefixedStageLog", () => {
  it("prefixes every line with the deploy target", () => {
    const lines: string[] = [];
    const log = prefixedStageLog(
      { info: (m) => lines.push(`I ${m}`), success: (m) => lines.push(`S ${m}`), error: (m) => lines.push(`E ${m}`) },
      "run-tokyo",
    );
    log.info("one\ntwo");
    log.success("ok");
    log.error("bad");
    expect(lines).toEqual(["I [run-tokyo] one\n[run-tokyo] two", "S [run-tokyo] ok", "E [run-tokyo] bad"]);
  });
});

describe("targetKey", () => {
  it("leaves keys alone for one deploy target and scopes them for several", () => {
    expect(targetKey("traffic-snapshot", "run-iowa", false)).toBe("traffic-snapshot");
    expect(targetKey("traffic-snapshot", "run-iowa", true)).toBe("run-iowa/traffic-snapshot");
  });
});

describe("combinedStatus", () => {
  it.each([
    { name: "all succeeded", statuses: ["SUCCESS", "SUCCESS"], expected: "SUCCESS" },
    { name: "one failed", statuses: ["SUCCESS", "FAILURE"], expected: "FAILURE" },
    { name: "failure over exited", statuses: ["EXITED", "FAILURE"], expected: "FAILURE" },
    { name: "one skipped", statuses: ["SKIPPED", "SUCCESS"], expected: "SUCCESS" },
    { name: "all skipped", statuses: ["SKIPPED", "SKIPPED"], expected: "SKIPPED" },
    { name: "exited", statuses: ["SUCCESS", "EXITED"], expected: "EXITED" },
  ] as const)("$name → $expected", ({ statuses, expected }) => {
    expect(combinedStatus(statuses.map((s, i) => outcome(`t${i}`, s)))).toBe(expected);
  });
});

describe("describeTargetOutcomes", () => {
  it("names the failed targets and where every target stands", () => {
    const text = describeTargetOutcomes("CLOUDRUN_PROMOTE", [
      outcome("run-tokyo", "SUCCESS", "rev-2 serves 50% of svc"),
      outcome("run-iowa", "FAILURE", "rev-2 is not ready"),
    ]);
    expect(text).toBe(
      [
        "CLOUDRUN_PROMOTE failed on run-iowa (1 of 2 deploy targets):",
        "  run-tokyo: SUCCESS: rev-2 serves 50% of svc",
        "  run-iowa: FAILURE: rev-2 is not ready",
      ].join("\n"),
    );
  });

  it("says when all succeeded", () => {
    expect(describeTargetOutcomes("CLOUDRUN_SYNC", [outcome("a", "SUCCESS"), outcome("b", "SUCCESS")])).toMatch(
      /^CLOUDRUN_SYNC succeeded on all 2 deploy targets:/,
    );
  });
});
