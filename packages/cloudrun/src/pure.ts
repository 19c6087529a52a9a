/**
 * `@cr/cloudrun/pure`: the side-effect-free user API — the plain Cloud Run model, the traffic math,
 * revision pruning and naming, image references, `service.yaml` loading and the readiness rule.
 * Nothing reachable from here imports `@google-cloud/*`, `@grpc/*`, `node:fs` or `node:net`.
 */

// ---- errors (the codes a CloudRunError carries; the class itself is in @cr/cloudrun) ----
export type { CloudRunErrorCode } from "./errors.js";
// ---- image references ----
export type { ImageRef, ImageVersion } from "./image.js";
export { imageVersion, parseImageRef } from "./image.js";
// ---- service.yaml ----
export type { ManifestIssue, ParseManifestOptions, ParseManifestResult } from "./manifest.js";
export { ingressContainerIndex, parseServiceManifest } from "./manifest.js";
export { normalizeService } from "./manifest-normalize.js";
// ---- model ----
export type {
  Condition,
  Container,
  Revision,
  RevisionTemplate,
  Service,
  TrafficTarget,
  TrafficTargetStatus,
} from "./model.js";
export { reservedNamespaceOf, SERVICE_OUTPUT_ONLY_FIELDS, shortName } from "./model.js";
// ---- naming ----
export type { RevisionNameInput, RevisionNameResult } from "./naming.js";
export { isValidRevisionName, isValidTag, revisionName, serviceIdProblems, tagProblems } from "./naming.js";
// ---- pruning ----
export type { KeepReason, PruneOptions, PrunePlan, PruneRevision, PruneServiceView } from "./pruning.js";
export { PruneOptionsError, planPrune } from "./pruning.js";
// ---- readiness ----
export type { ReadinessAssessment } from "./readiness.js";
export { assessRevisionReadiness, assessServiceReadiness } from "./readiness.js";
// ---- traffic ----
export type { SplitTarget, TrafficErrorCode, TrafficSplit } from "./traffic.js";
export { effectiveSplit, fromTrafficTargets, resolveLatest, TrafficError, toTrafficTargets } from "./traffic.js";
export type { SplitForCandidateOptions } from "./traffic-candidate.js";
export { splitForCandidate } from "./traffic-candidate.js";
export type { FormatSplitOptions, SplitChange, SplitProblem, ValidateSplitOptions } from "./traffic-check.js";
export { diffSplits, formatSplit, validateSplit } from "./traffic-check.js";
export type { TrafficSnapshot } from "./traffic-snapshot.js";
export { parseTrafficSnapshot, restoreSplit, snapshotSplit } from "./traffic-snapshot.js";
