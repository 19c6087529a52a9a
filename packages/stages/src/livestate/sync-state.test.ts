// The sync state piped shows, from the drift of each deploy target.
import { describe, expect, it } from "vitest";
import { driftSyncState, invalidConfigSyncState, MAX_REASON_LINES } from "./sync-state.js";

const inSync = { fields: [], lines: [] };

describe("driftSyncState", () => {
  it("is SYNCED when no deploy target drifted", () => {
    expect(
      driftSyncState(
        [
          { deployTarget: "staging", serviceId: "hello", drift: inSync },
          { deployTarget: "production", serviceId: "hello", drift: inSync },
        ],
        "abc1234def",
      ),
    ).toEqual({ status: "SYNCED", shortReason: "", reason: "" });
  });

  it("is OUT_OF_SYNC naming the fields per deploy target, and lists every difference", () => {
    const state = driftSyncState(
      [
        { deployTarget: "staging", serviceId: "hello", drift: inSync },
        {
          deployTarget: "production",
          serviceId: "hello",
          drift: {
            fields: ["image", "env"],
            lines: ["template.containers[0].image: a:v1 → a:v2", "template.containers[0].env[X]: (value differs)"],
          },
        },
        {
          deployTarget: "dr",
          serviceId: "hello",
          drift: { fields: ["service"], lines: ["service hello does not exist"] },
        },
      ],
      "abc1234def",
    );
    expect(state.status).toBe("OUT_OF_SYNC");
    expect(state.shortReason).toBe("hello on production differs from Git in image, env; hello does not exist on dr");
    expect(state.reason).toBe(
      [
        "Diff between Git at commit abc1234 and the live service hello on production (path: live → desired):",
        "  template.containers[0].image: a:v1 → a:v2",
        "  template.containers[0].env[X]: (value differs)",
        "",
        "Diff between Git at commit abc1234 and the live service hello on dr (path: live → desired):",
        "  service hello does not exist",
      ].join("\n"),
    );
  });

  it("caps the lines per deploy target", () => {
    const lines = Array.from({ length: MAX_REASON_LINES + 7 }, (_, i) => `labels.l${i}: a → b`);
    const state = driftSyncState([{ deployTarget: "t", serviceId: "s", drift: { fields: ["labels"], lines } }], "c");
    expect(state.reason.split("\n")).toHaveLength(MAX_REASON_LINES + 2);
    expect(state.reason).toMatch(/… and 7 more$/);
  });
});

describe("invalidConfigSyncState", () => {
  it("says what cannot be loaded and lists the problems", () => {
    expect(
      invalidConfigSyncState("The service manifest is invalid", ["service.yaml:3:5: a", "service.yaml:9:1: b"]),
    ).toEqual({
      status: "INVALID_CONFIG",
      shortReason: "The service manifest is invalid",
      reason: "service.yaml:3:5: a\nservice.yaml:9:1: b",
    });
  });
});
