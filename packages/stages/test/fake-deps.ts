/**
 * In-memory metadata store and stage log, and `fakeDeps`: a fresh set of fakes sharing one journal.
 */
import type { MetadataStore, StageLog } from "../src/ports.js";
import { InMemoryCloudRun } from "./fake-cloud-run.js";
import { FakePortError, Journal } from "./fake-journal.js";

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
    this.failIfAsked("failPuts");
    this.deployment.set(key, value);
  }

  async putStage(record: Record<string, string>): Promise<void> {
    this.journal.add("metadata.putStage", Object.keys(record).join(","), true);
    this.stage.push({ ...record });
  }

  async putAppObject(key: string, value: string): Promise<void> {
    this.journal.add("metadata.putAppObject", key, true);
    this.failIfAsked("failAppObjectPuts");
    this.appObjects.set(key, value);
  }

  /** Throws as an unavailable piped would while the counter `failures` names is above 0 (and counts it down). */
  private failIfAsked(failures: "failPuts" | "failAppObjectPuts"): void {
    if (this[failures] <= 0) return;
    this[failures]--;
    throw new FakePortError("Unavailable", "piped is unavailable");
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
