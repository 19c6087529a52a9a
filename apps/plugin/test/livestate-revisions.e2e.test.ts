/**
 * GetLivestate of a service that keeps many revisions reads only the ones that matter (serving,
 * tagged, latest), however many there are: calls and resources from the emulator's journal.
 */
import { shortName } from "@cr/cloudrun";
import { deploymentSource } from "@cr/sdk-host/testing";
import { describe, expect, it } from "vitest";
import { C1, commitOf, worldForSuite } from "./harness.js";
import { signal } from "./live.js";

const SERVICE = "helloworld";
const OLD_REVISIONS = 24;

describe("live state of a service with many revisions", () => {
  const world = worldForSuite({ resetEachTest: false });

  it("reads the service and its serving, tagged and latest revisions only", async () => {
    const revisions: string[] = [];
    for (let i = 1; i <= OLD_REVISIONS; i++) {
      const deployed = await world.cloudRun.createOrUpdateService(
        { name: SERVICE, template: { containers: [{ image: `gcr.io/example/helloworld:${i}` }] } },
        { signal },
      );
      revisions.push(shortName(deployed.latestCreatedRevision ?? ""));
    }
    const [first, second, third] = revisions;
    const latest = revisions.at(-1) as string;
    await world.cloudRun.updateTraffic(
      SERVICE,
      [
        { type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION", revision: second, percent: 50 },
        { type: "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST", percent: 50 },
        { type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION", revision: third, percent: 0, tag: "old" },
      ],
      { signal },
    );
    world.emulator.control.clearJournal();

    const res = await world.plugin.getLivestate({
      pipedId: "piped-1",
      applicationId: "app-1",
      applicationName: SERVICE,
      deploySource: deploymentSource(commitOf("quick-sync", C1)),
      deployTargets: [world.deployTarget],
    });
    const calls = world.emulator.control.journal().map((e) => e.method);
    expect(calls.sort()).toEqual(["GetRevision", "GetRevision", "GetRevision", "GetService"]);
    const names = (res.applicationLiveState?.resources ?? []).map((r) => [r.resourceType, r.name]);
    // Newest first, as Cloud Run lists them; the first revision serves nothing and is not shown.
    expect(names).toEqual([
      ["Service", SERVICE],
      ["Revision", latest],
      ["Revision", third],
      ["Revision", second],
    ]);
    expect(names.map(([, name]) => name)).not.toContain(first);
  });
});
