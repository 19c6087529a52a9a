/**
 * Waiting for a long-running operation: WaitOperation, which returns as soon as the operation is
 * done (Cloud Run's UpdateService operation is done once the revision is Ready and traffic is
 * routed), in slices no longer than one RPC may last. WaitOperation is best effort (it may answer
 * before the operation is done), so it is called again until done or the deadline; a reply that
 * comes back early is followed by a growing pause, so a server that never waits is polled, not
 * hammered. A server without WaitOperation (UNIMPLEMENTED) is polled with GetOperation instead.
 */

import { toCloudRunError } from "./errors.js";
import type { AttemptOptions, IOperation } from "./gax-runtime.js";
import { sleep } from "./retry.js";

/** Polling of operations and of `waitUntilReady`: first delay, longest delay and growth factor. */
export interface PollSettings {
  /** First delay between polls. Default 250 ms. */
  initialMs: number;
  /** Largest delay between polls. Default 1000 ms. */
  maxMs: number;
  /** Growth per poll. Default 1.5. */
  multiplier: number;
}

export const DEFAULT_POLL: PollSettings = { initialMs: 250, maxMs: 1000, multiplier: 1.5 };

export function nextDelay(delay: number, poll: PollSettings): number {
  return Math.min(poll.maxMs, delay * poll.multiplier);
}

const GRPC_UNIMPLEMENTED = 12;

/** Longest server-side wait of one WaitOperation call. */
const MAX_WAIT_SLICE_MS = 10_000;

export interface OperationWaiter {
  operationName: string;
  /** Aborts at the operation's deadline or when the caller cancels. */
  signal: AbortSignal;
  /** When the deadline passes (`performance.now()` time). */
  deadlineAt: number;
  rpcTimeoutMs: number;
  poll: PollSettings;
  /** One RPC with the client's retry rule (`CloudRunClient.call`). */
  call<T>(method: "WaitOperation" | "GetOperation", fn: (options: AttemptOptions) => Promise<T>): Promise<T>;
  wait(waitMs: number, options: AttemptOptions): Promise<IOperation>;
  get(options: AttemptOptions): Promise<IOperation>;
}

/** Resolves with the operation once done (it may have ended in error: the caller reads `error`). */
export async function waitForOperation(initial: IOperation, w: OperationWaiter): Promise<IOperation> {
  let op = initial;
  let delay = w.poll.initialMs;
  let waitSupported = true;
  while (!op.done) {
    if (waitSupported) {
      // Half the RPC timeout leaves room for the reply to travel before the attempt times out.
      const waitMs = Math.max(
        1,
        Math.min(MAX_WAIT_SLICE_MS, Math.floor(w.rpcTimeoutMs / 2), w.deadlineAt - performance.now()),
      );
      const started = performance.now();
      // UNIMPLEMENTED is answered at once and is not worth a retry: switch to polling.
      const waited = await w.call("WaitOperation", (o) =>
        w.wait(waitMs, o).catch((error: unknown) => {
          if (!w.signal.aborted && toCloudRunError(error).grpcCode === GRPC_UNIMPLEMENTED) return undefined;
          throw error;
        }),
      );
      if (waited === undefined) {
        waitSupported = false;
        continue;
      }
      op = waited;
      if (!op.done && performance.now() - started < waitMs / 2) {
        await sleep(delay, w.signal);
        delay = nextDelay(delay, w.poll);
      }
    } else {
      await sleep(delay, w.signal);
      delay = nextDelay(delay, w.poll);
      op = await w.call("GetOperation", (o) => w.get(o));
    }
  }
  return op;
}
