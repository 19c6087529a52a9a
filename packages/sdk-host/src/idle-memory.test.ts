// Tests of the idle-memory reclaimer.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { IdleMemoryReclaimer } from "./idle-memory.js";

describe("IdleMemoryReclaimer", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("collects once per idle period, and not while calls keep coming", () => {
    let collections = 0;
    const reclaimer = new IdleMemoryReclaimer(1_000, () => collections++);
    reclaimer.idle(); // nothing ran yet
    vi.advanceTimersByTime(5_000);
    expect(collections).toBe(0);

    reclaimer.busy();
    reclaimer.idle();
    vi.advanceTimersByTime(500);
    reclaimer.busy(); // a new call before the idle period ended
    reclaimer.idle();
    vi.advanceTimersByTime(999);
    expect(collections).toBe(0);
    vi.advanceTimersByTime(1);
    expect(collections).toBe(1);

    reclaimer.idle();
    vi.advanceTimersByTime(5_000);
    expect(collections).toBe(1);
  });
});
