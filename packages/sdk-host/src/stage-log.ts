// Stage logs: buffered, numbered blocks persisted to piped, and closed once piped completes the log.
import { type LogBlock, LogSeverity } from "./gen/model/logblock.js";
import type { Logger } from "./logger.js";
import { boundText } from "./text-safety.js";

/** The stage log shown under a stage in the PipeCD UI. Lines must never carry secrets. */
export interface StageLog {
  info(message: string): void;
  success(message: string): void;
  error(message: string): void;
}

/**
 * Thrown by a sink when piped refuses more blocks because the stage's log was already completed
 * (a stage re-run after its log was closed). Nothing more can be added; the buffer gives up.
 */
export class StageLogClosedError extends Error {
  override readonly name = "StageLogClosedError";
}

/** Where persisted blocks go; piped's PluginService in production, a recorder in tests. */
export interface StageLogSink {
  reportStageLogs(deploymentId: string, stageId: string, blocks: LogBlock[]): Promise<void>;
  reportStageLogsFromLastCheckpoint(
    deploymentId: string,
    stageId: string,
    blocks: LogBlock[],
    completed: boolean,
  ): Promise<void>;
}

/** Where a LogPersister sends stage logs, how often it flushes and checkpoints, and how it redacts lines. */
export interface LogPersisterOptions {
  sink: StageLogSink;
  logger: Logger;
  /** How often buffered blocks are sent (PipeCD: 5 s). */
  flushIntervalMs?: number;
  /** How often a durable checkpoint is taken while a stage runs (PipeCD: 2 min). */
  checkpointIntervalMs?: number;
  now?: () => number;
  /** Applied to every line before it is buffered (the host passes its redactor). */
  redact?: (text: string) => string;
}

const KEEP_DONE_MS = 60_000;
/** A longer line is cut: piped stores blocks as they come, and a line is read by a person. */
export const MAX_LOG_LINE_CHARS = 4_000;
/**
 * Block indexes start from the attempt's start time in milliseconds times this, so every attempt of
 * a stage sorts after the previous one (piped merges durable blocks by index) unless an attempt
 * wrote more than this many lines per millisecond it ran.
 */
const INDEXES_PER_MS = 1_000;

/**
 * Buffers stage logs and ships them to piped with PipeCD's semantics: a fast append path
 * (ReportStageLogs) and durable checkpoints (ReportStageLogsFromLastCheckpoint) that close
 * the log with `completed=true` when the stage ends.
 */
export class LogPersister {
  private readonly stages = new Map<string, StageLogBuffer>();
  /** The last block index used per (deployment, stage), so a re-run never reuses one. */
  private readonly lastIndexes = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  readonly flushIntervalMs: number;
  readonly checkpointIntervalMs: number;
  readonly now: () => number;

  constructor(private readonly options: LogPersisterOptions) {
    this.flushIntervalMs = options.flushIntervalMs ?? 5_000;
    this.checkpointIntervalMs = options.checkpointIntervalMs ?? 120_000;
    this.now = options.now ?? Date.now;
  }

  start(): void {
    this.timer ??= setInterval(() => void this.tick(), this.flushIntervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One buffer per (deployment, stage); a re-run of the same stage reuses it. */
  stage(deploymentId: string, stageId: string): StageLogBuffer {
    const key = `${deploymentId}/${stageId}`;
    let buffer = this.stages.get(key);
    if (!buffer || buffer.isDone) {
      const fromClock = this.now() * INDEXES_PER_MS;
      const startIndex = Math.max(fromClock, this.lastIndexes.get(key) ?? 0);
      buffer = new StageLogBuffer(deploymentId, stageId, this.options.sink, this.options.logger, this, startIndex);
      this.stages.set(key, buffer);
    }
    return buffer;
  }

  /** @internal Called by a buffer for each block it adds. */
  usedIndex(deploymentId: string, stageId: string, index: number): void {
    const key = `${deploymentId}/${stageId}`;
    this.lastIndexes.delete(key);
    this.lastIndexes.set(key, index);
    // Bounded: the oldest stages are forgotten (their re-runs start from the clock, which is later).
    if (this.lastIndexes.size > 10_000) this.lastIndexes.delete(this.lastIndexes.keys().next().value as string);
  }

  /** @internal */
  redact(text: string): string {
    return this.options.redact ? this.options.redact(text) : text;
  }

  async tick(): Promise<void> {
    const now = this.now();
    await Promise.all(
      [...this.stages].map(async ([key, buffer]) => {
        if (buffer.isDone) {
          if (now - buffer.doneAt > KEEP_DONE_MS) this.stages.delete(key);
          return;
        }
        await buffer.flush();
      }),
    );
  }

  /** On shutdown: everything buffered goes out as a checkpoint, completed flags as they are. */
  async flushAll(timeoutMs: number): Promise<void> {
    this.stop();
    const all = [...this.stages.values()].filter((b) => !b.isDone).map((b) => b.flush(true));
    await withTimeout(Promise.all(all), timeoutMs);
  }
}

/** The log of one stage: lines become indexed blocks, buffered until a LogPersister sends them to piped. */
export class StageLogBuffer implements StageLog {
  private blocks: LogBlock[] = [];
  private sentCursor = 0;
  private lastCheckpointAt = 0;
  private nextIndex: number;
  private completed = false;
  private inFlight: Promise<void> | undefined;
  private doneWaiters: (() => void)[] = [];
  isDone = false;
  doneAt = 0;

  constructor(
    readonly deploymentId: string,
    readonly stageId: string,
    private readonly sink: StageLogSink,
    private readonly logger: Logger,
    private readonly persister: LogPersister,
    /** The first block gets `startIndex + 1`, as in PipeCD's SDK. */
    startIndex: number,
  ) {
    this.nextIndex = startIndex;
  }

  info(message: string): void {
    this.append(message, LogSeverity.INFO);
  }

  success(message: string): void {
    this.append(message, LogSeverity.SUCCESS);
  }

  error(message: string): void {
    const lines = this.append(message, LogSeverity.ERROR);
    this.logger.warn("stage reported an error", {
      deploymentId: this.deploymentId,
      stageId: this.stageId,
      message: lines.join("\n"),
    });
  }

  private append(message: string, severity: LogSeverity): string[] {
    const lines: string[] = [];
    // piped rejects a whole batch when one block is empty, so empty lines are dropped.
    for (const raw of this.persister.redact(message).split("\n")) {
      if (raw.trim() === "") continue;
      const line = boundText(raw, MAX_LOG_LINE_CHARS);
      lines.push(line);
      this.nextIndex += 1;
      this.persister.usedIndex(this.deploymentId, this.stageId, this.nextIndex);
      this.blocks.push({
        index: this.nextIndex,
        log: line,
        severity,
        createdAt: Math.floor(this.persister.now() / 1000),
      });
    }
    return lines;
  }

  /**
   * Closes the log: a final checkpoint with `completed=true`. Resolves true once piped accepted
   * it, false if `timeoutMs` passed first (the blocks stay buffered and are retried).
   */
  async complete(timeoutMs: number): Promise<boolean> {
    this.completed = true;
    if (this.isDone) return true;
    const done = new Promise<void>((resolve) => this.doneWaiters.push(resolve));
    void this.flush();
    const retry = setInterval(() => void this.flush(), Math.min(1_000, this.persister.flushIntervalMs));
    try {
      return (
        (await withTimeout(
          done.then(() => true),
          timeoutMs,
          false,
        )) ?? false
      );
    } finally {
      clearInterval(retry);
    }
  }

  /** Sends what is buffered; one send at a time per stage. */
  flush(forceCheckpoint = false): Promise<void> {
    if (this.inFlight) return this.inFlight;
    this.inFlight = this.send(forceCheckpoint).finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async send(forceCheckpoint: boolean): Promise<void> {
    if (this.isDone) return;
    const now = this.persister.now();
    const checkpoint =
      forceCheckpoint || this.completed || now - this.lastCheckpointAt > this.persister.checkpointIntervalMs;
    try {
      if (checkpoint) {
        const completed = this.completed;
        const batch = this.blocks.slice();
        await this.sink.reportStageLogsFromLastCheckpoint(this.deploymentId, this.stageId, batch, completed);
        this.blocks.splice(0, batch.length);
        this.sentCursor = 0;
        this.lastCheckpointAt = now;
        if (completed) this.markDone();
        return;
      }
      const batch = this.blocks.slice(this.sentCursor);
      if (batch.length === 0) return;
      await this.sink.reportStageLogs(this.deploymentId, this.stageId, batch);
      this.sentCursor += batch.length;
    } catch (error) {
      if (error instanceof StageLogClosedError) {
        this.logger.warn("piped already closed this stage's log; dropping the lines of this run", {
          deploymentId: this.deploymentId,
          stageId: this.stageId,
          dropped: this.blocks.length,
        });
        this.blocks = [];
        this.sentCursor = 0;
        this.markDone();
        return;
      }
      // Kept buffered; the next tick retries.
      this.logger.warn("failed to send stage logs to piped", {
        deploymentId: this.deploymentId,
        stageId: this.stageId,
        error,
      });
    }
  }

  private markDone(): void {
    this.isDone = true;
    this.doneAt = this.persister.now();
    for (const resolve of this.doneWaiters.splice(0)) resolve();
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, fallback?: T): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<T | undefined>((resolve) => {
    timer = setTimeout(() => resolve(fallback), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
