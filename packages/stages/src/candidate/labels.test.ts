// The PipeCD labels a deployment puts on the service.
import { describe, expect, it } from "vitest";
import { pipecdLabels, sanitizeLabelValue } from "./labels.js";

describe("sanitizeLabelValue", () => {
  it.each([
    { name: "already valid", input: "abc-123_x", want: "abc-123_x" },
    { name: "uppercase", input: "Piped-ABC", want: "piped-abc" },
    { name: "dots and slashes", input: "team.web/prod", want: "team-web-prod" },
    { name: "runs of invalid characters", input: "a  ..b", want: "a-b" },
    { name: "non-ASCII", input: "héllo", want: "h-llo" },
    { name: "empty", input: "", want: "" },
    { name: "too long", input: "x".repeat(80), want: "x".repeat(63) },
  ])("$name", ({ input, want }) => {
    const got = sanitizeLabelValue(input);
    expect(got).toBe(want);
    expect(got).toMatch(/^[a-z0-9_-]{0,63}$/);
  });
});

describe("pipecdLabels", () => {
  it("gives the four PipeCD labels with GCP-valid values", () => {
    expect(pipecdLabels({ pipedId: "Piped.One", applicationId: "APP/1", targetCommit: "ABCDEF0123" })).toEqual({
      "pipecd-dev-managed-by": "piped",
      "pipecd-dev-piped": "piped-one",
      "pipecd-dev-application": "app-1",
      "pipecd-dev-commit-hash": "abcdef0123",
    });
  });
});
