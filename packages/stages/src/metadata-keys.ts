/**
 * Every metadata key the stages read or write, in one place.
 *
 * Deployment plugin metadata (shared by the stages of one deployment, `MetadataStore.get/put`):
 */

/**
 * JSON of a {@link PreDeploymentRecord}: the traffic that served before this deployment changed
 * anything (or the fact that the service did not exist). Written once, before the first mutation
 * of the deployment (by CLOUDRUN_SYNC, or by CLOUDRUN_PROMOTE when it has to deploy the candidate
 * itself), and never overwritten; read by CLOUDRUN_ROLLBACK and CLOUDRUN_CANARY_CLEANUP.
 */
export const METADATA_TRAFFIC_SNAPSHOT = "traffic-snapshot";

/** Short id of the revision this deployment creates (the candidate), e.g. `helloworld-v2-abc1234`. */
export const METADATA_CANDIDATE_REVISION = "candidate-revision";

/** Short id of the Cloud Run service this deployment targets, e.g. `helloworld`. */
export const METADATA_SERVICE_ID = "service-id";

/**
 * JSON of an `AppliedTrafficRecord` (plan/applied-traffic.ts, the format of the `applied-traffic`
 * application object): the split THIS deployment last wrote, as verified. Replaced after every
 * verified traffic step of CLOUDRUN_SYNC and CLOUDRUN_PROMOTE (also when the traffic already was as
 * planned); `""` when the split could not be recorded. CLOUDRUN_PROMOTE compares the live traffic
 * with it before planning (option `onTrafficDrift`); CLOUDRUN_ROLLBACK logs when it overrides a
 * change made since.
 */
export const METADATA_LAST_TRAFFIC = "last-traffic";

/** The deployment plugin metadata keys, for tooling and tests. */
export const DEPLOYMENT_METADATA_KEYS = [
  METADATA_TRAFFIC_SNAPSHOT,
  METADATA_CANDIDATE_REVISION,
  METADATA_SERVICE_ID,
  METADATA_LAST_TRAFFIC,
] as const;

/*
 * Stage metadata (outputs of one stage, `MetadataStore.putStage`):
 */

/** Candidate revision id (SYNC, PROMOTE) or the revision traffic went to (ROLLBACK with `revision`). */
export const STAGE_OUTPUT_REVISION = "revision";
/** Short service id. */
export const STAGE_OUTPUT_SERVICE_NAME = "service_name";
/** The service's main URL, when Cloud Run reports one. */
export const STAGE_OUTPUT_SERVICE_URL = "service_url";
/** URL of the candidate's traffic tag (SYNC with `tag`). */
export const STAGE_OUTPUT_TAG_URL = "tag_url";
/** Percent of traffic the candidate got (PROMOTE). */
export const STAGE_OUTPUT_PERCENT = "percent";
/** Comma-separated ids of the revisions deleted (CANARY_CLEANUP, SYNC with `prune`). */
export const STAGE_OUTPUT_DELETED_REVISIONS = "deleted_revisions";

/*
 * Application objects (kept across deployments, `MetadataStore.putAppObject`, scoped per deploy
 * target by the adapter):
 */

/**
 * JSON of an `AppliedTrafficRecord` (plan/applied-traffic.ts): the split the last traffic write of
 * a deployment left (written after every verified traffic write of SYNC, PROMOTE and ROLLBACK).
 * Live state compares the live traffic with it: any other split is drift.
 */
export const APP_OBJECT_APPLIED_TRAFFIC = "applied-traffic";
