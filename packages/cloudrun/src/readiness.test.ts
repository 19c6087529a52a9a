import { describe, expect, it } from "vitest";
import type { Revision, Service } from "./model.js";
import { assessRevisionReadiness, assessServiceReadiness, conditionReason } from "./readiness.js";

const S = "projects/p/locations/r/services/s";
const rev = (n: string) => `${S}/revisions/${n}`;

function svc(over: Partial<Service>): Service {
  return {
    name: S,
    template: { containers: [{ image: "i" }] },
    generation: 2,
    observedGeneration: 2,
    latestCreatedRevision: rev("s-2"),
    latestReadyRevision: rev("s-2"),
    terminalCondition: { type: "Ready", state: "CONDITION_SUCCEEDED" },
    ...over,
  };
}

describe("assessServiceReadiness", () => {
  it.each([
    { name: "reconciled", over: {}, state: "ready" },
    { name: "still reconciling", over: { reconciling: true }, state: "pending" },
    { name: "observed generation behind", over: { observedGeneration: 1 }, state: "pending" },
    { name: "latest created not ready yet", over: { latestReadyRevision: rev("s-1") }, state: "pending" },
    { name: "short and full names compare equal", over: { latestReadyRevision: "s-2" }, state: "ready" },
    {
      name: "no revision yet",
      over: { latestCreatedRevision: undefined, latestReadyRevision: undefined },
      state: "pending",
    },
    {
      name: "Ready reconciling",
      over: { terminalCondition: { type: "Ready", state: "CONDITION_RECONCILING" as const } },
      state: "pending",
    },
    {
      name: "Ready=False",
      over: {
        observedGeneration: 1,
        terminalCondition: {
          type: "Ready",
          state: "CONDITION_FAILED" as const,
          reason: "REVISION_FAILED" as const,
          message: "crash",
        },
      },
      state: "failed",
    },
    {
      name: "Ready=False while Cloud Run retries by itself",
      over: {
        terminalCondition: { type: "Ready", state: "CONDITION_FAILED" as const, reason: "IMMEDIATE_RETRY" as const },
      },
      state: "pending",
    },
    {
      name: "Ready=False but a new generation is reconciling",
      over: { reconciling: true, terminalCondition: { type: "Ready", state: "CONDITION_FAILED" as const } },
      state: "pending",
    },
  ] as { name: string; over: Partial<Service>; state: string }[])("$name → $state", ({ over, state }) => {
    expect(assessServiceReadiness(svc(over)).state).toBe(state);
  });

  it("carries reason and message of a failure, and a one-line summary", () => {
    const a = assessServiceReadiness(
      svc({
        observedGeneration: 1,
        latestReadyRevision: rev("s-1"),
        terminalCondition: { type: "Ready", state: "CONDITION_FAILED", reason: "REVISION_FAILED", message: "crash" },
      }),
    );
    expect(a).toEqual({
      state: "failed",
      reason: "REVISION_FAILED",
      message: "crash",
      summary: "Ready=CONDITION_FAILED generation=2 observed=1 latestCreated=s-2 latestReady=s-1",
    });
  });
});

describe("assessRevisionReadiness", () => {
  const r = (over: Partial<Revision>): Revision => ({ name: rev("s-2"), ...over });
  it("reads the Ready condition", () => {
    expect(assessRevisionReadiness(r({ conditions: [{ type: "Ready", state: "CONDITION_SUCCEEDED" }] })).state).toBe(
      "ready",
    );
    expect(assessRevisionReadiness(r({ reconciling: true })).state).toBe("pending");
    expect(
      assessRevisionReadiness(
        r({
          conditions: [
            { type: "Ready", state: "CONDITION_FAILED", revisionReason: "HEALTH_CHECK_CONTAINER_ERROR", message: "m" },
          ],
        }),
      ),
    ).toMatchObject({ state: "failed", reason: "HEALTH_CHECK_CONTAINER_ERROR", message: "m" });
  });

  it("conditionReason picks whichever reason is set", () => {
    expect(conditionReason({ reason: "INTERNAL" })).toBe("INTERNAL");
    expect(conditionReason({ revisionReason: "RETIRED" })).toBe("RETIRED");
    expect(conditionReason({ executionReason: "CANCELLED" })).toBe("CANCELLED");
    expect(conditionReason(undefined)).toBeUndefined();
  });
});
