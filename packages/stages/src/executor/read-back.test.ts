// Writes whose outcome is unclear (a lost reply, a deadline, a failed operation) are read back before the stage decides.
import { beforeEach, describe, expect, it } from "vitest";
import { FakePortError } from "../../test/fake-journal.js";
import { A, B, C, CANDIDATE, routing, SVC, seedBaseline } from "../../test/fixtures.js";
import { fakesEachTest, stageRuns } from "../../test/stage-runs.js";
import type { CloudRunPort, StageDeps } from "../ports.js";

const f = fakesEachTest();
/** The deps the stages run with: the fakes', with Cloud Run wrapped once a test makes an outcome unclear. */
let deps: StageDeps;
const { syncSkip, promote: promoteTo } = stageRuns({
  get deps() {
    return deps;
  },
});

/** The next call of `method` does its work (or not), then rejects as a lost reply or a failed operation would. */
function outcomeLost(method: "applyService" | "updateTraffic", error: FakePortError, applied: boolean) {
  const port = f.deps.cloudRun;
  const original = port[method].bind(port) as (...args: unknown[]) => Promise<unknown>;
  let armed = true;
  const wrapped: CloudRunPort = {
    getService: port.getService.bind(port),
    getRevision: port.getRevision.bind(port),
    listRevisions: port.listRevisions.bind(port),
    deleteRevision: port.deleteRevision.bind(port),
    waitUntilReady: port.waitUntilReady.bind(port),
    applyService: port.applyService.bind(port),
    updateTraffic: port.updateTraffic.bind(port),
    [method]: async (...args: unknown[]) => {
      if (!armed) return original(...args);
      armed = false;
      if (applied) await original(...args);
      throw error;
    },
  };
  deps = { ...f.deps, cloudRun: wrapped };
}

const afterAccepted = (code: string) =>
  Object.assign(new FakePortError(code, `${code} from the operation`), { afterAccepted: true });

beforeEach(() => {
  deps = f.deps;
  seedBaseline(f.cloudRun);
});

describe("a write whose outcome is unclear is read back, and the result says what is live", () => {
  it.each([
    ["DEADLINE_EXCEEDED", new FakePortError("DeadlineExceeded", "deadline exceeded")],
    ["a lost reply after the retries", new FakePortError("Unavailable", "connection reset")],
    ["an operation that failed after the write was accepted", afterAccepted("FailedPrecondition")],
  ])("PROMOTE, traffic applied, then %s: SUCCESS with the intended split", async (_what, error) => {
    expect((await syncSkip()).status).toBe("SUCCESS");
    outcomeLost("updateTraffic", error, true);
    const out = await promoteTo(50);
    expect(out.status).toBe("SUCCESS");
    expect(routing(f.cloudRun.peek(SVC))).toEqual(
      [`${A}:45:blue`, `${B}:5`, `${C}:0:preview`, `${CANDIDATE}:50`].sort(),
    );
    expect(f.log.text()).toContain("the write took effect");
  });

  it("PROMOTE, traffic not applied, then DEADLINE_EXCEEDED: FAILURE naming the split that is live", async () => {
    expect((await syncSkip()).status).toBe("SUCCESS");
    outcomeLost("updateTraffic", new FakePortError("DeadlineExceeded", "deadline exceeded"), false);
    const out = await promoteTo(50);
    expect(out.status).toBe("FAILURE");
    expect(out.summary).toContain(`Cloud Run routes`);
    expect(out.summary).toContain(`${A} 90%`);
    expect(routing(f.cloudRun.peek(SVC))).toEqual([`${A}:90:blue`, `${B}:10`, `${C}:0:preview`].sort());
  });

  it("SYNC, service updated, then the reply was lost: it goes on and succeeds", async () => {
    outcomeLost("applyService", new FakePortError("DeadlineExceeded", "deadline exceeded"), true);
    const out = await syncSkip();
    expect(out.status).toBe("SUCCESS");
    expect(f.cloudRun.revisionNames(SVC)).toContain(CANDIDATE);
  });

  it("SYNC, service not updated, then INTERNAL: FAILURE naming what the service runs, no traffic change", async () => {
    outcomeLost("applyService", new FakePortError("Internal", "backend error"), false);
    const out = await syncSkip();
    expect(out.status).toBe("FAILURE");
    expect(out.summary).toContain(`deploying revision ${CANDIDATE} of ${SVC} failed`);
    expect(out.summary).toContain("traffic was not changed");
    expect(f.journal.mutations().map((e) => e.call)).toEqual([]);
  });

  it("a definitive refusal is not read back", async () => {
    expect((await syncSkip()).status).toBe("SUCCESS");
    f.cloudRun.failNext("updateTraffic", "PermissionDenied");
    const reads = f.journal.calls("cloudRun.getService").length;
    const out = await promoteTo(50);
    expect(out.status).toBe("FAILURE");
    expect(f.log.text()).not.toContain("reading the service back");
    // Only the reads the stage makes anyway.
    expect(f.journal.calls("cloudRun.getService").length - reads).toBe(1);
  });
});
