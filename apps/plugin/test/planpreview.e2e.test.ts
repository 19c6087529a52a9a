/**
 * GetPlanPreview through the built plugin, launched and called as piped does, against the Cloud Run emulator
 * (both example deploy targets: two projects, two regions).
 */
import { describe, expect, it } from "vitest";
import { appWorldForSuite, production, SERVICE, staging, V1 } from "./app-world.js";
import { C1, C2, C3, commitOf, withImage } from "./harness.js";
import { revisionFor, signal } from "./live.js";

describe("GetPlanPreview of the built plugin, over the real protocol", () => {
  const { world, deploy, planPreview, calls } = appWorldForSuite();

  it("a new service previews as a creation, and nothing is sent to Cloud Run but a read", async () => {
    const v1 = commitOf("quick-sync", C1);
    const res = await planPreview(v1);
    expect(res.results).toHaveLength(1);
    const [result] = res.results;
    expect(result).toMatchObject({
      deployTarget: staging,
      summary: `Service ${SERVICE} will be created with revision ${revisionFor(SERVICE, V1, C1)}`,
      noChange: false,
      diffLanguage: "diff",
    });
    const details = Buffer.from(result!.details).toString("utf8");
    expect(details.split("\n").slice(0, 3)).toEqual([
      "--- live (cloud run)",
      "+++ desired (1111111)",
      expect.stringMatching(/^@@ -0,0 \+1,\d+ @@$/),
    ]);
    expect(details).toContain(`+    image: ${V1}`);
    expect(details).not.toMatch(/\bhello\b/);
    expect(calls()).toEqual(["GetService"]);
  });

  it("no change, an image change and a config-only change; the change is checked with validate_only", async () => {
    const v1 = commitOf("quick-sync", C1);
    await deploy(v1);
    const revisions = (await world.cloudRun.listRevisions(SERVICE, { signal })).length;

    world.emulator.control.clearJournal();
    const same = (await planPreview(commitOf("quick-sync", C2), [staging], v1)).results[0];
    expect(same).toMatchObject({ summary: `No changes: ${SERVICE} already runs this configuration`, noChange: true });
    expect(Buffer.from(same!.details).toString("utf8")).toBe("");
    expect(calls()).toEqual(["GetService"]);

    world.emulator.control.clearJournal();
    const image = (await planPreview(commitOf("quick-sync", C2, withImage("v2.0.0")), [staging], v1)).results[0];
    const rev2 = revisionFor(SERVICE, "gcr.io/example/helloworld:v2.0.0", C2);
    expect(image?.noChange).toBe(false);
    expect(image?.summary).toBe(
      `A new revision ${rev2} of ${SERVICE} will be created (image helloworld from v1.0.0 to v2.0.0) and get 100% of the traffic. Cloud Run accepts the change (validate_only)`,
    );
    const details = Buffer.from(image!.details).toString("utf8");
    expect(details).toContain(`-    image: ${V1}\n+    image: gcr.io/example/helloworld:v2.0.0`);
    expect(details).toContain(`+  revision: ${rev2}`);
    const writes = world.emulator.control.journal({ method: "UpdateService" });
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatchObject({ mutating: false, applied: false, code: "OK" });
    expect(writes[0]?.request).toMatchObject({ validateOnly: true });
    expect(world.mutations()).toEqual([]);
    expect((await world.cloudRun.listRevisions(SERVICE, { signal })).length).toBe(revisions);

    const config = (await planPreview(commitOf("quick-sync", C3, (y) => y.replace("team: web", "team: payments"))))
      .results[0];
    expect(config?.summary).toBe(
      `No new revision: only the configuration of ${SERVICE} changes (labels). Cloud Run accepts the change (validate_only)`,
    );
    expect(Buffer.from(config!.details).toString("utf8")).toContain("-  team: web\n+  team: payments");
  });

  it("an env value Cloud Run echoes in its error is hidden in the summary", async () => {
    const v1 = commitOf("quick-sync", C1);
    await deploy(v1);
    const secret = "s3cr3t-from-the-manifest";
    world.emulator.control.failNext("UpdateService", "INVALID_ARGUMENT", 1, {
      message: `env GREETING: value '${secret}' is not allowed`,
    });
    const target = commitOf("quick-sync", C2, (y) =>
      withImage("v2.0.0")(y).replace("value: hello", `value: ${secret}`),
    );
    const res = await planPreview(target);
    expect(res.results[0]?.summary).toContain("env GREETING: value '(hidden)' is not allowed");
    expect(JSON.stringify(res)).not.toContain(secret);
  });

  it("Cloud Run's validation error shows in the summary; nothing changes", async () => {
    const v1 = commitOf("quick-sync", C1);
    await deploy(v1);
    const before = await world.cloudRun.getService(SERVICE, { signal });
    world.emulator.control.clearJournal();
    world.emulator.control.failNext("UpdateService", "INVALID_ARGUMENT", 1, {
      message: "spec.template.spec.containers[0].resources.limits.memory: must be at least 128Mi",
    });
    const res = await planPreview(commitOf("quick-sync", C2, withImage("v2.0.0")));
    expect(res.results[0]?.summary).toMatch(
      /\. Cloud Run rejects the change: InvalidArgument: .*must be at least 128Mi$/,
    );
    expect(res.results[0]?.noChange).toBe(false);
    const writes = world.emulator.control.journal({ method: "UpdateService" });
    expect(writes.map((w) => [w.request.validateOnly, w.mutating, w.applied, w.code])).toEqual([
      [true, false, false, "INVALID_ARGUMENT"],
    ]);
    expect((await world.cloudRun.getService(SERVICE, { signal }))?.etag).toBe(before?.etag);
  });

  it("a change the manifest loader accepts but Cloud Run refuses: a reused explicit revision name", async () => {
    const named = (yaml: string) =>
      yaml.replace(
        "    metadata:\n      annotations:",
        "    metadata:\n      name: helloworld-blue\n      annotations:",
      );
    const v1 = commitOf("quick-sync", C1, named);
    await deploy(v1);
    world.emulator.control.clearJournal();
    const res = await planPreview(commitOf("quick-sync", C2, (y) => withImage("v2.0.0")(named(y))));
    expect(res.results[0]?.summary).toContain("Cloud Run rejects the change: AlreadyExists: UpdateService");
    expect(res.results[0]?.summary).toContain(
      "Revision named 'helloworld-blue' with different configuration already exists.",
    );
    expect(world.mutations()).toEqual([]);
  });

  it("one result per deploy target", async () => {
    const v1 = commitOf("quick-sync", C1);
    await deploy(v1, undefined, staging);
    const res = await planPreview(commitOf("quick-sync", C2), [staging, production], v1);
    expect(res.results.map((r) => [r.deployTarget, r.noChange, r.summary.split(" ").slice(0, 2).join(" ")])).toEqual([
      [staging, true, "No changes:"],
      [production, false, "Service helloworld"],
    ]);
  });

  it("a broken manifest gives a result naming the problem", async () => {
    const res = await planPreview(commitOf("quick-sync", C1, (y) => y.replace("containers:", "containers: [")));
    expect(res.results[0]).toMatchObject({
      deployTarget: staging,
      summary: "Cannot preview: the service manifest is invalid",
      noChange: false,
    });
    expect(Buffer.from(res.results[0]!.details).toString("utf8")).toMatch(/^service\.yaml:\d+:\d+: /);
  });
});
