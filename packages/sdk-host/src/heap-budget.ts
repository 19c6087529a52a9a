// Keeps a plugin process's heap close to what is live when a burst of calls arrives.
import { PerformanceObserver } from "node:perf_hooks";
import { getHeapSpaceStatistics, setFlagsFromString } from "node:v8";

/**
 * After a full collection the old generation may grow to 1.5× what survived it. V8 otherwise picks
 * up to 4× when collections are fast, which under 100 concurrent deployments let a heap with 30 MiB
 * live reach 110 MiB before the next full collection.
 */
const OLD_GENERATION_GROWTH_PERCENT = 50;

/**
 * The young generation stops growing at this size. V8 lets it grow to 32 MiB (Node.js 20 and 22) or
 * 128 MiB (Node.js 24); under 100 concurrent deployments that measured as 20 to 100 MiB more peak
 * memory, for no gain in throughput.
 */
export const YOUNG_GENERATION_CAP_BYTES = 16 * 1024 * 1024;

/** V8's growth factor of the young generation, the same in Node.js 20, 22 and 24. */
const V8_YOUNG_GROWTH_FACTOR = 2;

/** What the budget needs of the running V8: tests pass a fake. */
export interface HeapControls {
  setFlags(flags: string): void;
  youngGenerationBytes(): number;
  /** Calls `listener` after every garbage collection; returns how to stop. */
  afterEachGc(listener: () => void): () => void;
  /** The flags the process started with, from its command line and NODE_OPTIONS (an operator's own choice wins). */
  startFlags: readonly string[];
}

const v8Controls: HeapControls = {
  setFlags: setFlagsFromString,
  youngGenerationBytes: () => getHeapSpaceStatistics().find((s) => s.space_name === "new_space")?.space_size ?? 0,
  afterEachGc(listener) {
    const observer = new PerformanceObserver(listener);
    observer.observe({ entryTypes: ["gc"] });
    return () => observer.disconnect();
  },
  startFlags: [...process.execArgv, ...(process.env.NODE_OPTIONS ?? "").split(/\s+/)],
};

/** Whether the process was started with one of `flags` (V8 accepts `_` for `-` in flag names). */
const setByOperator = (startFlags: readonly string[], ...flags: string[]) =>
  startFlags.some((arg) => flags.some((flag) => arg.replaceAll("_", "-").startsWith(flag)));

/**
 * Applies the budget to this process: bounded old-generation growth at once, and the young generation
 * held at {@link YOUNG_GENERATION_CAP_BYTES} (checked after each collection; it grows again after V8
 * shrinks it). Flags the process was started with take precedence. Returns how to stop watching.
 */
export function applyHeapBudget(controls: HeapControls = v8Controls): () => void {
  if (!setByOperator(controls.startFlags, "--heap-growing-percent")) {
    controls.setFlags(`--heap-growing-percent=${OLD_GENERATION_GROWTH_PERCENT}`);
  }
  if (setByOperator(controls.startFlags, "--max-semi-space-size", "--semi-space-growth-factor")) return () => {};
  let capped = false;
  return controls.afterEachGc(() => {
    const atCap = controls.youngGenerationBytes() >= YOUNG_GENERATION_CAP_BYTES;
    if (atCap === capped) return;
    capped = atCap;
    controls.setFlags(`--semi-space-growth-factor=${atCap ? 1 : V8_YOUNG_GROWTH_FACTOR}`);
  });
}
