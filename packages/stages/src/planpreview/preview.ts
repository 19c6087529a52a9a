/**
 * Plan preview (pure): what deploying the target commit would change on Cloud Run, as a summary and
 * a YAML diff of live → desired, where desired is what the deployment's own conversion, first write and traffic rule leave.
 */
import { diffSplits, type Service, shortName, type TrafficSplit, toTrafficTargets } from "@cr/cloudrun/pure";
import { planSync } from "../candidate/deploy-plan.js";
import type { DesiredService } from "../candidate/desired.js";
import { unifiedDiff } from "../diff/unified.js";
import { toYaml } from "../diff/yaml.js";
import { categories, comparablePair, comparableService, serviceDifferences } from "../livestate/comparable.js";
import { deploymentTraffic, liveSplit } from "../livestate/drift.js";
import { imageChanges } from "../pipeline/versions.js";
import { formatSplitInline } from "../split.js";

export type PreviewKind = "create" | "new-revision" | "update" | "none";

export interface PreviewPlan {
  serviceId: string;
  candidate: string;
  kind: PreviewKind;
  /** Fields of the service that change (`image`, `env`, `labels`, …), traffic aside. */
  fields: string[];
  /** E.g. `image helloworld from v1.0.0 to v2.0.0`. */
  imageChanges: string[];
  /** Set when a deployment would move traffic. */
  traffic?: { before: TrafficSplit; after: TrafficSplit };
  /** Env values already hidden. */
  liveYaml: string;
  desiredYaml: string;
  /** The write a deployment would start with, for Cloud Run to check (`validate_only`); absent when none is needed. */
  validate?: { service: Service; etag?: string };
  /** A planning problem a deployment would also hit (e.g. traffic that cannot be planned). */
  problem?: string;
}

/** What Cloud Run said to the `validate_only` write. */
export type ValidationResult = { ok: true } | { ok: false; code: string; message: string };

export interface PlanPreviewResult {
  deployTarget: string;
  summary: string;
  noChange: boolean;
  details: string;
  diffLanguage: string;
}

/** Codes with which Cloud Run refuses the change itself (anything else means it could not check). */
const REJECTION_CODES = new Set(["InvalidArgument", "AlreadyExists", "FailedPrecondition"]);

export const HIDDEN_VALUE = "(hidden)";
export const HIDDEN_CHANGED_VALUE = "(hidden, differs from live)";

/**
 * Replaces every env value (and build environment value) with a marker: `(hidden)`, or on the
 * desired side `(hidden, differs from live)` when the live value of that variable differs, so
 * the diff still shows which variable changes but never what it holds.
 */
export function hideEnvValues(live: Service | undefined, desired: Service): void {
  const liveContainers = live?.template.containers ?? [];
  desired.template.containers.forEach((container, index) => {
    const twin = liveContainers.find((c) => c.name !== undefined && c.name === container.name) ?? liveContainers[index];
    const liveValues = new Map((twin?.env ?? []).map((e) => [e.name, e.value]));
    for (const env of container.env ?? []) {
      if (env.value === undefined) continue;
      const before = liveValues.get(env.name);
      env.value = before !== undefined && before !== env.value ? HIDDEN_CHANGED_VALUE : HIDDEN_VALUE;
    }
  });
  for (const container of liveContainers) {
    for (const env of container.env ?? []) if (env.value !== undefined) env.value = HIDDEN_VALUE;
  }
  const liveBuild = live?.buildConfig?.environmentVariables ?? {};
  const desiredBuild = desired.buildConfig?.environmentVariables;
  if (desiredBuild) {
    for (const [name, value] of Object.entries(desiredBuild)) {
      const before = liveBuild[name];
      desiredBuild[name] = before !== undefined && before !== value ? HIDDEN_CHANGED_VALUE : HIDDEN_VALUE;
    }
  }
  for (const name of Object.keys(liveBuild)) liveBuild[name] = HIDDEN_VALUE;
}

/** Every env value a service carries (containers and build config): the values to keep secret. */
export function envValuesOf(services: readonly (Service | null | undefined)[]): string[] {
  const values: string[] = [];
  for (const service of services) {
    for (const container of service?.template?.containers ?? []) {
      for (const env of container.env ?? []) if (env.value) values.push(env.value);
    }
    values.push(...Object.values(service?.buildConfig?.environmentVariables ?? {}));
  }
  return values;
}

/** Traffic as YAML shows it: entries in a stable order, so only real moves show in the diff. */
function trafficView(split: TrafficSplit) {
  const sorted = [...split].sort((a, b) => `${a.revision}/${a.tag}`.localeCompare(`${b.revision}/${b.tag}`));
  return toTrafficTargets(sorted.filter((t) => t.percent > 0 || t.tag));
}

/** Decides what a deployment of `desired` would do to `live` (`null`: the service does not exist). */
export function planPreview(desired: DesiredService, live: Service | null): PreviewPlan {
  const { serviceId, candidate } = desired;
  const options = { ignoreRevisionName: desired.candidateSource === "generated" };
  const planned = planSync(live, desired, undefined, { skipTrafficShift: false });
  const problem = planned.ok ? undefined : planned.error;
  const finalTraffic = planned.ok ? planned.finalTraffic : undefined;

  if (live === null) {
    const view = comparableService(desired.service, options);
    hideEnvValues(undefined, view);
    return {
      serviceId,
      candidate,
      kind: "create",
      fields: [],
      imageChanges: [],
      liveYaml: "",
      desiredYaml: toYaml({ ...view, traffic: trafficView(finalTraffic ?? []) }),
      ...(problem === undefined ? {} : { problem }),
    };
  }

  const pair = comparablePair(live, desired);
  const differences = serviceDifferences(pair.live, pair.desired);
  const newRevision = differences.some((d) => d.segments[0] === "template");
  const current = liveSplit(live);
  const ready = live.latestReadyRevision ? shortName(live.latestReadyRevision) : "";
  // Without a template change the revision serving now stays the latest, so traffic ends on it.
  const after = newRevision ? finalTraffic : current && ready ? deploymentTraffic(current, ready) : undefined;
  const moves = current !== undefined && after !== undefined && diffSplits(current, after).length > 0;
  const trafficMoves = moves ? { before: current, after } : undefined;
  const kind: PreviewKind = newRevision
    ? "new-revision"
    : differences.length > 0 || trafficMoves !== undefined
      ? "update"
      : "none";

  hideEnvValues(pair.live, pair.desired);
  const plan: PreviewPlan = {
    serviceId,
    candidate,
    kind,
    fields: categories(differences),
    imageChanges: imageChanges(pair.live.template.containers, pair.desired.template.containers),
    liveYaml: toYaml({ ...pair.live, traffic: trafficView(current ?? []) }),
    desiredYaml: toYaml({ ...pair.desired, traffic: trafficView(after ?? current ?? []) }),
  };
  if (trafficMoves !== undefined) plan.traffic = trafficMoves;
  if (kind !== "none" && planned.ok && planned.apply) {
    plan.validate = {
      service: planned.apply.service,
      ...(planned.apply.etag === undefined ? {} : { etag: planned.apply.etag }),
    };
  }
  if (problem !== undefined) plan.problem = problem;
  return plan;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function changeSummary(plan: PreviewPlan): string {
  const { serviceId, candidate } = plan;
  const traffic = plan.traffic
    ? `${formatSplitInline(plan.traffic.before)} → ${formatSplitInline(plan.traffic.after)}`
    : undefined;
  switch (plan.kind) {
    case "create":
      return `service ${serviceId} will be created with revision ${candidate}`;
    case "new-revision": {
      const others = plan.fields.filter((f) => f !== "image");
      const what = [...plan.imageChanges, ...(others.length > 0 ? [`${others.join(", ")} change`] : [])];
      return `a new revision ${candidate} of ${serviceId} will be created (${what.join("; ")}) and get 100% of the traffic`;
    }
    case "update":
      if (plan.fields.length > 0 && traffic) {
        return `no new revision: the configuration (${plan.fields.join(", ")}) and the traffic of ${serviceId} change (${traffic})`;
      }
      if (traffic) return `no new revision: only the traffic of ${serviceId} changes (${traffic})`;
      return `no new revision: only the configuration of ${serviceId} changes (${plan.fields.join(", ")})`;
    case "none":
      return `no changes: ${serviceId} already runs this configuration`;
  }
}

/** The result piped shows for one deploy target; `validation` is absent when nothing was sent to Cloud Run. */
export function renderPlanPreview(
  plan: PreviewPlan,
  context: { deployTarget: string; targetCommit: string; validation?: ValidationResult },
): PlanPreviewResult {
  const parts = [changeSummary(plan)];
  if (plan.problem !== undefined) parts.push(`a deployment would fail: ${plan.problem}`);
  const validation = context.validation;
  if (validation?.ok === true) parts.push("Cloud Run accepts the change (validate_only)");
  else if (validation !== undefined) {
    const error = validation.message ? `${validation.code}: ${validation.message}` : validation.code;
    parts.push(
      REJECTION_CODES.has(validation.code)
        ? `Cloud Run rejects the change: ${error}`
        : `the change could not be validated with Cloud Run: ${error}`,
    );
  }
  const details = unifiedDiff(plan.liveYaml, plan.desiredYaml, {
    fromLabel: "live (cloud run)",
    toLabel: `desired (${context.targetCommit.slice(0, 7) || "unknown commit"})`,
  });
  return {
    deployTarget: context.deployTarget,
    summary: parts.map(capitalise).join(". "),
    noChange: plan.kind === "none" && plan.problem === undefined,
    details,
    diffLanguage: "diff",
  };
}

/** The result for a deploy target whose preview could not be made (bad manifest, Cloud Run unreachable). */
export function failedPlanPreview(
  deployTarget: string,
  summary: string,
  problems: readonly string[],
): PlanPreviewResult {
  return { deployTarget, summary, noChange: false, details: problems.join("\n"), diffLanguage: "diff" };
}
