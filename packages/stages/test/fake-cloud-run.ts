/**
 * In-memory fake of the Cloud Run port for this package's tests: etags, immutable revisions, traffic
 * validation, per-image readiness, one journal of every call. State model: fake-cloud-run-model.ts.
 */
import {
  type Revision,
  type RevisionTemplate,
  type Service,
  shortName,
  type TrafficTarget,
  type TrafficTargetStatus,
} from "@cr/cloudrun/pure";
import type { ApplyOptions, CloudRunPort, PortError, WaitOptions, WriteOptions } from "../src/ports.js";
import {
  type FakeRevision,
  type FakeService,
  type Hook,
  type ImageReadiness,
  isLatest,
  OUTPUT_ONLY,
  type RevisionState,
  renderRevision,
  renderService,
  templateKey,
} from "./fake-cloud-run-model.js";
import { type FakeMethod, FakePortError, Journal, MUTATING_METHODS } from "./fake-journal.js";

export class InMemoryCloudRun implements CloudRunPort {
  readonly services = new Map<string, FakeService>();
  private readonly rules = new Map<string, ImageReadiness>();
  private readonly faults: { method: FakeMethod; error: PortError; times: number }[] = [];
  private readonly hooks: { method: FakeMethod; fn: Hook; times: number }[] = [];
  private etagCounter = 0;
  private clock = Date.parse("2026-01-01T00:00:00Z");
  /** Poll interval of waitUntilReady. */
  pollMs = 2;
  /** Traffic writes that gave percent to a revision that was not Ready at that moment (no traffic to a revision that is not Ready). */
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
    return svc ? renderService(svc) : null;
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
    this.checkTrafficOnlyToReady("applyService", traffic, (name) => svc?.revisions.get(name)?.state);

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
    if (options.waitTimeoutMs === undefined) return renderService(svc);
    return this.untilReady(id, { timeoutMs: options.waitTimeoutMs, signal: options.signal });
  }

  async updateTraffic(serviceId: string, traffic: TrafficTarget[], options: WriteOptions): Promise<Service> {
    await this.enter("updateTraffic", serviceId, options.signal, [serviceId, traffic, options]);
    const svc = this.services.get(serviceId);
    if (!svc) throw new FakePortError("NotFound", `service ${serviceId} not found`);
    if (options.etag && options.etag !== svc.etag) throw new FakePortError("Aborted", `etag mismatch on ${serviceId}`);
    this.validateTraffic(serviceId, traffic, (name) => svc.revisions.has(name));
    this.checkTrafficOnlyToReady("updateTraffic", traffic, (name) => svc.revisions.get(name)?.state);
    const next = structuredClone(traffic);
    if (JSON.stringify(next) !== JSON.stringify(svc.spec.traffic)) {
      svc.spec.traffic = next;
      svc.generation++;
      svc.etag = this.newEtag();
    }
    this.reconcile(svc);
    return renderService(svc);
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
      if (latest?.state === "ready") return renderService(svc);
      if (options.signal.aborted) throw new FakePortError("Cancelled", "the wait was cancelled");
      if (Date.now() >= deadline)
        throw new FakePortError("DeadlineExceeded", `service ${serviceId} is not ready in time`);
      await new Promise((resolve) => setTimeout(resolve, this.pollMs));
    }
  }

  async getRevision(serviceId: string, revisionId: string, signal: AbortSignal): Promise<Revision | null> {
    await this.enter("getRevision", revisionId, signal, [serviceId, revisionId]);
    const rev = this.services.get(serviceId)?.revisions.get(revisionId);
    return rev ? renderRevision(rev) : null;
  }

  async listRevisions(serviceId: string, signal: AbortSignal): Promise<Revision[]> {
    await this.enter("listRevisions", serviceId, signal, [serviceId]);
    const svc = this.services.get(serviceId);
    return svc ? [...svc.revisions.values()].map((r) => renderRevision(r)) : [];
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
  private checkTrafficOnlyToReady(
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
}
