// LivestateService through the host, against a fake piped over real sockets.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ChannelCredentials, status } from "@grpc/grpc-js";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { testHostForSuite } from "../test/test-host.js";
import { deploymentSource } from "../testing/driver.js";
import { ApplicationSyncStatus } from "./gen/model/application.js";
import { ApplicationLiveState_Status, ResourceState_HealthStatus } from "./gen/model/application_live_state.js";
import type { GetLivestateRequest } from "./gen/plugin/livestate/v1alpha1/api.js";
import { LivestateServiceClient } from "./gen/plugin/livestate/v1alpha1/api.js";
import type { LivestatePlugin, PluginDefinition, ResourceState } from "./plugin.js";
import { callUnary } from "./unary.js";

type Spec = { file: string };

function appDir(config: string): string {
  const dir = mkdtempSync(join(tmpdir(), "livestate-app-"));
  writeFileSync(join(dir, "app.pipecd.yaml"), config);
  return dir;
}
const goodApp = appDir(
  "apiVersion: pipecd.dev/v1beta1\nkind: Application\nspec:\n  plugins:\n    demo:\n      file: a\n",
);
const badApp = appDir(
  "apiVersion: pipecd.dev/v1beta1\nkind: Application\nspec:\n  plugins:\n    demo:\n      file: 7\n",
);

const created = new Date("2026-01-02T03:04:05Z");
let resources: ResourceState[] = [];
let seen: { object?: string; missing?: Uint8Array; applicationId?: string } = {};
let failWith: Error | undefined;

const livestate: LivestatePlugin<unknown, { region: string }, Spec> = {
  async getLivestate(input) {
    if (failWith) throw failWith;
    const object = await input.sharedObjects.get("last-traffic");
    seen = {
      object: object ? Buffer.from(object).toString("utf8") : undefined,
      missing: await input.sharedObjects.get("never-written"),
      applicationId: input.applicationId,
    };
    return { resources, syncState: { status: "OUT_OF_SYNC", shortReason: "short", reason: "long" } };
  },
};

const definition: PluginDefinition<unknown, { region: string }, Spec> = {
  version: "1.0.0-test",
  validators: {
    config: (raw) => ({ ok: true, value: raw }),
    deployTargetConfig: (raw) => ({ ok: true, value: raw as { region: string } }),
    applicationSpec: (raw) => {
      const file = (raw as { file?: unknown }).file;
      return typeof file === "string"
        ? { ok: true, value: { file } }
        : { ok: false, errors: [{ path: "/file", message: "must be a string" }] };
    },
  },
  livestate,
};

const resource = (over: Partial<ResourceState> = {}): ResourceState => ({
  id: "projects/p/locations/l/services/s",
  parentIds: [],
  name: "s",
  resourceType: "Service",
  resourceMetadata: { uri: "https://s" },
  healthStatus: "HEALTHY",
  healthDescription: "Ready",
  deployTarget: "dt-1",
  createdAt: created,
  ...over,
});

describe("LivestateService through the host", () => {
  const served = testHostForSuite(definition);
  let client: LivestateServiceClient;

  beforeAll(() => {
    client = new LivestateServiceClient(`localhost:${served.port}`, ChannelCredentials.createInsecure());
  });
  afterAll(() => {
    client.close();
  });
  beforeEach(() => {
    resources = [resource()];
    seen = {};
    failWith = undefined;
  });

  const request = (dir: string, applicationId = "app-1"): GetLivestateRequest => ({
    pipedId: "piped-1",
    applicationId,
    applicationName: "hello",
    deploySource: deploymentSource({ directory: dir, commitHash: "abc1234" }),
    deployTargets: ["dt-1"],
  });
  const getLivestate = (req: GetLivestateRequest) => callUnary(client.getLivestate.bind(client), req);

  it("gives the plugin the application's shared objects, bound to its application id and the plugin name", async () => {
    served.piped.putSharedObject("app-1", "demo", "last-traffic", Buffer.from("recorded by a deployment"));
    served.piped.putSharedObject("app-2", "demo", "last-traffic", Buffer.from("another application"));
    served.piped.putSharedObject("app-1", "other-plugin", "last-traffic", Buffer.from("another plugin"));
    await getLivestate(request(goodApp));
    expect(seen).toEqual({ object: "recorded by a deployment", missing: undefined, applicationId: "app-1" });
    expect(served.piped.calls.filter((c) => c.method === "GetApplicationSharedObject").at(-1)?.request).toMatchObject({
      applicationId: "app-1",
      pluginName: "demo",
      key: "never-written",
    });
  });

  it("converts resources and the sync state to the wire: plugin name, seconds, sorted parents", async () => {
    resources = [
      resource(),
      resource({
        id: "projects/p/locations/l/services/s/revisions/s-2",
        name: "s-2",
        resourceType: "Revision",
        parentIds: ["z", "a"],
        healthStatus: "UNHEALTHY",
        healthDescription: "Not ready",
      }),
    ];
    const res = await getLivestate(request(goodApp));
    const [service, revision] = res.applicationLiveState?.resources ?? [];
    expect(service).toMatchObject({
      id: "projects/p/locations/l/services/s",
      name: "s",
      resourceType: "Service",
      resourceMetadata: { uri: "https://s" },
      healthStatus: ResourceState_HealthStatus.HEALTHY,
      pluginName: "demo",
      deployTarget: "dt-1",
      createdAt: created.getTime() / 1000,
    });
    expect(service?.updatedAt).toBeGreaterThan(0);
    expect(revision).toMatchObject({ parentIds: ["a", "z"], healthStatus: ResourceState_HealthStatus.UNHEALTHY });
    expect(res.applicationLiveState?.healthStatus).toBe(ApplicationLiveState_Status.OTHER);
    expect(res.syncState).toMatchObject({
      status: ApplicationSyncStatus.OUT_OF_SYNC,
      shortReason: "short",
      reason: "long",
    });
    expect(res.syncState?.timestamp).toBeGreaterThan(0);
  });

  it("answers INVALID_CONFIG, naming the problem, when the application config cannot be decoded", async () => {
    const res = await getLivestate(request(badApp));
    expect(res.syncState).toMatchObject({
      status: ApplicationSyncStatus.INVALID_CONFIG,
      shortReason: "The application config cannot be loaded",
      reason: expect.stringContaining("/spec/plugins/demo/file"),
    });
    expect(res.applicationLiveState?.resources).toEqual([]);
    expect(seen).toEqual({});
  });

  it("maps a plugin error to INTERNAL and refuses a resource without a creation time", async () => {
    failWith = new Error("Cloud Run is unreachable");
    await expect(getLivestate(request(goodApp))).rejects.toMatchObject({
      code: status.INTERNAL,
      details: "failed to get livestate: Cloud Run is unreachable",
    });
    failWith = undefined;
    resources = [resource({ createdAt: new Date(0) })];
    await expect(getLivestate(request(goodApp))).rejects.toMatchObject({
      code: status.INTERNAL,
      details: expect.stringContaining("needs an id, a name and a creation time"),
    });
  });
});
