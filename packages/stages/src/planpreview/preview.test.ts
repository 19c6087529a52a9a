// Plan preview on plain data: the kind of change, the first write and the rendered result.
import type { Container, Service } from "@cr/cloudrun/pure";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { DEPLOYMENT, deployedService, REV, SECRET_ENV_VALUE, typedEnvManifest } from "../../test/fixtures.js";
import { buildDesiredService, type DesiredService } from "../candidate/desired.js";
import {
  failedPlanPreview,
  HIDDEN_CHANGED_VALUE,
  HIDDEN_VALUE,
  hideEnvValues,
  planPreview,
  renderPlanPreview,
} from "./preview.js";

const V1 = "gcr.io/demo/helloworld:v1";
const V2 = "gcr.io/demo/helloworld:v2";
const LATER = "fedcba9876543210";

function desiredOf(text: string, targetCommit = LATER): DesiredService {
  const built = buildDesiredService({
    manifest: { fileName: "service.yaml", text },
    deployment: { ...DEPLOYMENT, targetCommit },
  });
  if (!built.ok) throw new Error(built.errors.join("\n"));
  return built;
}

/** The service after deploying the v1 manifest at DEPLOYMENT.targetCommit. */
function liveV1(): Service {
  const d = desiredOf(typedEnvManifest(V1), DEPLOYMENT.targetCommit);
  return deployedService(d.service, d.candidate);
}

const render = (
  desired: DesiredService,
  live: Service | null,
  validation?: Parameters<typeof renderPlanPreview>[1]["validation"],
) =>
  renderPlanPreview(planPreview(desired, live), {
    deployTarget: "staging",
    targetCommit: LATER,
    ...(validation === undefined ? {} : { validation }),
  });

describe("plan preview", () => {
  it("no change: same configuration at a later commit (new name and commit label do not count)", () => {
    const plan = planPreview(desiredOf(typedEnvManifest(V1)), liveV1());
    expect(plan.kind).toBe("none");
    expect(plan.validate).toBeUndefined();
    const result = render(desiredOf(typedEnvManifest(V1)), liveV1());
    expect(result).toEqual({
      deployTarget: "staging",
      summary: "No changes: helloworld already runs this configuration",
      noChange: true,
      details: "",
      diffLanguage: "diff",
    });
  });

  it("image change: a new revision, the image change and the traffic move in summary and diff", () => {
    const desired = desiredOf(typedEnvManifest(V2));
    const live = liveV1();
    const plan = planPreview(desired, live);
    expect(plan.kind).toBe("new-revision");
    expect(plan.imageChanges).toEqual(["image helloworld from v1 to v2"]);
    expect(plan.validate?.etag).toBe(live.etag);
    expect(plan.validate?.service.template.revision).toBe(desired.candidate);
    // The write a deployment starts with: the new template, traffic kept where it is.
    expect(plan.validate?.service.traffic).toEqual([REV(live.template.revision as string, 100)]);
    const result = render(desired, live, { ok: true });
    expect(result.noChange).toBe(false);
    expect(result.summary).toBe(
      `A new revision ${desired.candidate} of helloworld will be created (image helloworld from v1 to v2) and get 100% of the traffic. Cloud Run accepts the change (validate_only)`,
    );
    expect(result.details).toContain("--- live (cloud run)\n+++ desired (fedcba9)\n@@ ");
    expect(result.details).toContain(`-    image: ${V1}\n+    image: ${V2}`);
    expect(result.details).toContain(`-  revision: ${live.template.revision}\n+  revision: ${desired.candidate}`);
  });

  it("config-only change: no new revision, the fields named", () => {
    const desired = desiredOf(typedEnvManifest(V1).replace("team: web", "team: payments"));
    const result = render(desired, liveV1(), { ok: true });
    expect(result.summary).toBe(
      "No new revision: only the configuration of helloworld changes (labels). Cloud Run accepts the change (validate_only)",
    );
    expect(result.details).toContain("-  team: web\n+  team: payments");
    expect(result.noChange).toBe(false);
  });

  it("template config change without a new image: a new revision naming the fields", () => {
    const desired = desiredOf(typedEnvManifest(V1).replace('maxScale: "5"', 'maxScale: "9"'));
    expect(render(desired, liveV1()).summary).toBe(
      `A new revision ${desired.candidate} of helloworld will be created (scaling change) and get 100% of the traffic`,
    );
  });

  it("traffic-only change: someone split the traffic; a deployment routes it back", () => {
    const live = liveV1();
    const rev = live.template.revision as string;
    const split = {
      ...live,
      traffic: [REV(rev, 50), REV("helloworld-old", 50)],
      trafficStatuses: [REV(rev, 50), REV("helloworld-old", 50)],
    };
    const result = render(desiredOf(typedEnvManifest(V1)), split);
    expect(result.summary).toBe(
      `No new revision: only the traffic of helloworld changes (helloworld-old 50%, ${rev} 50% → ${rev} 100%)`,
    );
    expect(result.details).toContain(`-- percent: 50\n-  revision: helloworld-old\n`);
  });

  it("a new service: a creation, diffed against nothing", () => {
    const desired = desiredOf(typedEnvManifest(V1));
    const plan = planPreview(desired, null);
    expect(plan.kind).toBe("create");
    expect(plan.validate).toBeUndefined();
    const result = render(desired, null);
    expect(result.summary).toBe(`Service helloworld will be created with revision ${desired.candidate}`);
    expect(result.details.split("\n").slice(0, 3)).toEqual([
      "--- live (cloud run)",
      "+++ desired (fedcba9)",
      expect.stringMatching(/^@@ -0,0 \+1,\d+ @@$/),
    ]);
    const desiredYaml = result.details
      .split("\n")
      .slice(3)
      .filter((l) => l.startsWith("+"))
      .map((l) => l.slice(1))
      .join("\n");
    expect(parse(desiredYaml)).toMatchObject({
      name: "helloworld",
      traffic: [{ revision: desired.candidate, percent: 100 }],
    });
  });

  it("never shows an env value; a changed one is marked", () => {
    const desired = desiredOf(typedEnvManifest(V2).replace(SECRET_ENV_VALUE, "new-secret-value"));
    const result = render(desired, liveV1());
    expect(result.details).not.toContain(SECRET_ENV_VALUE);
    expect(result.details).not.toContain("new-secret-value");
    expect(result.details).not.toMatch(/value: "?8080/);
    expect(result.details).toContain(`-      value: ${JSON.stringify(HIDDEN_VALUE)}\n`);
    expect(result.details).toContain(`+      value: ${JSON.stringify(HIDDEN_CHANGED_VALUE)}\n`);
    expect(result.summary).toContain("image helloworld from v1 to v2; env change");
  });

  it("shows Cloud Run's refusal, or that it could not check", () => {
    const desired = desiredOf(typedEnvManifest(V2));
    const rejected = render(desired, liveV1(), {
      ok: false,
      code: "AlreadyExists",
      message: "Revision named 'helloworld-blue' with different configuration already exists.",
    });
    expect(rejected.summary).toMatch(
      /\. Cloud Run rejects the change: AlreadyExists: Revision named 'helloworld-blue' with different configuration already exists\.$/,
    );
    expect(rejected.noChange).toBe(false);
    const unavailable = render(desired, liveV1(), { ok: false, code: "Unavailable", message: "try later" });
    expect(unavailable.summary).toMatch(/\. The change could not be validated with Cloud Run: Unavailable: try later$/);
  });

  it("reports a failed preview with its problems", () => {
    expect(
      failedPlanPreview("staging", "Cannot preview: the service manifest is invalid", ["service.yaml:3:1: x"]),
    ).toEqual({
      deployTarget: "staging",
      summary: "Cannot preview: the service manifest is invalid",
      noChange: false,
      details: "service.yaml:3:1: x",
      diffLanguage: "diff",
    });
  });
});

describe("hideEnvValues", () => {
  /** A service with one container holding `env`, and a build env TOKEN of `token`. */
  const withEnv = (env: Container["env"], token: string): Service => ({
    template: { containers: [{ name: "a", image: "i", env }] },
    buildConfig: { environmentVariables: { TOKEN: token } },
  });

  it("hides every value, marks changed ones on the desired side, and keeps secret references", () => {
    const live = withEnv(
      [
        { name: "SAME", value: "1" },
        { name: "CHANGED", value: "old" },
      ],
      "t1",
    );
    const desired = withEnv(
      [
        { name: "SAME", value: "1" },
        { name: "CHANGED", value: "new" },
        { name: "ADDED", value: "x" },
        { name: "REF", valueSource: { secretKeyRef: { secret: "db", version: "3" } } },
      ],
      "t2",
    );
    hideEnvValues(live, desired);
    expect(live.template.containers[0]?.env?.map((e) => e.value)).toEqual([HIDDEN_VALUE, HIDDEN_VALUE]);
    expect(desired.template.containers[0]?.env).toEqual([
      { name: "SAME", value: HIDDEN_VALUE },
      { name: "CHANGED", value: HIDDEN_CHANGED_VALUE },
      { name: "ADDED", value: HIDDEN_VALUE },
      { name: "REF", valueSource: { secretKeyRef: { secret: "db", version: "3" } } },
    ]);
    expect(live.buildConfig?.environmentVariables).toEqual({ TOKEN: HIDDEN_VALUE });
    expect(desired.buildConfig?.environmentVariables).toEqual({ TOKEN: HIDDEN_CHANGED_VALUE });
  });
});
