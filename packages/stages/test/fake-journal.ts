/**
 * The one journal every fake port writes to (calls in order, mutating or not), and the error the
 * fakes reject with.
 */
import type { CloudRunPort, PortError } from "../src/ports.js";

export type FakeMethod = keyof CloudRunPort;
export const MUTATING_METHODS: readonly FakeMethod[] = ["applyService", "updateTraffic", "deleteRevision"];

export interface JournalEntry {
  seq: number;
  /** `cloudRun.<method>` or `metadata.<get|put|putStage>`. */
  call: string;
  mutating: boolean;
  /** Service / revision id or metadata key. */
  target: string;
  /** Whether the stage signal had already aborted when the call was made. */
  afterAbort: boolean;
}

export class Journal {
  readonly entries: JournalEntry[] = [];
  private seq = 0;
  /** Set by tests that abort, so entries can say whether they came after the abort. */
  signal: AbortSignal | undefined;

  add(call: string, target: string, mutating: boolean): void {
    this.entries.push({ seq: ++this.seq, call, target, mutating, afterAbort: this.signal?.aborted ?? false });
  }

  mutations(): JournalEntry[] {
    return this.entries.filter((e) => e.mutating && e.call.startsWith("cloudRun."));
  }

  /** The Cloud Run mutations made after the first `count` of them, by call name. */
  mutationCallsSince(count: number): string[] {
    return this.mutations()
      .slice(count)
      .map((e) => e.call);
  }

  calls(call: string): JournalEntry[] {
    return this.entries.filter((e) => e.call === call);
  }

  indexOf(predicate: (e: JournalEntry) => boolean): number {
    return this.entries.findIndex(predicate);
  }
}

export class FakePortError extends Error implements PortError {
  override readonly name = "FakePortError";
  constructor(
    readonly code: string,
    message: string,
    readonly reason?: string,
  ) {
    super(message);
  }
}
