// Drift between Git and the live service, fields and traffic.
import type { Service } from "@cr/cloudrun/pure";
import { describe, expect, it } from "vitest";
import {
  DEPLOYMENT,
  deployedService,
  knativeManifest,
  REV,
  SECRET_ENV_VALUE,
  typedEnvManifest,
} from "../../test/fixtures.js";
import { buildDesiredService, type DesiredService } from "../candidate/desired.js";
import { type AppliedTrafficRecord, appliedTrafficRecord } from "../records/applied-traffic.js";
import { detectDrift } from "./drift.js";

const IMAGE = "gcr.io/demo/helloworld:v1";

function desiredOf(text: string, targetCommit = DEPLOYMENT.targetCommit): DesiredService {
  const built = buildDesiredService({
    manifest: { fileName: "service.yaml", text },
    deployment: { ...DEPLOYMENT, targetCommit },
  });
  if (!built.ok) throw new Error(built.errors.join("\n"));
  return built;
}

/** Git (the typed-env manifest) and the service a deployment of it left. */
function deployed(text = typedEnvManifest(IMAGE)) {
  const desired = desiredOf(text);
  return { desired, live: deployedService(desired.service, desired.candidate) };
}

const record = (live: Service, rolledBack = false): AppliedTrafficRecord => {
  const made = appliedTrafficRecord("helloworld", "d-1", live, rolledBack);
  if (!made.ok) throw new Error(made.problem);
  return made.record;
};

const withTraffic = (live: Service, traffic: ReturnType<typeof REV>[]): Service => ({
  ...live,
  traffic,
  trafficStatuses: traffic,
});

describe("detectDrift", () => {
  it("finds none right after a deployment: typed env values, defaults, output-only and system fields", () => {
    const { desired, live } = deployed();
    expect(live.template.containers[0]?.env).toContainEqual({ name: "FEATURE_FLAG", value: "false" });
    expect(detectDrift({ desired, live })).toEqual({ fields: [], lines: [] });
    expect(detectDrift({ desired, live, applied: record(live) })).toEqual({ fields: [], lines: [] });
  });

  it("ignores the generated revision name and the commit label of a later commit", () => {
    const { live } = deployed();
    const later = desiredOf(typedEnvManifest(IMAGE), "fedcba9876543210");
    expect(later.candidate).not.toBe(live.template.revision);
    expect(detectDrift({ desired: later, live }).fields).toEqual([]);
  });

  it("compares an explicit revision name", () => {
    const { live } = deployed();
    const named = desiredOf(
      typedEnvManifest(IMAGE).replace("    metadata:\n", "    metadata:\n      name: helloworld-blue\n"),
    );
    expect(named.candidateSource).toBe("explicit");
    expect(detectDrift({ desired: named, live }).lines).toContain(
      `template.revision: ${live.template.revision} → helloworld-blue`,
    );
  });

  it("names a changed image as path: live → desired", () => {
    const { live } = deployed();
    const drift = detectDrift({ desired: desiredOf(typedEnvManifest("gcr.io/demo/helloworld:v2")), live });
    expect(drift).toEqual({
      fields: ["image"],
      lines: ["template.containers[0].image: gcr.io/demo/helloworld:v1 → gcr.io/demo/helloworld:v2"],
    });
  });

  it("names a changed, added or removed env var but never its value", () => {
    const { desired, live } = deployed();
    const env = live.template.containers[0]?.env ?? [];
    const changed = structuredClone(live);
    changed.template.containers[0]!.env = [
      ...env.filter((e) => e.name !== "DB_PASSWORD" && e.name !== "PORT_HINT"),
      { name: "DB_PASSWORD", value: "changed-behind-our-back" },
      { name: "DEBUG", value: "true" },
    ];
    const drift = detectDrift({ desired, live: changed });
    expect(drift.fields).toEqual(["env"]);
    expect(drift.lines.sort()).toEqual([
      "template.containers[0].env[DB_PASSWORD]: (value differs)",
      "template.containers[0].env[DEBUG]: (set) → (not set)",
      "template.containers[0].env[PORT_HINT]: (not set) → (set)",
    ]);
    const text = drift.lines.join("\n");
    for (const secret of [SECRET_ENV_VALUE, "changed-behind-our-back", "8080", "true"])
      expect(text).not.toContain(secret);
  });

  it("reads an env value written as a string and as a YAML boolean as the same value", () => {
    const quoted = desiredOf(typedEnvManifest(IMAGE).replace("value: false", 'value: "false"'));
    const { live } = deployed();
    expect(detectDrift({ desired: quoted, live }).fields).toEqual([]);
  });

  it("names resources, scaling and concurrency changes by field", () => {
    const { desired, live } = deployed();
    const changed = structuredClone(live);
    changed.template.containers[0]!.resources = { limits: { cpu: "2", memory: "1Gi" }, cpuIdle: true };
    changed.template.scaling = { maxInstanceCount: 50 };
    changed.template.maxInstanceRequestConcurrency = 10;
    const drift = detectDrift({ desired, live: changed });
    expect(drift.fields).toEqual(["resources", "concurrency", "scaling"]);
    expect(drift.lines).toEqual([
      "template.containers[0].resources.limits.cpu: 2000m → 1000m",
      "template.containers[0].resources.limits.memory: 1Gi → 512Mi",
      "template.maxInstanceRequestConcurrency: 10 → 80",
      "template.scaling.maxInstanceCount: 50 → 5",
    ]);
  });

  it("ignores the service account Cloud Run assigns, but not one Git sets", () => {
    const { desired, live } = deployed();
    expect(live.template.serviceAccount).toBeDefined();
    expect(detectDrift({ desired, live }).fields).toEqual([]);
    const withAccount = structuredClone(desired);
    withAccount.service.template.serviceAccount = "app@p.iam.gserviceaccount.com";
    expect(detectDrift({ desired: withAccount, live }).lines).toEqual([
      "template.serviceAccount: 123456-compute@developer.gserviceaccount.com → app@p.iam.gserviceaccount.com",
    ]);
  });

  it("reports labels changed behind our back, but not system labels and annotations", () => {
    const { desired, live } = deployed();
    const changed = structuredClone(live);
    changed.labels = { ...changed.labels, team: "ops", "cloud.googleapis.com/location": "l" };
    changed.template.annotations = { "run.googleapis.com/startup-cpu-boost": "true" };
    expect(detectDrift({ desired, live: changed })).toEqual({ fields: ["labels"], lines: ["labels.team: ops → web"] });
  });

  describe("traffic", () => {
    it("without a record, expects 100% on the latest ready revision (tags kept)", () => {
      const { desired, live } = deployed();
      const rev = desired.candidate;
      const tagged = withTraffic(live, [REV(rev, 100), REV("helloworld-old", 0, "blue")]);
      expect(detectDrift({ desired, live: tagged }).fields).toEqual([]);
      const split = withTraffic(live, [REV(rev, 50), REV("helloworld-old", 50)]);
      expect(detectDrift({ desired, live: split })).toEqual({
        fields: ["traffic"],
        lines: [
          `traffic: helloworld-old 50%, ${rev} 50% → ${rev} 100% (a deployment routes 100% to the latest ready revision)`,
        ],
      });
    });

    it("compares with what the last deployment left: a held canary is in sync, a change is not", () => {
      const { desired, live } = deployed();
      const rev = desired.candidate;
      const canary = withTraffic(live, [REV(rev, 10, "canary"), REV("helloworld-old", 90)]);
      expect(detectDrift({ desired, live: canary, applied: record(canary) }).fields).toEqual([]);
      const moved = withTraffic(live, [REV(rev, 50, "canary"), REV("helloworld-old", 50)]);
      expect(detectDrift({ desired, live: moved, applied: record(canary) }).lines).toEqual([
        `traffic: helloworld-old 50%, ${rev} 50% (tag canary) → helloworld-old 90%, ${rev} 10% (tag canary) (as the last deployment left it)`,
      ]);
    });

    it("resolves LATEST before comparing", () => {
      const { desired, live } = deployed();
      expect(
        detectDrift({ desired, live: withTraffic(live, [REV("LATEST", 100)]), applied: record(live) }).fields,
      ).toEqual([]);
    });

    it("ignores a record of another service", () => {
      const { desired, live } = deployed();
      const other = { ...record(withTraffic(live, [REV("helloworld-old", 100)])), service: "other" };
      expect(detectDrift({ desired, live, applied: other }).fields).toEqual([]);
    });

    it("reports a rolled-back deployment: Git's configuration serves no traffic", () => {
      const { desired, live } = deployed();
      const restored = withTraffic(live, [REV("helloworld-old", 100)]);
      const drift = detectDrift({ desired, live: restored, applied: record(restored, true) });
      expect(drift.fields).toEqual(["traffic"]);
      expect(drift.lines).toEqual([
        "traffic: the last deployment was rolled back, so the revision with the configuration in Git serves no traffic",
      ]);
    });

    it("skips the traffic when no revision is ready to resolve LATEST", () => {
      const { desired, live } = deployed();
      const pending = { ...withTraffic(live, [REV("LATEST", 100)]), latestReadyRevision: undefined };
      expect(detectDrift({ desired, live: pending }).fields).toEqual([]);
    });
  });

  it("reports a service that does not exist", () => {
    expect(detectDrift({ desired: desiredOf(knativeManifest(IMAGE)), live: null })).toEqual({
      fields: ["service"],
      lines: ["service helloworld does not exist"],
    });
  });
});
