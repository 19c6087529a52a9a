/**
 * Hand-written in-memory fakes of the ports, for this package's tests (not exported from the
 * package entry). `InMemoryCloudRun` models just enough of Cloud Run: etags, revisions created only
 * by template changes, immutable revision names (ALREADY_EXISTS on a reused name with another
 * template), traffic validation, LATEST resolution, `trafficStatuses` applied only once every
 * target is Ready, per-image readiness, delete refusals. Every call lands in one shared journal,
 * together with the metadata writes, so tests can check ordering.
 */
import {
  type Revision,
  type RevisionTemplate,
  type Service,
  shortName,
  type TrafficTarget,
  type TrafficTargetStatus,
} from "@cr/cloudrun/pure";
import type {
  ApplyOptions,
  CloudRunPort,
  MetadataStore,
  PortError,
  StageLog,
  WaitOptions,
  WriteOptions,
} from "./ports.js";

export const PROJECT_PARENT = "projects/test-project/locations/us-central1";
const serviceName = (id: string) => `${PROJECT_PARENT}/services/${id}`;
const revisionPath = (service: string, rev: string) => `${serviceName(service)}/revisions/${rev}`;

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

export type ImageReadiness = { mode: "ready" } | { mode: "never" } | { mode: "fail"; reason: string; message: string };

type RevisionState = "ready" | "pending" | "failed";

interface FakeRevision {
  name: string;
  service: string;
  template: RevisionTemplate;
  templateKey: string;
  createTime: string;
  state: RevisionState;
  failure?: { reason: string; message: string };
}

interface FakeService {
  id: string;
  spec: Service;
  etag: string;
  generation: number;
  revisions: Map<string, FakeRevision>;
  counter: number;
  latestCreated?: string;
  latestReady?: string;
  statuses: TrafficTargetStatus[];
}

type Hook = (args: unknown[]) => void | Promise<void>;

const OUTPUT_ONLY: readonly (keyof Service)[] = [
  "uid",
  "generation",
  "createTime",
  "updateTime",
  "observedGeneration",
  "terminalCondition",
  "conditions",
  "latestReadyRevision",
  "latestCreatedRevision",
  "trafficStatuses",
  "uri",
  "urls",
  "reconciling",
  "etag",
];

/** Stable JSON (sorted keys) of a template without its revision name. */
function templateKey(template: RevisionTemplate): string {
  const { revision: _ignored, ...rest } = template;
  const sort = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sort)
      : v && typeof v === "object"
        ? Object.fromEntries(
            Object.entries(v as Record<string, unknown>)
              .sort(([a], [b]) => (a < b ? -1 : 1))
              .map(([k, x]) => [k, sort(x)]),
          )
        : v;
  return JSON.stringify(sort(rest));
}

function isLatest(t: TrafficTarget): boolean {
  return t.type === "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST" || (!t.type && !t.revision);
}

export class InMemoryCloudRun implements CloudRunPort {
  readonly services = new Map<string, FakeService>();
  private readonly rules = new Map<string, ImageReadiness>();
  private readonly faults: { method: FakeMethod; error: PortError; times: number }[] = [];
  private readonly hooks: { method: FakeMethod; fn: Hook; times: number }[] = [];
  private etagCounter = 0;
  private clock = Date.parse("2026-01-01T00:00:00Z");
  /** Poll interval of waitUntilReady. */
  pollMs = 2;
  /** Traffic writes that gave percent to a revision that was not Ready at that moment (guarantee G2). */
  readonly g2Violations: string[] = [];

  constructor(readonly journal: Journal = new Journal()) {}

  // ---- test controls ---------------------------------------------------------------------

  /** How revisions running `image` become ready (default: ready at once). */
  setImageReadiness(image: string, readiness: ImageReadiness): void {
    this.rules.set(image, readiness);
  }

  /** The next `times` calls of `method` reject with `code` (and do nothing). */
  failNext(method: FakeMethod, code: string, message = `${code} injected`, times = 1): void {
    this.faults.push({ method, error: new FakePortError(code, message), times });
  }

  /** Runs `fn` with the call's arguments before the next `times` calls of `method` (before faults). */
  beforeCall(method: FakeMethod, fn: Hook, times = 1): void {
    this.hooks.push({ method, fn, times });
  }

  /** Marks a pending revision ready (or failed) and reconciles its service. */
  settleRevision(revision: string, state: "ready" | "failed", failure?: { reason: string; message: string }): void {
    for (const svc of this.services.values()) {
      const rev = svc.revisions.get(revision);
      if (!rev) continue;
      rev.state = state;
      if (failure) rev.failure = failure;
      this.reconcile(svc);
    }
  }

  /** Someone else writes the service: new etag (and, when given, new traffic). */
  concurrentWrite(serviceId: string, traffic?: TrafficTarget[]): void {
    const svc = this.mustService(serviceId);
    if (traffic) svc.spec.traffic = structuredClone(traffic);
    svc.generation++;
    svc.etag = this.newEtag();
    this.reconcile(svc);
  }

  /** Creates a service with one revision per entry of `revisions` (oldest first), all ready unless said. */
  seed(
    serviceId: string,
    revisions: { name: string; image?: string; state?: RevisionState }[],
    traffic: TrafficTarget[],
  ): void {
    const svc: FakeService = {
      id: serviceId,
      spec: { name: serviceId, template: { containers: [{ image: "img" }] }, traffic: structuredClone(traffic) },
      etag: this.newEtag(),
      generation: 1,
      revisions: new Map(),
      counter: 0,
      statuses: [],
    };
    for (const r of revisions) {
      const template: RevisionTemplate = { revision: r.name, containers: [{ image: r.image ?? `img:${r.name}` }] };
      svc.revisions.set(r.name, {
        name: r.name,
        service: serviceId,
        template,
        templateKey: templateKey(template),
        createTime: this.tick(),
        state: r.state ?? "ready",
      });
      svc.counter++;
      svc.latestCreated = r.name;
      svc.spec.template = structuredClone(template);
    }
    this.services.set(serviceId, svc);
    this.reconcile(svc);
  }

  /** The service as `getService` shows it, without a journal entry. */
  peek(serviceId: string): Service | null {
    const svc = this.services.get(serviceId);
    return svc ? this.render(svc) : null;
  }

  revisionNames(serviceId: string): string[] {
    return [...(this.services.get(serviceId)?.revisions.keys() ?? [])];
  }

  // ---- CloudRunPort ----------------------------------------------------------------------

  async getService(serviceId: string, signal: AbortSignal): Promise<Service | null> {
    await this.enter("getService", serviceId, signal, [serviceId]);
    return this.peek(serviceId);
  }

  async applyService(service: Service, options: ApplyOptions): Promise<Service> {
    const id = shortName(service.name ?? "");
    await this.enter("applyService", id, options.signal, [service, options]);
    let svc = this.services.get(id);
    if (svc && options.etag && options.etag !== svc.etag) throw new FakePortError("Aborted", `etag mismatch on ${id}`);
    const desired = structuredClone(service);
    for (const f of OUTPUT_ONLY) delete desired[f];
    desired.name = id;
    const template = desired.template;
    const key = templateKey(template);
    const requested = template.revision ? shortName(template.revision) : undefined;

    let newRevision: string | undefined;
    const named = requested ? svc?.revisions.get(requested) : undefined;
    if (named) {
      if (named.templateKey !== key) {
        throw new FakePortError(
          "AlreadyExists",
          `Revision named '${requested}' with different configuration already exists.`,
        );
      }
    } else if (
      !svc ||
      key !== templateKey(svc.spec.template) ||
      requested !== (svc.spec.template.revision ? shortName(svc.spec.template.revision) : undefined)
    ) {
      newRevision = requested ?? `${id}-${String((svc?.counter ?? 0) + 1).padStart(5, "0")}-fak`;
    }
    const traffic =
      desired.traffic && desired.traffic.length > 0
        ? desired.traffic
        : [{ type: "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST" as const, percent: 100 }];
    this.validateTraffic(id, traffic, (name) => name === newRevision || (svc?.revisions.has(name) ?? false));
    this.checkG2("applyService", traffic, (name) => svc?.revisions.get(name)?.state);

    if (!svc) {
      svc = { id, spec: desired, etag: this.newEtag(), generation: 0, revisions: new Map(), counter: 0, statuses: [] };
      this.services.set(id, svc);
    }
    const changed = JSON.stringify(svc.spec) !== JSON.stringify(desired) || newRevision !== undefined;
    svc.spec = desired;
    if (changed) {
      svc.generation++;
      svc.etag = this.newEtag();
    }
    if (newRevision !== undefined) {
      const rule = this.ruleFor(template);
      const rev: FakeRevision = {
        name: newRevision,
        service: id,
        template: structuredClone(template),
        templateKey: key,
        createTime: this.tick(),
        state: rule.mode === "ready" ? "ready" : rule.mode === "fail" ? "failed" : "pending",
      };
      if (rule.mode === "fail") rev.failure = { reason: rule.reason, message: rule.message };
      svc.revisions.set(newRevision, rev);
      svc.counter++;
      svc.latestCreated = newRevision;
    } else if (named) {
      svc.latestCreated = named.name;
    }
    this.reconcile(svc);
    if (options.waitTimeoutMs === undefined) return this.render(svc);
    return this.untilReady(id, { timeoutMs: options.waitTimeoutMs, signal: options.signal });
  }

  async updateTraffic(serviceId: string, traffic: TrafficTarget[], options: WriteOptions): Promise<Service> {
    await this.enter("updateTraffic", serviceId, options.signal, [serviceId, traffic, options]);
    const svc = this.services.get(serviceId);
    if (!svc) throw new FakePortError("NotFound", `service ${serviceId} not found`);
    if (options.etag && options.etag !== svc.etag) throw new FakePortError("Aborted", `etag mismatch on ${serviceId}`);
    this.validateTraffic(serviceId, traffic, (name) => svc.revisions.has(name));
    this.checkG2("updateTraffic", traffic, (name) => svc.revisions.get(name)?.state);
    const next = structuredClone(traffic);
    if (JSON.stringify(next) !== JSON.stringify(svc.spec.traffic)) {
      svc.spec.traffic = next;
      svc.generation++;
      svc.etag = this.newEtag();
    }
    this.reconcile(svc);
    return this.render(svc);
  }

  async waitUntilReady(serviceId: string, options: WaitOptions): Promise<Service> {
    await this.enter("waitUntilReady", serviceId, options.signal, [serviceId, options]);
    return this.untilReady(serviceId, options);
  }

  private async untilReady(serviceId: string, options: WaitOptions): Promise<Service> {
    const deadline = Date.now() + options.timeoutMs;
    for (;;) {
      const svc = this.services.get(serviceId);
      if (!svc) throw new FakePortError("NotFound", `service ${serviceId} not found`);
      const latest = svc.latestCreated ? svc.revisions.get(svc.latestCreated) : undefined;
      options.onProgress?.(`revision ${latest?.name ?? "-"}: ${latest?.state ?? "none"}`);
      if (latest?.state === "failed") {
        throw new FakePortError(
          "FailedPrecondition",
          `Revision '${latest.name}' is not ready and cannot serve traffic. ${latest.failure?.message ?? ""}`.trim(),
          latest.failure?.reason,
        );
      }
      if (latest?.state === "ready") return this.render(svc);
      if (options.signal.aborted) throw new FakePortError("Cancelled", "the wait was cancelled");
      if (Date.now() >= deadline)
        throw new FakePortError("DeadlineExceeded", `service ${serviceId} is not ready in time`);
      await new Promise((resolve) => setTimeout(resolve, this.pollMs));
    }
  }

  async getRevision(serviceId: string, revisionId: string, signal: AbortSignal): Promise<Revision | null> {
    await this.enter("getRevision", revisionId, signal, [serviceId, revisionId]);
    const rev = this.services.get(serviceId)?.revisions.get(revisionId);
    return rev ? this.renderRevision(rev) : null;
  }

  async listRevisions(serviceId: string, signal: AbortSignal): Promise<Revision[]> {
    await this.enter("listRevisions", serviceId, signal, [serviceId]);
    const svc = this.services.get(serviceId);
    return svc ? [...svc.revisions.values()].map((r) => this.renderRevision(r)) : [];
  }

  async deleteRevision(serviceId: string, revisionId: string, signal: AbortSignal): Promise<void> {
    await this.enter("deleteRevision", revisionId, signal, [serviceId, revisionId]);
    const svc = this.services.get(serviceId);
    if (svc?.revisions.has(revisionId)) {
      const referenced = [...(svc.spec.traffic ?? []), ...svc.statuses].some(
        (t) => t.revision && shortName(t.revision) === revisionId && ((t.percent ?? 0) > 0 || t.tag),
      );
      if (referenced || revisionId === svc.latestCreated || revisionId === svc.latestReady) {
        throw new FakePortError(
          "FailedPrecondition",
          `revision ${revisionId} can receive traffic and cannot be deleted`,
        );
      }
      svc.revisions.delete(revisionId);
      return;
    }
    throw new FakePortError("NotFound", `revision ${revisionId} not found`);
  }

  // ---- internals --------------------------------------------------------------------------

  private async enter(method: FakeMethod, target: string, signal: AbortSignal, args: unknown[]): Promise<void> {
    this.journal.add(`cloudRun.${method}`, target, MUTATING_METHODS.includes(method));
    for (const hook of this.hooks) {
      if (hook.method !== method || hook.times <= 0) continue;
      hook.times--;
      await hook.fn(args);
    }
    if (signal.aborted) throw new FakePortError("Cancelled", `${method} cancelled`);
    const fault = this.faults.find((f) => f.method === method && f.times > 0);
    if (fault) {
      fault.times--;
      throw fault.error;
    }
  }

  private mustService(id: string): FakeService {
    const svc = this.services.get(id);
    if (!svc) throw new Error(`no service ${id} in the fake`);
    return svc;
  }

  private newEtag(): string {
    return `"etag-${++this.etagCounter}"`;
  }

  private tick(): string {
    this.clock += 1000;
    return new Date(this.clock).toISOString();
  }

  private ruleFor(template: RevisionTemplate): ImageReadiness {
    for (const c of template.containers) {
      const rule = this.rules.get(c.image);
      if (rule && rule.mode !== "ready") return rule;
    }
    return { mode: "ready" };
  }

  private validateTraffic(service: string, traffic: readonly TrafficTarget[], exists: (name: string) => boolean): void {
    let sum = 0;
    const tags = new Set<string>();
    for (const t of traffic) {
      if (!isLatest(t)) {
        const rev = shortName(t.revision ?? "");
        if (!exists(rev)) {
          throw new FakePortError("InvalidArgument", `Revision '${rev}' does not exist or is deleted.`);
        }
      }
      sum += t.percent ?? 0;
      if (t.tag) {
        if (tags.has(t.tag)) throw new FakePortError("InvalidArgument", `tag ${t.tag} is used twice`);
        tags.add(t.tag);
      }
    }
    if (sum !== 100) throw new FakePortError("InvalidArgument", `traffic of ${service} adds up to ${sum}, not 100`);
  }

  /** Records a named revision given percent while not Ready (LATEST only ever follows a ready one). */
  private checkG2(
    method: string,
    traffic: readonly TrafficTarget[],
    state: (name: string) => RevisionState | undefined,
  ) {
    for (const t of traffic) {
      if (isLatest(t) || (t.percent ?? 0) === 0) continue;
      const rev = shortName(t.revision ?? "");
      if (state(rev) !== "ready")
        this.g2Violations.push(`${method}: ${rev} got ${t.percent}% while ${state(rev) ?? "not created"}`);
    }
  }

  /** Latest ready revision and applied traffic (only when every target can be routed). */
  private reconcile(svc: FakeService): void {
    const latest = svc.latestCreated ? svc.revisions.get(svc.latestCreated) : undefined;
    if (latest?.state === "ready") svc.latestReady = latest.name;
    const traffic =
      svc.spec.traffic && svc.spec.traffic.length > 0
        ? svc.spec.traffic
        : [{ type: "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST" as const, percent: 100 }];
    const statuses: TrafficTargetStatus[] = [];
    for (const t of traffic) {
      const rev = isLatest(t) ? svc.latestReady : shortName(t.revision ?? "");
      if (!rev || svc.revisions.get(rev)?.state !== "ready") return; // routes pending or failed: keep the old statuses
      const status: TrafficTargetStatus = {
        type: isLatest(t) ? "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST" : "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION",
        revision: rev,
        percent: t.percent ?? 0,
      };
      if (t.tag) {
        status.tag = t.tag;
        status.uri = `https://${t.tag}---${svc.id}-abc-uc.a.run.app`;
      }
      statuses.push(status);
    }
    svc.statuses = statuses;
  }

  private render(svc: FakeService): Service {
    const latest = svc.latestCreated ? svc.revisions.get(svc.latestCreated) : undefined;
    const reconciling = latest?.state === "pending";
    const out: Service = {
      ...structuredClone(svc.spec),
      name: serviceName(svc.id),
      etag: svc.etag,
      generation: svc.generation,
      observedGeneration: svc.generation,
      reconciling,
      trafficStatuses: structuredClone(svc.statuses),
      uri: `https://${svc.id}-abc-uc.a.run.app`,
      terminalCondition: {
        type: "Ready",
        state: reconciling
          ? "CONDITION_RECONCILING"
          : latest?.state === "failed"
            ? "CONDITION_FAILED"
            : "CONDITION_SUCCEEDED",
      },
    };
    if (svc.latestCreated) out.latestCreatedRevision = revisionPath(svc.id, svc.latestCreated);
    if (svc.latestReady) out.latestReadyRevision = revisionPath(svc.id, svc.latestReady);
    return out;
  }

  private renderRevision(rev: FakeRevision): Revision {
    const ready =
      rev.state === "ready"
        ? { type: "Ready", state: "CONDITION_SUCCEEDED" as const }
        : rev.state === "failed"
          ? {
              type: "Ready",
              state: "CONDITION_FAILED" as const,
              message: rev.failure?.message ?? "failed",
              ...(rev.failure ? { revisionReason: rev.failure.reason as "HEALTH_CHECK_CONTAINER_ERROR" } : {}),
            }
          : { type: "Ready", state: "CONDITION_RECONCILING" as const };
    return {
      name: revisionPath(rev.service, rev.name),
      service: serviceName(rev.service),
      createTime: rev.createTime,
      containers: structuredClone(rev.template.containers),
      conditions: [ready],
      reconciling: rev.state === "pending",
    };
  }
}

/** Deployment and stage metadata and application objects in memory, journaled. */
export class InMemoryMetadata implements MetadataStore {
  readonly deployment = new Map<string, string>();
  readonly stage: Record<string, string>[] = [];
  /** Application objects: unlike the deployment metadata, a test may share them across deployments. */
  readonly appObjects = new Map<string, string>();
  failPuts = 0;
  failAppObjectPuts = 0;

  constructor(readonly journal: Journal = new Journal()) {}

  async get(key: string): Promise<string | undefined> {
    this.journal.add("metadata.get", key, false);
    return this.deployment.get(key);
  }

  async put(key: string, value: string): Promise<void> {
    this.journal.add("metadata.put", key, true);
    if (this.failPuts > 0) {
      this.failPuts--;
      throw new FakePortError("Unavailable", "piped is unavailable");
    }
    this.deployment.set(key, value);
  }

  async putStage(record: Record<string, string>): Promise<void> {
    this.journal.add("metadata.putStage", Object.keys(record).join(","), true);
    this.stage.push({ ...record });
  }

  async putAppObject(key: string, value: string): Promise<void> {
    this.journal.add("metadata.putAppObject", key, true);
    if (this.failAppObjectPuts > 0) {
      this.failAppObjectPuts--;
      throw new FakePortError("Unavailable", "piped is unavailable");
    }
    this.appObjects.set(key, value);
  }

  /** The last stage outputs written. */
  lastStage(): Record<string, string> | undefined {
    return this.stage[this.stage.length - 1];
  }
}

export interface LogLine {
  level: "info" | "success" | "error";
  message: string;
}

export class RecordingLog implements StageLog {
  readonly lines: LogLine[] = [];
  info(message: string): void {
    this.lines.push({ level: "info", message });
  }
  success(message: string): void {
    this.lines.push({ level: "success", message });
  }
  error(message: string): void {
    this.lines.push({ level: "error", message });
  }
  text(): string {
    return this.lines.map((l) => `[${l.level}] ${l.message}`).join("\n");
  }
  errors(): string[] {
    return this.lines.filter((l) => l.level === "error").map((l) => l.message);
  }
}

/** A fresh set of fakes sharing one journal. */
export function fakeDeps(signal: AbortSignal = new AbortController().signal) {
  const journal = new Journal();
  journal.signal = signal;
  const cloudRun = new InMemoryCloudRun(journal);
  const metadata = new InMemoryMetadata(journal);
  const log = new RecordingLog();
  return { journal, cloudRun, metadata, log, signal, deps: { cloudRun, metadata, log, signal } };
}
