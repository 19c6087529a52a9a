// The control surface tests drive: fault script, readiness rules, behind-the-back edits, journal, reset.
import type { GrpcCodeName } from "./errors.js";
import type { FaultInfo, FaultSpec, FaultTimes } from "./faults.js";
import type { JournalEntry, JournalFilter } from "./journal.js";
import type { MethodName } from "./methods.js";
import type { ImageReadiness } from "./readiness.js";
import type { TrafficTarget } from "./types.js";

/** A traffic target for `setTraffic`; `type` may be the short "LATEST" / "REVISION" or the full enum name. */
export interface TrafficTargetInput {
  type?: "LATEST" | "REVISION" | TrafficTarget["type"];
  revision?: string;
  percent?: number;
  tag?: string;
}

/** Options shared by the fault shortcuts. */
export interface FaultOptions {
  /** Calls to hit (default 1) or "always". */
  times?: FaultTimes;
  /** Only calls naming this resource, or something below it, are hit. */
  resource?: string;
  /** Error message (default: "Injected fault: …"). */
  message?: string;
}

/** The test-facing control surface: fault script, readiness rules, behind-the-back edits, journal, reset. */
export interface EmulatorControl {
  /** Adds any fault (see `FaultSpec`); returns its id. */
  addFault(spec: FaultSpec): string;
  /** The next `times` calls of `method` answer `code` without doing anything. */
  failNext(method: MethodName, code: GrpcCodeName | number, times?: FaultTimes, options?: FaultOptions): string;
  /** Holds the next call(s) of `method` for `delayMs`, or until `release()` when no delay is given. */
  stall(method: MethodName, options?: { delayMs?: number; times?: FaultTimes; resource?: string }): string;
  /** Lets calls held by a stall proceed (one fault's, or all). Returns how many were released. */
  release(faultId?: string): number;
  /** Number of calls currently held by stalls (one fault's, or all). */
  heldCalls(faultId?: string): number;
  /**
   * The next call(s) of `method` are applied, then answer `code` (`on: "rpc"`, a lost reply), or
   * return an operation that ends with `code` (`on: "operation"`, long-running writes only).
   */
  applyThenFail(
    method: MethodName,
    code: GrpcCodeName | number,
    options?: FaultOptions & { on?: "rpc" | "operation" },
  ): string;
  /** After the next successful call(s) of `method`, the service it touched gets a new etag (a concurrent writer). */
  bumpEtagAfter(method: MethodName, options?: { times?: FaultTimes; resource?: string }): string;
  faults(): FaultInfo[];
  removeFault(id: string): boolean;
  /** Removes all faults and releases held calls. */
  clearFaults(): void;

  /**
   * Simulates another writer touching the service (full name): the next read shows a new etag and
   * generation, so a write carrying the old etag is ABORTED. Returns the new etag.
   */
  bumpEtag(service: string): string;
  /**
   * Replaces a service's traffic as someone else would (console, gcloud): validated like an
   * UpdateService (throws otherwise), new generation and etag, applied once the revisions are ready.
   */
  setTraffic(service: string, traffic: readonly TrafficTargetInput[]): void;

  /** How revisions using `image` become ready; `image` may end in `*` to match a prefix. */
  setImageReadiness(image: string, readiness: ImageReadiness): void;
  /** Removes one image rule, or all. */
  clearImageReadiness(image?: string): void;
  imageReadiness(): Record<string, ImageReadiness>;

  /** Every call so far (oldest first), optionally filtered by method, mutating flag or resource. */
  journal(filter?: JournalFilter): JournalEntry[];
  clearJournal(): void;
  /** Forgets all services, revisions, operations, faults, readiness rules and the journal. */
  reset(): void;
}
