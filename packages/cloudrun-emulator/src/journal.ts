// The call journal: every RPC with its request summary, answer, faults and whether it changed state.
import type { FaultKind } from "./faults.js";
import type { MethodName } from "./methods.js";

/** One RPC as the emulator saw it. */
export interface JournalEntry {
  /** 1, 2, 3… in arrival order. */
  readonly seq: number;
  /** Arrival time, ISO 8601. */
  readonly time: string;
  readonly method: MethodName;
  /** True for writes to services or revisions (Create/Update/DeleteService, DeleteRevision, SetIamPolicy) unless validate_only. */
  readonly mutating: boolean;
  /** The resource the request names (service, revision, operation or parent). */
  readonly resource?: string;
  /** A compact copy of the request (scalars, update mask, and name/etag/revision/images/traffic/labels of a service). */
  readonly request: Record<string, unknown>;
  /** Final gRPC status name ("OK", "NOT_FOUND", …); absent while the call is still in flight (e.g. stalled). */
  code?: string;
  message?: string;
  /** True when the call changed emulator state (even if it then answered an error). */
  applied: boolean;
  /** Faults that hit this call. */
  faults: FaultKind[];
  /** Time from arrival to answer, in milliseconds. */
  durationMs?: number;
}

/** Narrows `journal()`: by method, by whether the call mutates, by resource (and what lies below it). */
export interface JournalFilter {
  method?: MethodName;
  mutating?: boolean;
  resource?: string;
}

export class Journal {
  private entries: JournalEntry[] = [];
  private seq = 0;

  begin(method: MethodName, mutating: boolean, resource: string | undefined, request: Record<string, unknown>) {
    this.seq += 1;
    const entry: JournalEntry = {
      seq: this.seq,
      time: new Date().toISOString(),
      method,
      mutating,
      ...(resource === undefined ? {} : { resource }),
      request,
      applied: false,
      faults: [],
    };
    this.entries.push(entry);
    return entry;
  }

  /** Copies of the entries, oldest first, optionally filtered. */
  list(filter: JournalFilter = {}): JournalEntry[] {
    return this.entries
      .filter(
        (e) =>
          (filter.method === undefined || e.method === filter.method) &&
          (filter.mutating === undefined || e.mutating === filter.mutating) &&
          (filter.resource === undefined || e.resource === filter.resource),
      )
      .map((e) => structuredClone(e));
  }

  clear(): void {
    this.entries = [];
  }
}
