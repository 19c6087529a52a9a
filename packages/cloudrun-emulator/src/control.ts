// The in-process implementation of EmulatorControl over the emulator state, faults and journal.
import type { EmulatorControl, FaultOptions, TrafficTargetInput } from "./control-api.js";
import { type GrpcCodeName, invalidArgument } from "./errors.js";
import type { FaultInfo, FaultSpec, Faults, FaultTimes } from "./faults.js";
import type { Journal, JournalEntry, JournalFilter } from "./journal.js";
import type { MethodName } from "./methods.js";
import { newEtag, parseServiceName } from "./names.js";
import { loadProtos } from "./protos.js";
import { type ImageReadiness, parseImageReadiness } from "./readiness.js";
import { reconcileService } from "./reconcile.js";
import { cleanMessage, SchemaError } from "./schema.js";
import { serviceNotFound } from "./services.js";
import { specKey } from "./spec.js";
import type { ServiceRecord, State } from "./store.js";
import { normalizeTraffic, validateTraffic } from "./traffic.js";
import type { TrafficTarget } from "./types.js";

const SERVICE_PREFIX = /^projects\/[^/]+\/locations\/[^/]+\/services\/[^/]+/;

/** Implementation of `EmulatorControl` over one emulator's state, fault script and journal. */
export class Control implements EmulatorControl {
  constructor(
    private readonly state: State,
    private readonly faultScript: Faults,
    private readonly calls: Journal,
  ) {}

  // ---- fault script -------------------------------------------------------

  /** Adds any fault (see `FaultSpec`); returns its id. */
  addFault(spec: FaultSpec): string {
    return this.faultScript.add(spec);
  }

  /** The next `times` calls of `method` answer `code` without doing anything. */
  failNext(method: MethodName, code: GrpcCodeName | number, times: FaultTimes = 1, options: FaultOptions = {}): string {
    return this.addFault({ kind: "fail", method, code, ...options, times });
  }

  /** Holds the next call(s) of `method` for `delayMs`, or until `release()` when no delay is given. */
  stall(method: MethodName, options: { delayMs?: number; times?: FaultTimes; resource?: string } = {}): string {
    return this.addFault({ kind: "stall", method, ...options });
  }

  /** Lets calls held by a stall proceed (one fault's, or all). Returns how many were released. */
  release(faultId?: string): number {
    return this.faultScript.release(faultId);
  }

  /** Number of calls currently held by stalls (one fault's, or all). */
  heldCalls(faultId?: string): number {
    return this.faultScript.heldCount(faultId);
  }

  /**
   * The next call(s) of `method` are applied, then answer `code` (`on: "rpc"`, a lost reply), or
   * return an operation that ends with `code` (`on: "operation"`).
   */
  applyThenFail(
    method: MethodName,
    code: GrpcCodeName | number,
    options: FaultOptions & { on?: "rpc" | "operation" } = {},
  ): string {
    return this.addFault({ kind: "applyThenFail", method, code, ...options });
  }

  /** After the next successful call(s) of `method`, the touched service gets a new etag (a concurrent writer). */
  bumpEtagAfter(method: MethodName, options: { times?: FaultTimes; resource?: string } = {}): string {
    return this.addFault({ kind: "bumpEtag", method, ...options });
  }

  faults(): FaultInfo[] {
    return this.faultScript.list();
  }

  removeFault(id: string): boolean {
    return this.faultScript.remove(id);
  }

  /** Removes all faults and releases held calls. */
  clearFaults(): void {
    this.faultScript.clear();
  }

  // ---- behind-our-back changes -------------------------------------------

  private service(name: string): ServiceRecord {
    const id = parseServiceName(name);
    const rec = this.state.services.get(id.name);
    if (!rec) throw serviceNotFound(id);
    return rec;
  }

  /** A concurrent write: new generation and etag, same desired state. */
  private concurrentWrite(rec: ServiceRecord): void {
    rec.generation += 1;
    rec.etag = newEtag();
    rec.updateTime = Date.now();
    reconcileService(this.state, rec);
  }

  /**
   * Simulates another writer touching the service: the next read shows a new etag (and generation),
   * so a write carrying the old etag is ABORTED. Returns the new etag.
   */
  bumpEtag(service: string): string {
    const rec = this.service(service);
    this.concurrentWrite(rec);
    return rec.etag;
  }

  /** Used by bumpEtag faults: bumps the service a resource name belongs to, if it exists. */
  bumpEtagOf(resource: string): void {
    const match = SERVICE_PREFIX.exec(resource);
    if (match && this.state.services.has(match[0])) this.bumpEtag(match[0]);
  }

  /**
   * Replaces a service's traffic as someone else would (console, gcloud): validated like an
   * UpdateService, new generation and etag, applied once the revisions are ready.
   */
  setTraffic(service: string, traffic: readonly TrafficTargetInput[]): void {
    const rec = this.service(service);
    const type = loadProtos().type("google.cloud.run.v2.TrafficTarget");
    let targets: TrafficTarget[];
    try {
      targets = traffic.map((t, i) => {
        const expanded =
          t.type === "LATEST" || t.type === "REVISION" ? `TRAFFIC_TARGET_ALLOCATION_TYPE_${t.type}` : t.type;
        return cleanMessage(type, { ...t, type: expanded }, `traffic[${i}]`) as TrafficTarget;
      });
    } catch (e) {
      if (e instanceof SchemaError) throw invalidArgument(e.message);
      throw e;
    }
    const normalized = normalizeTraffic(rec.id, targets);
    validateTraffic(rec.id, normalized, (name) => rec.revisions.has(name));
    rec.spec = { ...rec.spec, traffic: normalized };
    rec.specKey = specKey(rec.spec);
    this.concurrentWrite(rec);
  }

  // ---- readiness ------------------------------------------------------------

  /** How revisions using `image` become ready; `image` may end in `*` to match a prefix. */
  setImageReadiness(image: string, readiness: ImageReadiness): void {
    if (typeof image !== "string" || image === "") throw new TypeError("image must be a non-empty string");
    this.state.imageRules.set(image, parseImageReadiness(readiness));
  }

  /** Removes one image rule, or all. */
  clearImageReadiness(image?: string): void {
    if (image === undefined) this.state.imageRules.clear();
    else this.state.imageRules.delete(image);
  }

  imageReadiness(): Record<string, ImageReadiness> {
    return Object.fromEntries([...this.state.imageRules].map(([k, v]) => [k, { ...v }]));
  }

  // ---- journal and reset ------------------------------------------------------

  /** Every call so far (oldest first), optionally filtered by method, mutating flag or resource. */
  journal(filter?: JournalFilter): JournalEntry[] {
    return this.calls.list(filter);
  }

  clearJournal(): void {
    this.calls.clear();
  }

  /** Forgets all services, revisions, operations, faults, readiness rules and the journal. */
  reset(): void {
    this.faultScript.clear();
    this.state.clear();
    this.calls.clear();
  }
}
