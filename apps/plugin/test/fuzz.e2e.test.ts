/**
 * Fuzz: ≥ 10 000 malformed and boundary requests to every RPC of the built plugin (seeded, so a
 * failure replays), then the plugin must still answer a valid request, have logged no unhandled
 * rejection, and stay under a memory bound.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import type { AppSource } from "@cr/sdk-host/testing";
import {
  buildDeployment,
  buildStage,
  deploymentSource,
  GrpcStatus,
  RawUnaryClient,
  StageStatus,
} from "@cr/sdk-host/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { C1, commitOf, worldForSuite } from "./harness.js";

const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261204);
const CONCURRENCY = 16;
/** The plugin idles at ~60 MB; the limits keep a burst of hostile requests well under this. */
const RSS_BOUND_MB = 400;

const SERVICES = {
  deployment: "/grpc.plugin.deploymentapi.v1alpha1.DeploymentService/",
  livestate: "/grpc.plugin.livestateapi.v1alpha1.LivestateService/",
  planPreview: "/grpc.plugin.planpreviewapi.v1alpha1.PlanPreviewService/",
};
const PATHS = [
  ...[
    "FetchDefinedStages",
    "DetermineVersions",
    "DetermineStrategy",
    "BuildPipelineSyncStages",
    "BuildQuickSyncStages",
    "ExecuteStage",
  ].map((m) => SERVICES.deployment + m),
  `${SERVICES.livestate}GetLivestate`,
  `${SERVICES.planPreview}GetPlanPreview`,
  "/grpc.health.v1.Health/Check",
];

/** mulberry32: small, fast, seedable. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  return { next, int, pick };
}
type Rng = ReturnType<typeof random>;

function rssMb(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;
}

/** Strings at the edges: empty, huge, control and non-BMP characters, paths, YAML and JSON fragments. */
function edgeString(rng: Rng): string {
  const pool = [
    "",
    " ",
    "\u0000",
    "😀".repeat(rng.int(50)),
    "x".repeat(rng.pick([1, 63, 64, 255, 4_096, 100_000])),
    "../../../../etc/passwd",
    "/dev/zero",
    "/",
    "%s%n%x",
    "{}",
    "[",
    "null",
    "CLOUDRUN_SYNC",
    "CLOUDRUN_PROMOTE",
    "cloudrun-staging",
    "-1",
    "9".repeat(30),
    Buffer.from(Array.from({ length: rng.int(64) }, () => rng.int(256))).toString("latin1"),
  ];
  return rng.pick(pool);
}

function edgeBytes(rng: Rng, valid: AppSource): Buffer {
  const yaml = readFileSync(`${valid.directory}/app.pipecd.yaml`);
  return rng.pick([
    () => Buffer.alloc(0),
    () => yaml,
    () => yaml.subarray(0, rng.int(yaml.length)),
    () => Buffer.from(edgeString(rng)),
    () => Buffer.from(`apiVersion: pipecd.dev/v1beta1\nkind: Application\nspec: ${"[".repeat(rng.int(5_000))}`),
    () => Buffer.from(JSON.stringify({ percent: rng.pick([-1, 101, "10%", "abc", null, 1e308, [], {}]) })),
    () => Buffer.from(Array.from({ length: rng.int(512) }, () => rng.int(256))),
  ])();
}

describe("fuzz: malformed and boundary requests to every RPC of the built plugin", () => {
  const world = worldForSuite({ resetEachTest: false });
  let raw: RawUnaryClient;
  let valid: AppSource;

  beforeAll(() => {
    raw = new RawUnaryClient(`localhost:${world.plugin.port}`);
    valid = commitOf("quick-sync", C1);
  });
  afterAll(() => {
    raw?.close();
  });

  function source(rng: Rng) {
    return {
      ...deploymentSource(valid),
      applicationDirectory: rng.pick([valid.directory, edgeString(rng), "/etc", "/dev", "/proc/self"]),
      commitHash: edgeString(rng),
      applicationConfig: edgeBytes(rng, valid),
      applicationConfigFilename: rng.pick(["app.pipecd.yaml", edgeString(rng)]),
    };
  }

  function deployment(rng: Rng) {
    const d = buildDeployment({
      pluginName: rng.pick(["cloudrun", edgeString(rng)]),
      deployTargets: Array.from({ length: rng.pick([0, 1, 2, 50]) }, () =>
        rng.pick([world.deployTarget, edgeString(rng)]),
      ),
      commitHash: edgeString(rng),
    });
    return rng.next() < 0.2 ? { ...d, id: edgeString(rng), applicationId: edgeString(rng) } : d;
  }

  /** One structured (typed, well-encoded but absurd) request to a random RPC. */
  function structured(rng: Rng): Promise<unknown> {
    const p = world.plugin;
    const options = { timeoutMs: 20_000 };
    switch (rng.int(8)) {
      case 0:
        return p.fetchDefinedStages(options);
      case 1:
        return p.determineVersions({ deployment: deployment(rng), targetDeploymentSource: source(rng) }, options);
      case 2:
        return p.determineStrategy(
          { deployment: deployment(rng), targetDeploymentSource: source(rng), runningDeploymentSource: source(rng) },
          options,
        );
      case 3:
        return p.buildPipelineSyncStages(
          {
            rollback: rng.next() < 0.5,
            stages: Array.from({ length: rng.pick([0, 1, 3, 200]) }, () => ({
              name: rng.pick(["CLOUDRUN_SYNC", "CLOUDRUN_PROMOTE", edgeString(rng)]),
              desc: edgeString(rng),
              timeout: edgeString(rng),
              index: rng.pick([0, 1, -1, 2 ** 31 - 1, rng.int(10)]),
              config: edgeBytes(rng, valid),
            })),
          },
          options,
        );
      case 4:
        return p.buildQuickSyncStages(rng.next() < 0.5, options);
      case 5: {
        const d = deployment(rng);
        const stage = buildStage({
          id: randomUUID(),
          name: rng.pick(["CLOUDRUN_SYNC", "CLOUDRUN_PROMOTE", "CLOUDRUN_ROLLBACK", edgeString(rng)]),
        });
        return p.executeStageRaw(
          {
            input: {
              deployment: d,
              stage: rng.next() < 0.1 ? undefined : { ...stage, id: rng.pick([stage.id, edgeString(rng)]) },
              stageConfig: edgeBytes(rng, valid),
              targetDeploymentSource: rng.next() < 0.1 ? undefined : source(rng),
              runningDeploymentSource: rng.next() < 0.5 ? undefined : source(rng),
            },
          },
          options,
        );
      }
      case 6:
        return p.getLivestate(
          {
            pipedId: edgeString(rng),
            applicationId: edgeString(rng),
            applicationName: edgeString(rng),
            deploySource: rng.next() < 0.1 ? undefined : source(rng),
            deployTargets: Array.from({ length: rng.pick([0, 1, 2_000]) }, () =>
              rng.pick([world.deployTarget, edgeString(rng)]),
            ),
          },
          options,
        );
      default:
        return p.getPlanPreview(
          {
            applicationId: edgeString(rng),
            applicationName: edgeString(rng),
            pipedId: edgeString(rng),
            deployTargets: [rng.pick([world.deployTarget, edgeString(rng)])],
            targetDeploymentSource: rng.next() < 0.1 ? undefined : source(rng),
            runningDeploymentSource: rng.next() < 0.5 ? undefined : source(rng),
          },
          options,
        );
    }
  }

  it(`${RUNS} requests (seed ${SEED}): every one answered, then a valid deployment still works`, async () => {
    const rng = random(SEED);
    const codes = new Map<number, number>();
    const count = (code: number) => codes.set(code, (codes.get(code) ?? 0) + 1);
    let next = 0;
    let peakRss = 0;
    const worker = async () => {
      while (next < RUNS) {
        const i = next++;
        if (rng.next() < 0.4) {
          const bytes = Buffer.from(Array.from({ length: rng.pick([0, 1, 16, 300, 70_000]) }, () => rng.int(256)));
          count((await raw.call(rng.pick(PATHS), bytes, 20_000)).code);
        } else {
          await structured(rng).then(
            () => count(GrpcStatus.OK),
            (e: { code?: number }) => count(e.code ?? -1),
          );
        }
        if (i % 500 === 0) peakRss = Math.max(peakRss, rssMb(world.plugin.child.pid!));
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));

    const total = [...codes.values()].reduce((a, b) => a + b, 0);
    expect(total).toBe(RUNS);
    // Every call got an answer: none ran into its deadline, none hit a dead transport.
    expect(codes.get(GrpcStatus.DEADLINE_EXCEEDED) ?? 0).toBe(0);
    expect(codes.get(GrpcStatus.UNAVAILABLE) ?? 0).toBe(0);
    expect(codes.get(-1) ?? 0).toBe(0);
    expect(world.plugin.child.exitCode).toBeNull();
    expect(Math.max(peakRss, rssMb(world.plugin.child.pid!))).toBeLessThan(RSS_BOUND_MB);
    expect(world.plugin.stderr).not.toContain("unhandled promise rejection");

    // The plugin still deploys.
    world.emulator.control.reset();
    const planned = await world.plugin.plan({ target: valid, deployTargets: [world.deployTarget] });
    const run = await world.plugin.run(planned, { target: valid });
    expect(run.stages.map((s) => s.status)).toEqual([StageStatus.STAGE_SUCCESS]);
  }, 600_000);
});
