// How and when a new revision becomes Ready or fails, from the image readiness rules.
import { loadProtos, type PbEnum } from "./protos.js";
import type { RevisionFailure, State } from "./store.js";
import type { RevisionTemplate } from "./types.js";

/**
 * How revisions running an image become ready. Keys of the rule table are exact image references,
 * or prefixes ending in `*` (e.g. `gcr.io/p/app:*`); the longest matching key wins. A rule with
 * `resource` applies only to revisions under that resource name (e.g. one region,
 * `projects/p/locations/us-central1`); elsewhere the image becomes ready as usual.
 */
export type ImageReadiness =
  /** Ready after `delayMs` (default: the emulator's `readyDelayMs`). */
  (
    | { mode: "ready"; delayMs?: number }
    /** Never leaves the reconciling state; its operation never finishes. */
    | { mode: "never" }
    /** Ends `Ready=False` after `delayMs` with the given reason (a CommonReason or RevisionReason name) and message. */
    | { mode: "fail"; reason?: string; message?: string; delayMs?: number }
  ) & { resource?: string };

export type ReadinessPlan =
  | { mode: "ready"; delayMs: number }
  | { mode: "never" }
  | { mode: "fail"; delayMs: number; failure: RevisionFailure };

export const DEFAULT_FAILURE_REASON = "HEALTH_CHECK_CONTAINER_ERROR";
export const DEFAULT_FAILURE_MESSAGE =
  "The user-provided container failed to start and listen on the port defined provided by the PORT=8080 environment variable within the allocated timeout.";

function conditionEnum(field: "reason" | "revisionReason"): PbEnum {
  const type = loadProtos().type("google.cloud.run.v2.Condition");
  const rt = type.fieldsArray.find((f) => f.name === field)?.resolvedType;
  if (!rt || !("valuesById" in rt)) throw new Error(`Condition.${field} enum not found`);
  return rt;
}

/** Which `Condition` oneof member carries a reason name, or undefined when the name is unknown. */
export function reasonField(reason: string): "reason" | "revisionReason" | undefined {
  if (conditionEnum("revisionReason").values[reason] !== undefined) return "revisionReason";
  if (conditionEnum("reason").values[reason] !== undefined) return "reason";
  return undefined;
}

/** Validates a readiness rule from the control API; throws TypeError with a readable message. */
export function parseImageReadiness(input: unknown): ImageReadiness {
  if (typeof input !== "object" || input === null) throw new TypeError("readiness must be an object");
  const r = input as Record<string, unknown>;
  const scope = r.resource;
  if (scope !== undefined && (typeof scope !== "string" || scope === "")) {
    throw new TypeError("resource must be a non-empty resource name");
  }
  const scoped = (rule: ImageReadiness): ImageReadiness => (scope === undefined ? rule : { ...rule, resource: scope });
  const delay = r.delayMs;
  if (delay !== undefined && (typeof delay !== "number" || !Number.isFinite(delay) || delay < 0)) {
    throw new TypeError("delayMs must be a non-negative number");
  }
  switch (r.mode) {
    case "ready":
      return scoped(delay === undefined ? { mode: "ready" } : { mode: "ready", delayMs: delay });
    case "never":
      return scoped({ mode: "never" });
    case "fail": {
      const reason = r.reason ?? DEFAULT_FAILURE_REASON;
      if (typeof reason !== "string" || reasonField(reason) === undefined) {
        throw new TypeError(`reason must name a Condition CommonReason or RevisionReason value, got ${String(reason)}`);
      }
      const message = r.message ?? DEFAULT_FAILURE_MESSAGE;
      if (typeof message !== "string") throw new TypeError("message must be a string");
      return scoped(
        delay === undefined ? { mode: "fail", reason, message } : { mode: "fail", reason, message, delayMs: delay },
      );
    }
    default:
      throw new TypeError(`mode must be "ready", "never" or "fail", got ${String(r.mode)}`);
  }
}

function ruleFor(state: State, image: string, revision: string): ImageReadiness | undefined {
  let best: { key: string; rule: ImageReadiness } | undefined;
  for (const [key, rule] of state.imageRules) {
    if (rule.resource !== undefined && revision !== rule.resource && !revision.startsWith(`${rule.resource}/`))
      continue;
    const matches = key.endsWith("*") ? image.startsWith(key.slice(0, -1)) : image === key;
    if (matches && (!best || key.length > best.key.length)) best = { key, rule };
  }
  return best?.rule;
}

/**
 * Combines the rules of every container image of the revision named `revision` (its full resource
 * name): a failing image wins, then a never-ready one, then the slowest.
 */
export function readinessFor(state: State, template: RevisionTemplate, revision: string): ReadinessPlan {
  const fallback = state.options.readyDelayMs;
  const containers = template.containers ?? [];
  let delayMs = containers.length === 0 ? fallback : 0;
  let never = false;
  for (const container of containers) {
    const rule = ruleFor(state, container.image ?? "", revision);
    if (rule?.mode === "fail") {
      return {
        mode: "fail",
        delayMs: rule.delayMs ?? fallback,
        failure: { reason: rule.reason ?? DEFAULT_FAILURE_REASON, message: rule.message ?? DEFAULT_FAILURE_MESSAGE },
      };
    }
    if (rule?.mode === "never") never = true;
    delayMs = Math.max(delayMs, rule?.mode === "ready" ? (rule.delayMs ?? fallback) : fallback);
  }
  return never ? { mode: "never" } : { mode: "ready", delayMs };
}
