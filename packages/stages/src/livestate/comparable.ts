/**
 * What drift detection and plan preview compare (pure): both sides normalised, then stripped of what
 * a deployment legitimately changes or the system owns; never shows an environment value.
 */
import { normalizeService, reservedNamespaceOf, type Service } from "@cr/cloudrun/pure";
import type { DesiredService } from "../candidate/desired.js";
import { LABEL_COMMIT_HASH } from "../candidate/labels.js";
import { type Difference, type PathSegment, structuralDiff } from "../diff/structural.js";

export interface ComparableOptions {
  /** Drop `template.revision`: set when the desired name is generated (it changes with every commit). */
  ignoreRevisionName: boolean;
}

function withoutIgnoredKeys(map: Record<string, string> | undefined): Record<string, string> | undefined {
  if (map === undefined) return undefined;
  const kept = Object.entries(map).filter(
    ([key]) => key !== LABEL_COMMIT_HASH && reservedNamespaceOf(key) === undefined,
  );
  return kept.length > 0 ? Object.fromEntries(kept) : undefined;
}

function setOrDelete<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value === undefined) delete target[key];
  else target[key] = value;
}

/**
 * The normalised service without: `traffic` (compared on its own, as a split), `template.revision`
 * when generated, the PipeCD commit label (it changes with every deployment), and labels and
 * annotations in the reserved namespaces (the v2 API refuses them in requests, so only Cloud Run
 * sets them). Environment values are strings (a manifest `false` is the env value "false").
 */
export function comparableService(service: Service, options: ComparableOptions): Service {
  const view = normalizeService(service);
  delete view.traffic;
  setOrDelete(view, "labels", withoutIgnoredKeys(view.labels));
  setOrDelete(view, "annotations", withoutIgnoredKeys(view.annotations));
  const template = view.template;
  if (options.ignoreRevisionName) delete template.revision;
  setOrDelete(template, "labels", withoutIgnoredKeys(template.labels));
  setOrDelete(template, "annotations", withoutIgnoredKeys(template.annotations));
  for (const container of template.containers) {
    for (const env of container.env ?? []) if (env.value !== undefined) env.value = String(env.value);
  }
  return view;
}

/**
 * Fields Cloud Run fills with a project-specific value when the request leaves them unset, which
 * no normaliser can predict: `template.serviceAccount` becomes the project's default compute
 * service account [D: Cloud Run service identity docs]. Compared only when Git sets them.
 */
const SERVER_ASSIGNED_WHEN_UNSET = ["serviceAccount"] as const;

export interface ComparablePair {
  live: Service;
  desired: Service;
}

/** Both sides, comparable; the live side drops what the server assigns when Git leaves it unset. */
export function comparablePair(
  live: Service,
  desired: Pick<DesiredService, "service" | "candidateSource">,
): ComparablePair {
  const options = { ignoreRevisionName: desired.candidateSource === "generated" };
  const pair: ComparablePair = {
    live: comparableService(live, options),
    desired: comparableService(desired.service, options),
  };
  for (const field of SERVER_ASSIGNED_WHEN_UNSET) {
    if (pair.desired.template[field] === undefined) delete pair.live.template[field];
  }
  return pair;
}

/** Lists whose items are matched by name rather than by position (an inserted env var is one change). */
const NAMED_LISTS = new Set(["env", "volumes"]);

/** Every differing leaf between two comparable services, env vars and volumes matched by name. */
export function serviceDifferences(before: Service, after: Service): Difference[] {
  return structuralDiff(before, after, {
    itemKey: (segments) => (NAMED_LISTS.has(String(segments.at(-1))) ? "name" : undefined),
  });
}

const SECRET_PARENTS = new Set(["env", "environmentVariables"]);

/**
 * The path prefix whose values must never be shown: an env var (`…env[NAME]`) or a build
 * environment variable (`…environmentVariables.NAME`); undefined for any other path.
 */
export function secretPrefix(segments: readonly PathSegment[]): PathSegment[] | undefined {
  const at = segments.findIndex((s) => typeof s === "string" && SECRET_PARENTS.has(s));
  return at < 0 ? undefined : segments.slice(0, at + 2);
}

const CATEGORY_ALIASES: Record<string, string> = {
  livenessProbe: "probes",
  readinessProbe: "probes",
  startupProbe: "probes",
  volumeMounts: "volumes",
  maxInstanceRequestConcurrency: "concurrency",
  minInstanceCount: "scaling",
  maxInstanceCount: "scaling",
};

/**
 * The field a difference belongs to, for one-line summaries: the first named step below the
 * template and container level (`template.containers[0].resources.limits.cpu` → `resources`,
 * `template.scaling.maxInstanceCount` → `scaling`, `labels.team` → `labels`).
 */
export function fieldCategory(segments: readonly PathSegment[]): string {
  for (const s of segments) {
    if (typeof s !== "string" || s === "template" || s === "containers") continue;
    return CATEGORY_ALIASES[s] ?? s;
  }
  return "service";
}

/** The distinct categories of some differences, in first-seen order. */
export function categories(differences: readonly { segments: readonly PathSegment[] }[]): string[] {
  return [...new Set(differences.map((d) => fieldCategory(d.segments)))];
}
