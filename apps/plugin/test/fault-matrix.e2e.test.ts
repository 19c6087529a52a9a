/**
 * Fault matrix: the canary pipeline of the built plugin against the emulator, with a fault on each
 * Cloud Run call a stage makes, armed before one stage. Whatever happens, the final traffic is the
 * intended split or the pre-deployment one, no revision that is not Ready serves traffic, and each
 * stage's result matches what is live after it.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { FaultSpec } from "@cr/cloudrun-emulator";
import { type AppSource, type Deployment, DeploymentStatus, type StageRun, StageStatus } from "@cr/sdk-host/testing";
import { describe, expect, it } from "vitest";
import { C1, C2, CANARY, commitOf, type World, withImage, worldForSuite } from "./harness.js";
import { percentages, signal } from "./live.js";

const { service: SERVICE, rev1: REV1, rev2: REV2 } = CANARY;
const V2_IMAGE = "gcr.io/example/helloworld:v2.0.0";
const PRE = { [REV1]: 100 };
const INTENDED = { [REV2]: 100 };

/** v2 of the canary example, with a short readiness timeout so a never-ready revision fails fast. */
function v2Commit(): AppSource {
  const v2 = commitOf("canary", C2, withImage("v2.0.0"));
  const path = join(v2.directory, "app.pipecd.yaml");
  writeFileSync(
    path,
    readFileSync(path, "utf8").replace(
      "skipTrafficShift: true",
      'skipTrafficShift: true\n          readinessTimeout: "3s"',
    ),
  );
  return v2;
}

/** The split a stage leaves when it succeeds, by its name and `with`. */
function splitAfterSuccess(
  stage: { name: string; rollback: boolean },
  percent: number | undefined,
  before: Record<string, number>,
) {
  if (stage.rollback || stage.name === "CLOUDRUN_ROLLBACK") return PRE;
  if (stage.name === "CLOUDRUN_PROMOTE" && percent !== undefined) {
    return percent === 100 ? INTENDED : { [REV1]: 100 - percent, [REV2]: percent };
  }
  return before;
}

/** Arms a fault; returns the live split when arming changed it (a concurrent writer). */
type Arm = (world: World) => Record<string, number> | undefined;
interface Case {
  name: string;
  /** Index of the forward stage before which the fault is armed (0 = SYNC, 1..3 = PROMOTE, 4 = CLEANUP). */
  before: number;
  arm: Arm;
}

const fault =
  (spec: FaultSpec): Arm =>
  (world) => {
    world.emulator.control.addFault(spec);
    return undefined;
  };

// The calls each stage makes (pinned by call-counts.e2e): operations are waited on with WaitOperation.
const CALLS = {
  SYNC: ["GetService", "UpdateService", "WaitOperation"],
  PROMOTE: ["GetService", "UpdateService", "WaitOperation"],
  CLEANUP: ["GetService", "ListRevisions", "DeleteRevision", "WaitOperation"],
} as const;
const STAGE_INDEX = { SYNC: 0, PROMOTE: 2, CLEANUP: 4 } as const;
const MUTATING = new Set(["UpdateService", "DeleteRevision"]);

const CASES: Case[] = [];
for (const [stage, methods] of Object.entries(CALLS) as [keyof typeof CALLS, readonly string[]][]) {
  for (const method of methods) {
    const m = method as FaultSpec["method"];
    const before = STAGE_INDEX[stage];
    CASES.push(
      {
        name: `${stage}: ${m} UNAVAILABLE ×3`,
        before,
        arm: fault({ kind: "fail", method: m, code: "UNAVAILABLE", times: 3 }),
      },
      {
        name: `${stage}: ${m} DEADLINE_EXCEEDED`,
        before,
        arm: fault({ kind: "fail", method: m, code: "DEADLINE_EXCEEDED" }),
      },
      {
        name: `${stage}: ${m} PERMISSION_DENIED`,
        before,
        arm: fault({ kind: "fail", method: m, code: "PERMISSION_DENIED" }),
      },
    );
    if (MUTATING.has(m)) {
      CASES.push(
        {
          name: `${stage}: ${m} lost reply (UNAVAILABLE)`,
          before,
          arm: fault({ kind: "applyThenFail", method: m, code: "UNAVAILABLE" }),
        },
        {
          name: `${stage}: ${m} lost reply (DEADLINE_EXCEEDED)`,
          before,
          arm: fault({ kind: "applyThenFail", method: m, code: "DEADLINE_EXCEEDED" }),
        },
        {
          name: `${stage}: ${m} operation error after apply`,
          before,
          arm: fault({ kind: "applyThenFail", method: m, code: "INTERNAL", on: "operation" }),
        },
      );
    }
  }
}
CASES.push(
  {
    name: "SYNC: the new revision never becomes Ready",
    before: 0,
    arm: (w) => {
      w.emulator.control.setImageReadiness(V2_IMAGE, { mode: "never" });
      return undefined;
    },
  },
  {
    name: "SYNC: the new revision fails",
    before: 0,
    arm: (w) => {
      w.emulator.control.setImageReadiness(V2_IMAGE, { mode: "fail" });
      return undefined;
    },
  },
  {
    name: "PROMOTE: a concurrent writer changes the service while the stage reads it",
    before: 2,
    arm: fault({ kind: "bumpEtag", method: "GetService" }),
  },
  {
    name: "PROMOTE: a concurrent writer moves the traffic between two steps",
    before: 2,
    arm: (w) => {
      w.emulator.control.setTraffic(w.cloudRun.servicePath(SERVICE), [
        { type: "REVISION", revision: REV1, percent: 100 },
      ]);
      return PRE;
    },
  },
);

describe("fault matrix: the canary pipeline with a fault on each Cloud Run call of each stage", () => {
  const world = worldForSuite();

  async function live() {
    return percentages(await world.cloudRun.getService(SERVICE, { signal }));
  }

  /** Every revision that serves traffic is Ready. */
  async function expectOnlyReadyRevisionsServe() {
    for (const revision of Object.keys(await live())) {
      const r = await world.cloudRun.getRevision(revision, { service: SERVICE, signal });
      expect(r?.conditions?.find((c) => c.type === "Ready")?.state, revision).toBe("CONDITION_SUCCEEDED");
    }
  }

  async function baseline() {
    const v1 = commitOf("canary", C1);
    await world.plugin.run(await world.plugin.plan({ target: v1, deployTargets: [world.deployTarget] }), {
      target: v1,
    });
    expect(await live()).toEqual(PRE);
    const v2 = v2Commit();
    const planned = await world.plugin.plan({ target: v2, running: v1, deployTargets: [world.deployTarget] });
    return { v1, v2, planned };
  }

  function percentOf(planned: Deployment, v2: AppSource, index: number): number | undefined {
    const spec = readFileSync(join(v2.directory, "app.pipecd.yaml"), "utf8");
    const percents = [...spec.matchAll(/percent: (\d+)/g)].map((m) => Number(m[1]));
    const forward = planned.stages.filter((s) => !s.rollback);
    const promotes = forward.filter((s) => s.name === "CLOUDRUN_PROMOTE");
    const at = promotes.indexOf(forward[index]!);
    return at >= 0 ? percents[at] : undefined;
  }

  it.each(CASES)("$name", async ({ before, arm }) => {
    const { v1, v2, planned } = await baseline();
    const forward = planned.stages.filter((s) => !s.rollback);
    if (before === 0) arm(world);
    let split = PRE;
    const checkStage = async (run: StageRun) => {
      const now = await live();
      const index = forward.indexOf(run.stage);
      if (run.status === StageStatus.STAGE_SUCCESS) {
        expect(now, `${run.stage.name} #${run.stage.index} succeeded`).toEqual(
          splitAfterSuccess(run.stage, percentOf(planned, v2, index), split),
        );
      } else if (!run.stage.rollback) {
        // A failed stage changed nothing that is live.
        expect(now, `${run.stage.name} #${run.stage.index} failed`).toEqual(split);
      }
      split = now;
      // The test's own reads come before arming: a fault must hit the plugin, not the test.
      if (index >= 0 && index + 1 === before) split = arm(world) ?? split;
    };
    const result = await world.plugin.run(planned, { target: v2, running: v1 }, checkStage);
    world.emulator.control.clearFaults();
    const final = await live();
    expect([PRE, INTENDED]).toContainEqual(final);
    expect(final).toEqual(result.status === DeploymentStatus.DEPLOYMENT_SUCCESS ? INTENDED : PRE);
    await expectOnlyReadyRevisionsServe();
  });

  it.each(["SIGTERM", "SIGKILL"] as const)(
    "%s in the middle of a PROMOTE traffic write, then piped's re-run: the pipeline converges",
    async (sig) => {
      const { v1, v2, planned } = await baseline();
      const forward = planned.stages.filter((s) => !s.rollback);
      const [sync, promote10, ...rest] = forward;
      expect((await world.plugin.executeStage(planned, sync!, { target: v2, running: v1 })).status).toBe(
        StageStatus.STAGE_SUCCESS,
      );
      const stall = world.emulator.control.stall("UpdateService");
      const cut = world.plugin.executeStage(planned, promote10!, { target: v2, running: v1 }).catch((e) => e);
      const deadline = Date.now() + 10_000;
      while (world.emulator.control.heldCalls(stall) === 0 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 10));
      world.plugin.kill(sig);
      await world.plugin.exited;
      world.emulator.control.release(stall);
      await cut;
      world.emulator.control.clearFaults();
      // Never a half-state: either the old split or the step's split.
      expect([PRE, { [REV1]: 90, [REV2]: 10 }]).toContainEqual(await live());

      await world.relaunch();
      for (const stage of [promote10!, ...rest]) {
        expect((await world.plugin.executeStage(planned, stage, { target: v2, running: v1 })).status).toBe(
          StageStatus.STAGE_SUCCESS,
        );
      }
      expect(await live()).toEqual(INTENDED);
      await expectOnlyReadyRevisionsServe();
    },
  );
});
