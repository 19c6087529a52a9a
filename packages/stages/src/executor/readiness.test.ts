// The failure detail the stages print for a revision that is not Ready, from the shared readiness rule.
import { assessRevisionReadiness, type Revision } from "@cr/cloudrun/pure";
import { describe, expect, it } from "vitest";
import { failureDetail } from "./readiness.js";

function revision(ready: NonNullable<Revision["conditions"]>[number]): Revision {
  return { name: "svc-a", conditions: [ready] };
}

describe("failureDetail", () => {
  it.each([
    {
      name: "revision reason and message",
      ready: { type: "Ready", state: "CONDITION_FAILED", revisionReason: "CONTAINER_MISSING", message: "no image" },
      want: "CONTAINER_MISSING: no image",
    },
    {
      name: "a plain reason",
      ready: { type: "Ready", state: "CONDITION_FAILED", reason: "INTERNAL" },
      want: "INTERNAL",
    },
    { name: "nothing said", ready: { type: "Ready", state: "CONDITION_FAILED" }, want: "Ready=False" },
  ] as const)("$name", ({ ready, want }) => {
    const assessment = assessRevisionReadiness(revision(ready as NonNullable<Revision["conditions"]>[number]));
    expect(assessment.state).toBe("failed");
    expect(failureDetail(assessment)).toBe(want);
  });
});
