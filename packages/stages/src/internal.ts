// @cr/stages/internal: for other @cr/* packages (the plugin's composition root), no stability
// promise. What only the plugin needs besides the user API of ./index.ts.

export { liveRevisionIds, newestFirst } from "./livestate/live-revisions.js";
export { invalidConfigSyncState } from "./livestate/sync-state.js";
export { APP_OBJECT_APPLIED_TRAFFIC } from "./metadata-keys.js";
export { envValuesOf, failedPlanPreview, type ValidationResult } from "./planpreview/preview.js";
export { type AppliedTrafficRecord, parseAppliedTraffic } from "./records/applied-traffic.js";
