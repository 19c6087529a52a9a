// The emulator's API: start an emulator and drive it from tests (control, faults, readiness, journal).
export type { EmulatorControl, FaultOptions, TrafficTargetInput } from "./control-api.js";
export type { GrpcCodeName } from "./errors.js";
export type { FaultInfo, FaultKind, FaultSpec, FaultTimes } from "./faults.js";
export type { JournalEntry, JournalFilter } from "./journal.js";
export { METHOD_NAMES, type MethodName } from "./methods.js";
export type { ImageReadiness } from "./readiness.js";
export {
  DEFAULT_MAX_REVISIONS,
  DEFAULT_READY_DELAY_MS,
  type Emulator,
  type EmulatorOptions,
  startEmulator,
} from "./server.js";
export { MAX_TAG_AND_SERVICE_LENGTH } from "./traffic.js";
