// withRetry and the retry policies: which codes are retried, backoff with full jitter, budgets and cancellation.
import { describe, expect, it, vi } from "vitest";
import { CLOUD_RUN_ERROR_CODES, CloudRunError, type CloudRunErrorCode } from "./errors.js";
import { backoffDelay, MUTATION_RETRY_CODES, READ_RETRY_CODES, retryPolicy, sleep, withRetry } from "./retry.js";

const fail = (code: CloudRunErrorCode) => new CloudRunError(code, code);

/** An operation that runs `during` (e.g. advancing a fake clock) and throws `error(attempt)`; the mock counts calls. */
function alwaysFails(error: (attempt: number) => Error, during?: () => void) {
  let attempt = 0;
  return vi.fn(async () => {
    attempt++;
    during?.();
    throw error(attempt);
  });
}

/** The codes `error.retryable` retries; every other code is tried once. */
const RETRIED_CODES: readonly CloudRunErrorCode[] = ["RateLimited", "Unavailable", "DeadlineExceeded"];

/** A fake clock whose sleep advances time instantly and records the delays. */
function fakeTime() {
  let now = 0;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleeps,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe("withRetry", () => {
  it("returns the first success without sleeping", async () => {
    const t = fakeTime();
    const fn = vi.fn(async () => "ok");
    await expect(withRetry(fn, { sleep: t.sleep, now: t.now })).resolves.toBe("ok");
    expect(fn).toHaveBeenCalledTimes(1);
    expect(t.sleeps).toEqual([]);
  });

  it("retries retryable errors and passes the attempt number", async () => {
    const t = fakeTime();
    const attempts: number[] = [];
    const result = await withRetry(
      async ({ attempt }) => {
        attempts.push(attempt);
        if (attempt < 3) throw fail("Unavailable");
        return attempt;
      },
      { sleep: t.sleep, now: t.now, random: () => 0.5 },
    );
    expect(result).toBe(3);
    expect(attempts).toEqual([1, 2, 3]);
    expect(t.sleeps).toEqual([125, 250]); // 0.5 · 250, 0.5 · 500
  });

  it.each(CLOUD_RUN_ERROR_CODES.filter((code) => !RETRIED_CODES.includes(code)))("does not retry %s", async (code) => {
    const t = fakeTime();
    const fn = alwaysFails(() => fail(code));
    await expect(withRetry(fn, { sleep: t.sleep, now: t.now })).rejects.toMatchObject({ code });
    expect(fn).toHaveBeenCalledTimes(1);
    expect(t.sleeps).toEqual([]);
  });

  it("maps foreign errors (gRPC codes) before classifying them", async () => {
    const t = fakeTime();
    const fn = alwaysFails(() => Object.assign(new Error("14 UNAVAILABLE: down"), { code: 14, details: "down" }));
    await expect(
      withRetry(fn, { sleep: t.sleep, now: t.now, maxAttempts: 3, context: "GetService s" }),
    ).rejects.toMatchObject({ code: "Unavailable", message: "GetService s: down" });
    expect(fn).toHaveBeenCalledTimes(3);
  });

  it("stops after maxAttempts with the last error", async () => {
    const t = fakeTime();
    const onRetry = vi.fn();
    const fn = alwaysFails((attempt) => new CloudRunError("Unavailable", `attempt ${attempt}`));
    const error = withRetry(fn, { sleep: t.sleep, now: t.now, maxAttempts: 4, onRetry });
    await expect(error).rejects.toMatchObject({ code: "Unavailable", message: "attempt 4" });
    expect(fn).toHaveBeenCalledTimes(4);
    expect(t.sleeps).toHaveLength(3);
    expect(onRetry.mock.calls.map(([info]) => info.attempt)).toEqual([1, 2, 3]);
  });

  it("stops when the next backoff would pass maxElapsedMs", async () => {
    const t = fakeTime();
    const fn = alwaysFails(
      () => fail("RateLimited"),
      () => t.advance(400), // each attempt takes 400 ms
    );
    await expect(
      withRetry(fn, {
        sleep: t.sleep,
        now: t.now,
        maxAttempts: 100,
        maxElapsedMs: 2000,
        baseDelayMs: 200,
        random: () => 0.99,
      }),
    ).rejects.toMatchObject({ code: "RateLimited" });
    // attempt 1 ends at 400, sleeps 198 → 598; attempt 2 ends at 998, sleeps 396 → 1394;
    // attempt 3 ends at 1794; the next sleep (792) would end at 2586 > 2000 → give up.
    expect(fn).toHaveBeenCalledTimes(3);
    expect(t.sleeps).toEqual([198, 396]);
    expect(t.now()).toBeLessThanOrEqual(2000);
  });

  it("tells each attempt how much of the budget is left", async () => {
    const t = fakeTime();
    const remaining: number[] = [];
    await withRetry(
      async ({ attempt, remainingMs }) => {
        remaining.push(remainingMs);
        if (attempt < 2) throw fail("Unavailable");
      },
      { sleep: t.sleep, now: t.now, maxElapsedMs: 1000, baseDelayMs: 100, random: () => 0.5 },
    );
    expect(remaining).toEqual([1000, 950]);
  });

  it("keeps jittered delays within [0, min(maxDelay, base·2^(n-1)))", async () => {
    const cases = [0, 0.25, 0.5, 0.999999];
    for (const r of cases) {
      const t = fakeTime();
      await expect(
        withRetry(
          alwaysFails(() => fail("Unavailable")),
          {
            sleep: t.sleep,
            now: t.now,
            random: () => r,
            maxAttempts: 8,
            baseDelayMs: 100,
            maxDelayMs: 1000,
            maxElapsedMs: 1e9,
          },
        ),
      ).rejects.toMatchObject({ code: "Unavailable" });
      const caps = [100, 200, 400, 800, 1000, 1000, 1000];
      expect(t.sleeps).toHaveLength(caps.length);
      t.sleeps.forEach((d, i) => {
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThan(caps[i]!);
        expect(d).toBe(Math.floor(r * caps[i]!));
      });
    }
  });

  it("uses full jitter: delays spread over the whole window", () => {
    const values = [0, 0.1, 0.5, 0.9];
    expect(values.map((r) => backoffDelay(3, 100, 10_000, () => r))).toEqual([0, 40, 200, 360]);
    expect(backoffDelay(50, 100, 10_000, () => 0.5)).toBe(5000);
    expect(backoffDelay(1, 100, 10_000, () => 7)).toBe(99); // clamps a broken random source below the cap
  });

  it("stops promptly with Cancelled when aborted during the backoff sleep (real timers)", async () => {
    const controller = new AbortController();
    const fn = alwaysFails(() => fail("Unavailable"));
    const started = performance.now();
    const pending = withRetry(fn, {
      signal: controller.signal,
      baseDelayMs: 60_000,
      maxDelayMs: 60_000,
      random: () => 0.99,
    });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toMatchObject({ code: "Cancelled", retryable: false });
    expect(fn).toHaveBeenCalledTimes(1);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("does not start when already aborted, and reports an abort during an attempt as Cancelled", async () => {
    const aborted = new AbortController();
    aborted.abort();
    const fn = vi.fn(async () => "x");
    await expect(withRetry(fn, { signal: aborted.signal })).rejects.toMatchObject({ code: "Cancelled" });
    expect(fn).not.toHaveBeenCalled();

    const controller = new AbortController();
    await expect(
      withRetry(
        async () => {
          controller.abort();
          throw fail("Unavailable");
        },
        { signal: controller.signal, sleep: fakeTime().sleep },
      ),
    ).rejects.toMatchObject({ code: "Cancelled" });
  });

  it("propagates a CloudRunError abort reason (e.g. a deadline)", async () => {
    const controller = new AbortController();
    const t = fakeTime();
    await expect(
      withRetry(
        async () => {
          controller.abort(new CloudRunError("DeadlineExceeded", "stage deadline"));
          throw fail("Unavailable");
        },
        { signal: controller.signal, sleep: t.sleep, now: t.now },
      ),
    ).rejects.toMatchObject({ code: "DeadlineExceeded", message: "stage deadline" });
  });

  it("honours a custom shouldRetry", async () => {
    const t = fakeTime();
    const fn = alwaysFails(() => fail("DeadlineExceeded"));
    await expect(
      withRetry(fn, { sleep: t.sleep, now: t.now, shouldRetry: retryPolicy("mutation") }),
    ).rejects.toMatchObject({ code: "DeadlineExceeded" });
    expect(fn).toHaveBeenCalledTimes(1);
  });
});

describe("retry policies", () => {
  it("reads retry transient codes and Internal; mutations only Unavailable and RateLimited", () => {
    expect([...READ_RETRY_CODES].sort()).toEqual(["DeadlineExceeded", "Internal", "RateLimited", "Unavailable"]);
    expect([...MUTATION_RETRY_CODES].sort()).toEqual(["RateLimited", "Unavailable"]);
    expect(retryPolicy("read")(fail("Internal"))).toBe(true);
    expect(retryPolicy("mutation")(fail("Internal"))).toBe(false);
    expect(retryPolicy("mutation")(fail("Aborted"))).toBe(false);
  });
});

describe("sleep", () => {
  it("resolves after the delay and rejects at once when aborted", async () => {
    await expect(sleep(1)).resolves.toBeUndefined();
    const controller = new AbortController();
    const started = performance.now();
    const p = sleep(60_000, controller.signal);
    controller.abort();
    await expect(p).rejects.toMatchObject({ code: "Cancelled" });
    expect(performance.now() - started).toBeLessThan(500);
  });
});
