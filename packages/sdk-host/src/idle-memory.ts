// Returns the memory a burst of calls needed to the system once the plugin has been idle a while.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

function fullGc(): (() => void) | undefined {
  try {
    setFlagsFromString("--expose-gc");
    return runInNewContext("gc") as () => void;
  } catch {
    return undefined;
  }
}

/** How long the host must have had no call in flight before it gives memory back. */
export const IDLE_COLLECT_AFTER_MS = 5_000;

/**
 * Runs one full garbage collection when the plugin has been idle for a while, so that the memory
 * a burst of calls needed goes back to the system instead of staying with the process between
 * piped's calls (V8 keeps freed heap pages otherwise). At most once per idle period.
 */
export class IdleMemoryReclaimer {
  private timer: NodeJS.Timeout | undefined;
  private collectedSinceLastCall = true;
  private readonly collect: (() => void) | undefined;

  /** `collect` defaults to V8's full garbage collection. */
  constructor(
    private readonly idleMs = IDLE_COLLECT_AFTER_MS,
    collect?: () => void,
  ) {
    this.collect = collect ?? fullGc();
  }

  /** A call started. */
  busy(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.collectedSinceLastCall = false;
  }

  /** The last call in flight ended. */
  idle(): void {
    if (this.collectedSinceLastCall || !this.collect) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.collectedSinceLastCall = true;
      this.collect?.();
    }, this.idleMs);
    this.timer.unref();
  }

  stop(): void {
    clearTimeout(this.timer);
  }
}
