// The fault script: declarative faults, matched per call by method and resource, applied in a fixed order.
import { type GrpcCodeName, grpcCodeName, parseGrpcCode } from "./errors.js";
import { isMethodName, LRO_METHODS, type MethodName } from "./methods.js";

/** What a fault does to a call: fail it, hold it, apply it then fail, or bump the etag after it. */
export type FaultKind = "fail" | "stall" | "applyThenFail" | "bumpEtag";

/** How many calls a fault hits: a count, or "always". Default 1. */
export type FaultTimes = number | "always";

interface FaultBase {
  method: MethodName;
  times?: FaultTimes;
  /** Only calls on this resource (or below it, e.g. a service's revisions) are hit. */
  resource?: string;
}

/** A declarative fault, as accepted by `EmulatorControl.addFault` and `POST /control/faults`. */
export type FaultSpec =
  /** Answer `code` without doing anything. */
  | (FaultBase & { kind: "fail"; code: GrpcCodeName | number; message?: string })
  /** Hold the call for `delayMs`, or until released when `delayMs` is absent; then proceed normally. */
  | (FaultBase & { kind: "stall"; delayMs?: number })
  /**
   * Apply the call, then answer `code` (`on: "rpc"`, default: the reply is lost) or return an
   * operation that ends with `code` (`on: "operation"`, long-running writes only).
   */
  | (FaultBase & { kind: "applyThenFail"; code: GrpcCodeName | number; message?: string; on?: "rpc" | "operation" })
  /** After the call succeeds, change the etag of the service it touched, as a concurrent writer would. */
  | (FaultBase & { kind: "bumpEtag" });

/** A fault in the script, with the id `removeFault` and `release` take. */
export interface FaultInfo {
  readonly id: string;
  readonly spec: FaultSpec;
  /** Calls still to hit, or "always". */
  readonly remaining: number | "always";
  /** Calls hit so far. */
  readonly hits: number;
}

interface Active {
  id: string;
  spec: FaultSpec;
  remaining: number | "always";
  hits: number;
}

interface Held {
  faultId: string;
  resolve: () => void;
  timer?: NodeJS.Timeout;
}

/** Validates an untrusted fault description (JS or JSON control API). Throws TypeError. */
export function parseFaultSpec(input: unknown): FaultSpec {
  if (typeof input !== "object" || input === null) throw new TypeError("a fault must be an object");
  const f = input as Record<string, unknown>;
  if (!isMethodName(f.method)) throw new TypeError(`unknown method ${JSON.stringify(f.method)}`);
  const base: FaultBase = { method: f.method };
  if (f.times !== undefined) {
    if (f.times !== "always" && !(typeof f.times === "number" && Number.isInteger(f.times) && f.times > 0)) {
      throw new TypeError('times must be a positive integer or "always"');
    }
    base.times = f.times;
  }
  if (f.resource !== undefined) {
    if (typeof f.resource !== "string" || f.resource === "") throw new TypeError("resource must be a non-empty string");
    base.resource = f.resource;
  }
  const message = f.message;
  if (message !== undefined && typeof message !== "string") throw new TypeError("message must be a string");
  const code = () => grpcCodeName(parseGrpcCode(f.code as string | number)) as GrpcCodeName;
  switch (f.kind) {
    case "fail":
      return { ...base, kind: "fail", code: code(), ...(message === undefined ? {} : { message }) };
    case "stall": {
      const d = f.delayMs;
      if (d !== undefined && !(typeof d === "number" && Number.isFinite(d) && d >= 0)) {
        throw new TypeError("delayMs must be a non-negative number");
      }
      return d === undefined ? { ...base, kind: "stall" } : { ...base, kind: "stall", delayMs: d };
    }
    case "applyThenFail": {
      const on = f.on ?? "rpc";
      if (on !== "rpc" && on !== "operation") throw new TypeError('on must be "rpc" or "operation"');
      if (on === "operation" && !LRO_METHODS.has(base.method)) {
        throw new TypeError(`${base.method} does not return an operation; use on: "rpc"`);
      }
      return { ...base, kind: "applyThenFail", code: code(), on, ...(message === undefined ? {} : { message }) };
    }
    case "bumpEtag":
      return { ...base, kind: "bumpEtag" };
    default:
      throw new TypeError(`kind must be "fail", "stall", "applyThenFail" or "bumpEtag", got ${String(f.kind)}`);
  }
}

function covers(scope: string | undefined, resource: string | undefined): boolean {
  if (scope === undefined) return true;
  if (resource === undefined) return false;
  return resource === scope || resource.startsWith(`${scope}/`);
}

/** The fault script: ordered rules, consumed call by call. */
export class Faults {
  private active: Active[] = [];
  private held = new Set<Held>();
  private counter = 0;

  add(spec: FaultSpec): string {
    const parsed = parseFaultSpec(spec);
    this.counter += 1;
    const id = `fault-${this.counter}`;
    this.active.push({ id, spec: parsed, remaining: parsed.times ?? 1, hits: 0 });
    return id;
  }

  list(): FaultInfo[] {
    return this.active.map((a) => ({ id: a.id, spec: structuredClone(a.spec), remaining: a.remaining, hits: a.hits }));
  }

  remove(id: string): boolean {
    const before = this.active.length;
    this.active = this.active.filter((a) => a.id !== id);
    this.release(id);
    return this.active.length < before;
  }

  /** Removes every fault and lets every held call proceed. */
  clear(): void {
    this.active = [];
    this.release();
  }

  /** The first live fault of `kind` for this call, without consuming it. */
  peek(method: MethodName, kind: FaultKind, resource: string | undefined): Active | undefined {
    return this.active.find(
      (a) =>
        a.spec.kind === kind &&
        a.spec.method === method &&
        (a.remaining === "always" || a.remaining > 0) &&
        covers(a.spec.resource, resource),
    );
  }

  /** Counts one hit; a fault whose count runs out is removed. */
  consume(fault: Active): void {
    fault.hits += 1;
    if (fault.remaining === "always") return;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.active = this.active.filter((a) => a !== fault);
  }

  take(method: MethodName, kind: FaultKind, resource: string | undefined): Active | undefined {
    const fault = this.peek(method, kind, resource);
    if (fault) this.consume(fault);
    return fault;
  }

  /**
   * Waits for a stall: `delayMs`, or until `release` (or `clear`) when there is none. Ends early,
   * and stops counting as held, when `cancelled` settles (the caller went away).
   */
  hold(fault: Active, cancelled: Promise<void>): Promise<void> {
    return new Promise((resolve) => {
      const held: Held = {
        faultId: fault.id,
        resolve: () => {
          if (held.timer) clearTimeout(held.timer);
          this.held.delete(held);
          resolve();
        },
      };
      if (fault.spec.kind === "stall" && fault.spec.delayMs !== undefined) {
        held.timer = setTimeout(held.resolve, fault.spec.delayMs);
      }
      this.held.add(held);
      cancelled.then(held.resolve, held.resolve);
    });
  }

  /** Number of calls currently held by stall faults. */
  heldCount(faultId?: string): number {
    return [...this.held].filter((h) => faultId === undefined || h.faultId === faultId).length;
  }

  /** Lets held calls proceed (those of one fault, or all). Returns how many were released. */
  release(faultId?: string): number {
    const targets = [...this.held].filter((h) => faultId === undefined || h.faultId === faultId);
    for (const h of targets) h.resolve();
    return targets.length;
  }
}
