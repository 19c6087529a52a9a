/**
 * Plain-data fixtures shared by this package's tests (not exported from the package entry).
 */
import type { Service, TrafficSnapshot, TrafficTarget } from "@cr/cloudrun/pure";
import type { PromoteStageOptions, TrafficDriftPolicy } from "@cr/config";
import type { DeploymentInfo, ManifestSource, StageInput } from "../src/types.js";

export const SECRET_ENV_VALUE = "CANARY-7f3a9c-secret-value";

export const DEPLOYMENT: DeploymentInfo = {
  id: "deployment-1",
  applicationId: "app-1",
  pipedId: "piped-1",
  targetCommit: "abc1234def5678",
  runningCommit: "0123456789ab",
};

/**
 * A Knative service.yaml for `service` running `image`, with a secret-looking env value. `templateExtra` goes
 * into the template before its spec (e.g. template metadata), `env` before the secret (indented list entries).
 */
export function knativeManifest(image: string, service = "helloworld", templateExtra = "", env = ""): string {
  return `apiVersion: serving.knative.dev/v1
kind: Service
metadata:
  name: ${service}
  labels:
    team: web
spec:
  template:
${templateExtra}    spec:
      containers:
        - image: ${image}
          env:
${env}            - name: DB_PASSWORD
              value: ${SECRET_ENV_VALUE}
`;
}

export function manifest(image: string, service = "helloworld"): ManifestSource {
  return { fileName: "service.yaml", text: knativeManifest(image, service) };
}

export function stageInput<O>(options: O, image = "gcr.io/demo/helloworld:v2", service = "helloworld"): StageInput<O> {
  return { deployment: DEPLOYMENT, manifest: manifest(image, service), options };
}

/** Validated CLOUDRUN_PROMOTE options (`onTrafficDrift` defaults to "fail", as validation does). */
export function promoteOptions(percent: number, onTrafficDrift: TrafficDriftPolicy = "fail"): PromoteStageOptions {
  return { percent, onTrafficDrift };
}

export const REV = (t: "LATEST" | string, percent: number, tag?: string): TrafficTarget => {
  const out: TrafficTarget =
    t === "LATEST"
      ? { type: "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST", percent }
      : { type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION", revision: t, percent };
  if (tag) out.tag = tag;
  return out;
};

/** A live service as the API would show it (full names), for planner tests. */
export function liveService(
  id: string,
  traffic: TrafficTarget[],
  latestReady: string,
  extra: Partial<Service> = {},
): Service {
  const parent = `projects/p/locations/l/services/${id}`;
  return {
    name: parent,
    etag: '"e1"',
    template: { revision: latestReady, containers: [{ image: "gcr.io/demo/helloworld:v1" }] },
    traffic,
    latestReadyRevision: `${parent}/revisions/${latestReady}`,
    latestCreatedRevision: `${parent}/revisions/${latestReady}`,
    ...extra,
  };
}

export const SVC = "helloworld";
export const CANDIDATE = "helloworld-v2-abc1234";
export const A = "helloworld-a";
export const B = "helloworld-b";
export const C = "helloworld-c";

/** The fault-matrix baseline: `{a: 90 (tag blue), b: 10, c: 0 (tag preview)}`. */
export const BASELINE_TRAFFIC: TrafficTarget[] = [REV(A, 90, "blue"), REV(B, 10), REV(C, 0, "preview")];

/** Baseline with LATEST: `{LATEST: 100 (→ b), a: 0 (tag blue)}`; b is created last so it is the latest ready. */
export const LATEST_BASELINE_TRAFFIC: TrafficTarget[] = [REV("LATEST", 100), REV(A, 0, "blue")];

/** A fake (or emulator) seed: revisions a, c, b (b is the latest), with `traffic`. */
export interface Seeder {
  seed(service: string, revisions: { name: string; image?: string }[], traffic: TrafficTarget[]): void;
}

export function seedBaseline(cloudRun: Seeder, traffic: TrafficTarget[] = BASELINE_TRAFFIC): void {
  cloudRun.seed(SVC, [{ name: A }, { name: C }, { name: B }], traffic);
}

/** What a service actually routes: `trafficStatuses` as `revision:percent[:tag]`, LATEST shown by its revision, sorted. */
export function routing(service: { trafficStatuses?: { revision?: string; percent?: number; tag?: string }[] } | null) {
  return (service?.trafficStatuses ?? [])
    .map((t) => `${(t.revision ?? "").split("/").pop()}:${t.percent ?? 0}${t.tag ? `:${t.tag}` : ""}`)
    .sort();
}

/** A manifest whose env values YAML reads as a boolean and a number: Cloud Run holds them as strings. */
export function typedEnvManifest(image: string, service = "helloworld"): string {
  const maxScale = '    metadata:\n      annotations:\n        autoscaling.knative.dev/maxScale: "5"\n';
  const typedEnv = [
    "            - name: FEATURE_FLAG\n              value: false\n",
    "            - name: PORT_HINT\n              value: 8080\n",
  ];
  return knativeManifest(image, service, maxScale, typedEnv.join(""));
}

/** The pre-deployment traffic of service `svc` as recorded: b serving 100% through LATEST, a at 0% tagged blue. */
export const SVC_TRAFFIC_SNAPSHOT: TrafficSnapshot = {
  version: 1,
  service: "svc",
  source: "trafficStatuses",
  targets: [
    { revision: "svc-b", percent: 100, wasLatest: true },
    { revision: "svc-a", percent: 0, tag: "blue" },
  ],
};

/**
 * The service as Cloud Run returns it after a deployment of `desired` (revision `revision` serving
 * 100 %): full names, output-only fields, server defaults, a default service account and a system
 * annotation, none of which is drift.
 */
export function deployedService(desired: Service, revision: string, project = "p", region = "l"): Service {
  const name = `projects/${project}/locations/${region}/services/${desired.name}`;
  const live: Service = structuredClone(desired);
  live.name = name;
  live.uid = "uid-1";
  live.etag = '"etag-1"';
  live.generation = 2;
  live.observedGeneration = 2;
  live.createTime = "2026-01-01T00:00:00Z";
  live.updateTime = "2026-01-01T00:01:00Z";
  live.creator = "piped@example.iam.gserviceaccount.com";
  live.client = "cloudrun-plugin";
  live.annotations = { ...live.annotations, "run.googleapis.com/operation-id": "op-1" };
  live.ingress = "INGRESS_TRAFFIC_ALL";
  live.launchStage = "GA";
  live.terminalCondition = { type: "Ready", state: "CONDITION_SUCCEEDED" };
  live.traffic = [{ type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION", revision, percent: 100 }];
  live.trafficStatuses = [{ type: "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION", revision, percent: 100 }];
  live.latestReadyRevision = `${name}/revisions/${revision}`;
  live.latestCreatedRevision = `${name}/revisions/${revision}`;
  live.uri = `https://${desired.name}-abc-uc.a.run.app`;
  const template = live.template;
  template.timeout ??= 300;
  template.maxInstanceRequestConcurrency ??= 80;
  template.serviceAccount ??= "123456-compute@developer.gserviceaccount.com";
  for (const c of template.containers) {
    c.ports ??= [{ name: "http1", containerPort: 8080 }];
    c.resources ??= { limits: { cpu: "1000m", memory: "512Mi" }, cpuIdle: true };
  }
  return live;
}
