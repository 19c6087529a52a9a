// The host's limits on hostile input, over real sockets.
import { connect } from "node:net";
import { ChannelCredentials, status } from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { oneStageDeployment, testHostForSuite } from "../test/test-host.js";
import { MAX_ADMIN_CONNECTIONS } from "./admin-server.js";
import { HealthClient } from "./gen/health/v1/health.js";
import { DeploymentServiceClient } from "./gen/plugin/deployment/v1alpha1/api.js";
import { MAX_RECEIVE_MESSAGE_BYTES, MAX_STATUS_MESSAGE_CHARS } from "./grpc-server.js";
import { MAX_ECHOED_CHARS } from "./text-safety.js";
import { callUnary } from "./unary.js";
import { acceptAny } from "./validation.js";

/** A host whose plugin answers planning calls; the limits under test are the host's own. */
describe("the host's limits on hostile input, over real sockets", () => {
  const served = testHostForSuite(
    {
      version: "0.0.0-test",
      validators: { config: acceptAny(), deployTargetConfig: acceptAny(), applicationSpec: acceptAny() },
      deployment: oneStageDeployment("DEMO"),
    },
    { gracePeriodMs: 1_000 },
  );
  let health: HealthClient;
  let deployment: DeploymentServiceClient;

  beforeAll(() => {
    health = new HealthClient(`localhost:${served.port}`, ChannelCredentials.createInsecure());
    deployment = new DeploymentServiceClient(`localhost:${served.port}`, ChannelCredentials.createInsecure());
  });
  afterAll(() => {
    health.close();
    deployment.close();
  });

  it("answers a health check for a 100 KB service name with a bounded message, and the channel keeps working", async () => {
    const name = "s".repeat(100_000);
    const error = await callUnary(health.check.bind(health), { service: name }, { timeoutMs: 5_000 }).catch(
      (e: { code: number; details: string }) => e,
    );
    expect(error).toMatchObject({ code: status.NOT_FOUND });
    const details = (error as { details: string }).details;
    expect(details.length).toBeLessThanOrEqual(MAX_ECHOED_CHARS + 30);
    expect(details).toContain("…");
    // The same channel answers the next call at once.
    const ok = await callUnary(health.check.bind(health), { service: "" }, { timeoutMs: 5_000 });
    expect(ok.status).toBe(1);
  });

  it("bounds every status message it sends", async () => {
    const request = {
      rollback: false,
      stages: [{ name: "", desc: "x".repeat(50_000), timeout: "", index: -1, config: Buffer.alloc(0) }],
    };
    const error = await callUnary(deployment.buildPipelineSyncStages.bind(deployment), request).catch(
      (e: { code: number; details: string }) => e,
    );
    expect(error).toMatchObject({ code: status.INVALID_ARGUMENT });
    expect((error as { details: string }).details.length).toBeLessThanOrEqual(MAX_STATUS_MESSAGE_CHARS + 1);
  });

  it(`refuses a request over ${MAX_RECEIVE_MESSAGE_BYTES} bytes with RESOURCE_EXHAUSTED and keeps serving`, async () => {
    const big = {
      rollback: false,
      stages: [
        {
          name: "DEMO",
          desc: "d".repeat(MAX_RECEIVE_MESSAGE_BYTES + 1),
          timeout: "",
          index: 0,
          config: Buffer.alloc(0),
        },
      ],
    };
    await expect(callUnary(deployment.buildPipelineSyncStages.bind(deployment), big)).rejects.toMatchObject({
      code: status.RESOURCE_EXHAUSTED,
    });
    const stages = await callUnary(deployment.fetchDefinedStages.bind(deployment), {});
    expect(stages.stages).toEqual(["DEMO"]);
  });

  it("the admin server closes connections beyond its limit instead of piling them up", async () => {
    const sockets = Array.from({ length: MAX_ADMIN_CONNECTIONS + 8 }, () =>
      connect({ host: "127.0.0.1", port: served.host.adminPort }),
    );
    const closedByServer = sockets.map(
      (socket) =>
        new Promise<boolean>((resolve) => {
          socket.on("error", () => resolve(true));
          socket.on("close", () => resolve(true));
          setTimeout(() => resolve(false), 1_000);
        }),
    );
    const closed = (await Promise.all(closedByServer)).filter(Boolean).length;
    for (const socket of sockets) socket.destroy();
    expect(closed).toBeGreaterThanOrEqual(8);
  });
});
