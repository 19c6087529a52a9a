// Tests of stage log buffering, numbering and persisting.
import { describe, expect, it } from "vitest";
import type { LogBlock } from "./gen/model/logblock.js";
import { silentLogger } from "./logger.js";
import { LogPersister, MAX_LOG_LINE_CHARS, StageLogClosedError, type StageLogSink } from "./stage-log.js";

class RecordingSink implements StageLogSink {
  calls: { kind: "report" | "checkpoint"; logs: string[]; completed: boolean; blocks: LogBlock[] }[] = [];
  failNext = 0;
  async reportStageLogs(_d: string, _s: string, blocks: LogBlock[]) {
    this.record("report", blocks, false);
  }
  async reportStageLogsFromLastCheckpoint(_d: string, _s: string, blocks: LogBlock[], completed: boolean) {
    this.record("checkpoint", blocks, completed);
  }
  private record(kind: "report" | "checkpoint", blocks: LogBlock[], completed: boolean) {
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw new Error("piped unavailable");
    }
    this.calls.push({ kind, logs: blocks.map((b) => b.log), completed, blocks });
  }
}

function setup(start = 1_700_000_000_000) {
  let now = start;
  const sink = new RecordingSink();
  const persister = new LogPersister({ sink, logger: silentLogger, now: () => now, checkpointIntervalMs: 120_000 });
  return { sink, persister, advance: (ms: number) => (now += ms) };
}

describe("LogPersister", () => {
  it("numbers blocks from the creation time in seconds and drops empty lines", () => {
    const { persister } = setup();
    const log = persister.stage("d", "s");
    log.info("first\n\n  \nsecond");
    log.success("");
    log.error("bad");
    return log.complete(1_000).then((ok) => {
      expect(ok).toBe(true);
    });
  });

  it("takes a checkpoint first, then appends on the fast path, then a checkpoint every 2 minutes", async () => {
    const { sink, persister, advance } = setup();
    const log = persister.stage("d", "s");
    log.info("one");
    await persister.tick();
    log.info("two");
    await persister.tick();
    await persister.tick(); // nothing new: no call
    advance(121_000);
    log.info("three");
    await persister.tick();
    expect(sink.calls.map((c) => [c.kind, c.logs, c.completed])).toEqual([
      ["checkpoint", ["one"], false],
      ["report", ["two"], false],
      ["checkpoint", ["two", "three"], false],
    ]);
  });

  it("completes with a final checkpoint carrying completed=true and every block since the last one", async () => {
    const { sink, persister } = setup();
    const log = persister.stage("d", "s");
    log.info("a");
    await persister.tick();
    log.info("b\nc");
    log.error("d");
    expect(await log.complete(1_000)).toBe(true);
    const last = sink.calls.at(-1)!;
    expect(last).toMatchObject({ kind: "checkpoint", logs: ["b", "c", "d"], completed: true });
    expect(last.blocks.map((b) => b.severity)).toEqual([0, 0, 2]);
    expect(last.blocks.map((b) => b.index)).toEqual([
      1_700_000_000_000_002, 1_700_000_000_000_003, 1_700_000_000_000_004,
    ]);
  });

  it("gives two attempts of a stage in the same millisecond distinct, ordered blocks: the re-run's result is last", async () => {
    const { sink, persister } = setup();
    // piped's durable log: blocks merged by index, read in index order.
    const durable = new Map<number, string>();
    const keep = () => {
      for (const call of sink.calls) for (const b of call.blocks) durable.set(b.index, b.log);
    };
    const first = persister.stage("d", "s");
    first.info("attempt 1 starts");
    first.error("Cancelled: the stage was asked to stop");
    expect(await first.complete(1_000)).toBe(true);
    keep();
    const second = persister.stage("d", "s");
    expect(second).not.toBe(first);
    second.info("attempt 2 starts");
    second.success("attempt 2 succeeded");
    expect(await second.complete(1_000)).toBe(true);
    keep();
    const ordered = [...durable.entries()].sort((a, b) => a[0] - b[0]).map(([, log]) => log);
    expect(ordered).toEqual([
      "attempt 1 starts",
      "Cancelled: the stage was asked to stop",
      "attempt 2 starts",
      "attempt 2 succeeded",
    ]);
  });

  it("hides redacted text and cuts very long lines", async () => {
    let now = 1_700_000_000_000;
    const sink = new RecordingSink();
    const persister = new LogPersister({
      sink,
      logger: silentLogger,
      now: () => now++,
      redact: (text) => text.replaceAll("s3cret", "(hidden)"),
    });
    const log = persister.stage("d", "s");
    log.error(`password s3cret\n${"x".repeat(10_000)}`);
    expect(await log.complete(1_000)).toBe(true);
    const logs = sink.calls.flatMap((c) => c.logs);
    expect(logs[0]).toBe("password (hidden)");
    expect(logs[1]).toHaveLength(MAX_LOG_LINE_CHARS + 1);
    expect(logs[1]?.endsWith("…")).toBe(true);
  });

  it("keeps blocks buffered when piped fails and retries them", async () => {
    const { sink, persister } = setup();
    const log = persister.stage("d", "s");
    log.info("kept");
    sink.failNext = 2;
    await persister.tick();
    await persister.tick();
    expect(sink.calls).toEqual([]);
    expect(await log.complete(3_000)).toBe(true);
    expect(sink.calls).toEqual([expect.objectContaining({ logs: ["kept"], completed: true })]);
  });

  it("stops sending once piped says the stage's log was already completed", async () => {
    const { persister } = setup();
    const closed: StageLogSink = {
      reportStageLogs: async () => {
        throw new StageLogClosedError("stage was already completed");
      },
      reportStageLogsFromLastCheckpoint: async () => {
        throw new StageLogClosedError("stage was already completed");
      },
    };
    const p = new LogPersister({ sink: closed, logger: silentLogger, now: persister.now });
    const log = p.stage("d", "s");
    log.info("re-run line");
    expect(await log.complete(5_000)).toBe(true);
    expect(log.isDone).toBe(true);
  });

  it("gives up completing after the timeout and reports false", async () => {
    const { sink, persister } = setup();
    const log = persister.stage("d", "s");
    log.info("x");
    sink.failNext = 1_000;
    expect(await log.complete(200)).toBe(false);
  });

  it("flushes open stages on shutdown without completing them", async () => {
    const { sink, persister } = setup();
    persister.stage("d", "s1").info("running");
    await persister.flushAll(1_000);
    expect(sink.calls).toEqual([expect.objectContaining({ kind: "checkpoint", logs: ["running"], completed: false })]);
  });
});
