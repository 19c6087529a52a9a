// The in-memory state: services, revisions, operations, and the records they are kept in.
import type { ServiceName } from "./names.js";
import type { ImageReadiness } from "./readiness.js";
import type { Condition, RevisionTemplate, RpcStatus, ServiceSpec, Timestamp, TrafficTargetStatus } from "./types.js";

export type RevisionState = "pending" | "ready" | "failed";

export interface RevisionFailure {
  /** Name of a `Condition.CommonReason` or `Condition.RevisionReason` value. */
  reason: string;
  message: string;
}

export interface RevisionRecord {
  /** Short name, e.g. `hello-00001-abc`. */
  readonly name: string;
  readonly full: string;
  readonly uid: string;
  readonly seq: number;
  readonly createTime: number;
  updateTime: number;
  /** The template it was created from (cleaned, defaulted), without `revision`. */
  readonly template: RevisionTemplate;
  readonly templateKey: string;
  readonly launchStage: string | undefined;
  state: RevisionState;
  failure?: RevisionFailure;
  /** True once the revision has been in the applied traffic with a non-zero percent. */
  everServed: boolean;
  readonly etag: string;
}

export interface RoutesOutcome {
  state: "ok" | "pending" | "failed";
  message?: string;
}

export interface ServiceRecord {
  readonly id: ServiceName;
  readonly uid: string;
  readonly seq: number;
  readonly createTime: number;
  updateTime: number;
  /** Desired state as stored: cleaned, defaulted, `traffic` never empty. */
  spec: ServiceSpec;
  specKey: string;
  templateKey: string;
  generation: number;
  observedGeneration: number;
  etag: string;
  revisionCounter: number;
  /** Revisions by short name, in creation order (oldest first). */
  revisions: Map<string, RevisionRecord>;
  latestCreated?: string;
  latestReady?: string;
  trafficStatuses: TrafficTargetStatus[];
  routes: RoutesOutcome;
  reconciling: boolean;
  terminalCondition: Condition;
  conditions: Condition[];
}

export interface OperationRecord {
  readonly name: string;
  readonly seq: number;
  readonly kind: "service" | "revision";
  /** Full name of the service (kind "service") or revision (kind "revision") it acts on. */
  readonly target: string;
  /** Service generation the operation was created for. */
  readonly generation: number;
  /** Revision the operation waits for, when the write created or re-selected one. */
  readonly waitRevision?: string;
  /** Error the operation must end with whatever happens (apply-then-fail on the operation). */
  readonly forcedError?: RpcStatus;
  done: boolean;
  error?: RpcStatus;
  /** Encoded Service/Revision: the latest metadata snapshot, and the response once done. */
  metadata: Buffer;
  response?: Buffer;
  readonly waiters: Set<() => void>;
}

export interface StateOptions {
  readyDelayMs: number;
  maxRevisionsPerService: number;
}

/** All in-memory state of one emulator instance. */
export class State {
  readonly services = new Map<string, ServiceRecord>();
  readonly operations = new Map<string, OperationRecord>();
  /** Operations not done yet (a subset of `operations`). */
  readonly pendingOperations = new Set<OperationRecord>();
  readonly imageRules = new Map<string, ImageReadiness>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private seq = 0;

  constructor(readonly options: StateOptions) {}

  nextSeq(): number {
    this.seq += 1;
    return this.seq;
  }

  /** Runs `fn` after `ms`, keyed so that a later schedule or `cancel` with the same key replaces it. */
  schedule(key: string, ms: number, fn: () => void): void {
    this.cancel(key);
    const timer = setTimeout(() => {
      this.timers.delete(key);
      fn();
    }, ms);
    this.timers.set(key, timer);
  }

  cancel(key: string): void {
    const timer = this.timers.get(key);
    if (timer) clearTimeout(timer);
    this.timers.delete(key);
  }

  /** Drops every service, revision, operation, readiness rule and pending timer. */
  clear(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.services.clear();
    for (const op of this.operations.values()) for (const wake of op.waiters) wake();
    this.operations.clear();
    this.pendingOperations.clear();
    this.imageRules.clear();
  }
}

export function timestamp(ms: number): Timestamp {
  return { seconds: String(Math.floor(ms / 1000)), nanos: (ms % 1000) * 1_000_000 };
}
