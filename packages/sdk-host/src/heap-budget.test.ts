// Tests of the heap budget, against fake V8 controls.
import { describe, expect, it } from "vitest";
import { applyHeapBudget, type HeapControls, YOUNG_GENERATION_CAP_BYTES } from "./heap-budget.js";

const MiB = 1024 * 1024;

/** V8 as the budget sees it: flags set, the young generation's size, collections on demand. */
function fakeV8(execArgv: string[] = []) {
  const flags: string[] = [];
  const listeners = new Set<() => void>();
  let youngBytes = MiB;
  const controls: HeapControls = {
    setFlags: (f) => flags.push(f),
    youngGenerationBytes: () => youngBytes,
    afterEachGc(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    startFlags: execArgv,
  };
  return {
    controls,
    flags,
    watching: () => listeners.size,
    collect(young: number) {
      youngBytes = young;
      for (const listener of listeners) listener();
    },
  };
}

describe("applyHeapBudget", () => {
  it("bounds old-generation growth at once and holds the young generation at the cap", () => {
    const v8 = fakeV8();
    const stop = applyHeapBudget(v8.controls);
    expect(v8.flags).toEqual(["--heap-growing-percent=50"]);

    v8.collect(4 * MiB);
    expect(v8.flags).toHaveLength(1); // below the cap V8 grows it as it likes
    v8.collect(YOUNG_GENERATION_CAP_BYTES);
    v8.collect(YOUNG_GENERATION_CAP_BYTES);
    expect(v8.flags.slice(1)).toEqual(["--semi-space-growth-factor=1"]); // once, not after every collection

    v8.collect(2 * MiB); // V8 shrank it (memory reducer): it may grow again, up to the cap
    expect(v8.flags.slice(1)).toEqual(["--semi-space-growth-factor=1", "--semi-space-growth-factor=2"]);

    stop();
    expect(v8.watching()).toBe(0);
  });

  it.each([
    { name: "old-generation growth", execArgv: ["--heap_growing_percent=20"], flags: [], watching: 1 },
    {
      name: "the young generation's maximum",
      execArgv: ["--max-semi-space-size=64"],
      flags: ["--heap-growing-percent=50"],
      watching: 0,
    },
    {
      name: "the young generation's growth",
      execArgv: ["--semi-space-growth-factor=4"],
      flags: ["--heap-growing-percent=50"],
      watching: 0,
    },
  ])("leaves $name to the operator who set it", ({ execArgv, flags, watching }) => {
    const v8 = fakeV8(execArgv);
    applyHeapBudget(v8.controls);
    expect(v8.flags).toEqual(flags);
    expect(v8.watching()).toBe(watching);
  });
});
