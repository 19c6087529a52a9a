/**
 * Hostile and absurd input to the built plugin, over the real protocol, against the emulator: every
 * case gets a clear error and makes no change in Cloud Run.
 */

import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AppSource } from "@cr/sdk-host/testing";
import {
  ApplicationSyncStatus,
  buildDeployment,
  buildStage,
  deploymentSource,
  GrpcStatus,
  StageStatus,
  SyncStrategy,
} from "@cr/sdk-host/testing";
import { describe, expect, it } from "vitest";
import { C1, commitOf, worldForSuite } from "./harness.js";

const SECRET = "s3cr3t-Pa55w0rd-e2e";

/** A copy of examples/quick-sync, changed by `edit` (which gets the directory). */
function app(edit: (dir: string) => void): AppSource {
  const source = commitOf("quick-sync", C1);
  edit(source.directory);
  return source;
}

const setManifest = (text: string | Buffer) => (dir: string) => writeFileSync(join(dir, "service.yaml"), text);
const linkManifest = (to: string) => (dir: string) => {
  rmSync(join(dir, "service.yaml"));
  symlinkSync(to, join(dir, "service.yaml"));
};
const setManifestFile = (name: string) => (dir: string) => {
  const path = join(dir, "app.pipecd.yaml");
  writeFileSync(
    path,
    readFileSync(path, "utf8").replace("serviceManifestFile: service.yaml", `serviceManifestFile: ${name}`),
  );
};
const editManifest = (edit: (yaml: string) => string) => (dir: string) => {
  const path = join(dir, "service.yaml");
  writeFileSync(path, edit(readFileSync(path, "utf8")));
};

// Another team's valid manifest elsewhere on the piped host.
const elsewhere = mkdtempSync(join(tmpdir(), "cr-other-team-"));
writeFileSync(
  join(elsewhere, "service.yaml"),
  readFileSync(join(commitOf("quick-sync", C1).directory, "service.yaml"), "utf8").replace(
    "name: helloworld",
    "name: payments",
  ),
);

const billionLaughs = [
  "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]",
  ...Array.from({ length: 8 }, (_, i) => {
    const prev = String.fromCharCode(97 + i);
    const next = String.fromCharCode(98 + i);
    return `${next}: &${next} [${Array(9).fill(`*${prev}`).join(", ")}]`;
  }),
  "apiVersion: serving.knative.dev/v1",
  "kind: Service",
  "metadata: {name: helloworld}",
  "spec: {template: {spec: {containers: [{image: gcr.io/x/y:1, args: *i}]}}}",
].join("\n");

const CASES: { name: string; source: () => AppSource; expected: RegExp }[] = [
  {
    name: "service.yaml linked to /etc/passwd",
    source: () => app(linkManifest("/etc/passwd")),
    expected: /symbolic link to a file outside/,
  },
  {
    name: "service.yaml linked to another team's manifest",
    source: () => app(linkManifest(join(elsewhere, "service.yaml"))),
    expected: /symbolic link to a file outside/,
  },
  {
    name: "service.yaml linked to /dev/zero",
    source: () => app(linkManifest("/dev/zero")),
    expected: /symbolic link to a file outside/,
  },
  {
    name: "service.yaml is a FIFO",
    source: () =>
      app((dir) => {
        rmSync(join(dir, "service.yaml"));
        execFileSync("mkfifo", [join(dir, "service.yaml")]);
      }),
    expected: /not a regular file/,
  },
  {
    name: "path traversal in serviceManifestFile",
    source: () => app(setManifestFile("../../../../etc/passwd")),
    expected: /serviceManifestFile/,
  },
  {
    name: "absolute serviceManifestFile",
    source: () => app(setManifestFile(join(elsewhere, "service.yaml"))),
    expected: /serviceManifestFile/,
  },
  {
    name: "a 50 MB manifest",
    source: () => app(setManifest(Buffer.alloc(50 * 1024 * 1024, "#"))),
    expected: /more than the 1048576 bytes allowed/,
  },
  {
    name: "a YAML alias bomb",
    source: () => app(setManifest(billionLaughs)),
    expected: /found a list/,
  },
  {
    name: "a deeply nested YAML sequence",
    source: () => app(setManifest(`apiVersion: v1\nspec: ${"[".repeat(20_000)}${"]".repeat(20_000)}\n`)),
    expected: /nested too deeply/,
  },
  {
    name: "an oversize image field",
    source: () => app(editManifest((y) => y.replace(/image: \S+/, `image: gcr.io/x/${"a".repeat(300_000)}`))),
    expected: /image/,
  },
  {
    name: "wrong types (containers is a string)",
    source: () =>
      app(
        setManifest(
          "apiVersion: serving.knative.dev/v1\nkind: Service\nmetadata: {name: helloworld}\nspec: {template: {spec: {containers: nope}}}\n",
        ),
      ),
    expected: /containers/,
  },
  {
    name: "an invalid service name",
    source: () => app(editManifest((y) => y.replace("name: helloworld", "name: Hello_World!"))),
    expected: /name/,
  },
  {
    name: "a service name of 100 000 characters",
    source: () => app(editManifest((y) => y.replace("name: helloworld", `name: ${"h".repeat(100_000)}`))),
    expected: /name/,
  },
];

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

describe("hostile input to the built plugin: a clear error and no Cloud Run change", () => {
  const world = worldForSuite();

  async function executeSync(source: AppSource) {
    const deployment = buildDeployment({
      pluginName: "cloudrun",
      deployTargets: [world.deployTarget],
      commitHash: source.commitHash,
      syncStrategy: SyncStrategy.QUICK_SYNC,
    });
    const stage = buildStage({ id: randomUUID(), name: "CLOUDRUN_SYNC" });
    world.piped.registerDeployment({ ...deployment, stages: [stage] });
    const request = {
      input: { deployment, stage, stageConfig: Buffer.alloc(0), targetDeploymentSource: deploymentSource(source) },
    };
    const res = await world.plugin.executeStageRaw(request).catch((e: { code: number; details: string }) => e);
    const log = world.piped.stageLogText(deployment.id, stage.id).join("\n");
    // An application config piped could not decode ends the call with an error status instead.
    return "status" in res ? { status: res.status, log } : { status: undefined, code: res.code, log: res.details };
  }

  it.each(CASES)("$name: ExecuteStage fails naming the problem", async ({ source, expected }) => {
    const before = rssMb(world.plugin.child.pid!);
    const result = await executeSync(source());
    if (result.status === undefined) {
      expect(result.code).toBe(GrpcStatus.INVALID_ARGUMENT);
    } else {
      expect(result.status).toBe(StageStatus.STAGE_FAILURE);
    }
    expect(result.log).toMatch(expected);
    expect(result.log).not.toContain("root:x:0:0");
    expect(result.log.length).toBeLessThan(20_000);
    expect(world.mutations()).toEqual([]);
    // Nothing huge was read into memory and kept.
    expect(rssMb(world.plugin.child.pid!) - before).toBeLessThan(150);
  });

  it.each(CASES)("$name: GetLivestate reports INVALID_CONFIG", async ({ source, expected }) => {
    const res = await world.plugin.getLivestate({
      pipedId: "piped-1",
      applicationId: "app-1",
      applicationName: "helloworld",
      deploySource: deploymentSource(source()),
      deployTargets: [world.deployTarget],
    });
    expect(res.syncState?.status).toBe(ApplicationSyncStatus.INVALID_CONFIG);
    expect(`${res.syncState?.shortReason} ${res.syncState?.reason}`).toMatch(expected);
    expect(world.mutations()).toEqual([]);
  });

  it("an env value echoed in a Cloud Run error never reaches the stage log, stderr or the status", async () => {
    const source = app(
      editManifest((y) => y.replace("value: hello", `value: postgres://admin:${SECRET}@db.internal/app`)),
    );
    world.emulator.control.failNext("UpdateService", "INVALID_ARGUMENT", 1, {
      message: `env DATABASE_URL=postgres://admin:${SECRET}@db.internal/app is not allowed`,
    });
    const result = await executeSync(source);
    expect(result.status).toBe(StageStatus.STAGE_FAILURE);
    expect(result.log).toContain("is not allowed");
    expect(result.log).not.toContain(SECRET);
    expect(world.plugin.stderr).not.toContain(SECRET);
    expect(world.mutations().filter((e) => e.applied)).toEqual([]);
  });

  it("a 100 KB service name in a health check gets a bounded answer, and the channel keeps serving", async () => {
    const error = await world.plugin.health("s".repeat(100_000), { timeoutMs: 5_000 }).catch((e) => e);
    expect(error).toMatchObject({ code: GrpcStatus.NOT_FOUND });
    expect((error as { details: string }).details.length).toBeLessThan(300);
    expect(await world.plugin.health("", { timeoutMs: 5_000 })).toBe("SERVING");
  });

  it("an unknown deploy target of 100 KB is INVALID_ARGUMENT with a bounded message", async () => {
    const error = await world.plugin
      .getLivestate({
        pipedId: "piped-1",
        applicationId: "app-1",
        applicationName: "helloworld",
        deploySource: deploymentSource(commitOf("quick-sync", C1)),
        deployTargets: ["t".repeat(100_000)],
      })
      .catch((e) => e);
    expect(error).toMatchObject({ code: GrpcStatus.INVALID_ARGUMENT });
    expect((error as { details: string }).details).toContain("is not found in the piped plugin config");
    expect((error as { details: string }).details.length).toBeLessThan(400);
  });

  it("GetLivestate with 2 000 copies of one deploy target reads Cloud Run once", async () => {
    const res = await world.plugin.getLivestate({
      pipedId: "piped-1",
      applicationId: "app-1",
      applicationName: "helloworld",
      deploySource: deploymentSource(commitOf("quick-sync", C1)),
      deployTargets: Array(2_000).fill(world.deployTarget),
    });
    expect(res.syncState?.status).toBe(ApplicationSyncStatus.OUT_OF_SYNC);
    expect(world.emulator.control.journal({ method: "GetService" })).toHaveLength(1);
  });

  it("an app.pipecd.yaml nested too deeply says so", async () => {
    const source = app((dir) =>
      writeFileSync(
        join(dir, "app.pipecd.yaml"),
        `apiVersion: pipecd.dev/v1beta1\nkind: Application\nspec:\n  plugins: ${"[".repeat(20_000)}${"]".repeat(20_000)}\n`,
      ),
    );
    const deployment = buildDeployment({ pluginName: "cloudrun", deployTargets: [world.deployTarget], commitHash: C1 });
    const error = await world.plugin
      .determineVersions({ deployment, targetDeploymentSource: deploymentSource(source) })
      .catch((e) => e);
    expect((error as { code: number }).code).toBe(GrpcStatus.INVALID_ARGUMENT);
    expect((error as { details: string }).details).toContain("nested too deeply");
    expect(world.mutations()).toEqual([]);
  });
});
