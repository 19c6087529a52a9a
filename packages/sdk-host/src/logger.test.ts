// Tests of the structured logger.
import { describe, expect, it } from "vitest";
import { createLogger } from "./logger.js";

describe("createLogger", () => {
  it("writes one JSON object per line with level, message and fields, filtered by level", () => {
    const lines: string[] = [];
    const logger = createLogger({ level: "info", encoding: "json", write: (l) => lines.push(l) }).child({
      plugin: "x",
    });
    logger.debug("hidden");
    logger.warn("careful", { attempt: 2, error: new Error("nope") });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      level: "warn",
      msg: "careful",
      plugin: "x",
      attempt: 2,
      error: "nope",
    });
  });

  it("writes human-readable lines", () => {
    const lines: string[] = [];
    createLogger({ encoding: "humanize", write: (l) => lines.push(l) }).error("failed", { reason: "two words" });
    expect(lines[0]).toMatch(/\tERROR\tfailed\treason="two words"\n$/);
  });
});
