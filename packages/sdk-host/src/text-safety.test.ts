// Tests of bounding and redacting text that echoes input.
import { describe, expect, it } from "vitest";
import { boundText, MAX_ECHOED_CHARS, REDACTED, Redactor } from "./text-safety.js";

describe("boundText", () => {
  it.each([
    ["", ""],
    ["short", "short"],
    ["x".repeat(MAX_ECHOED_CHARS), "x".repeat(MAX_ECHOED_CHARS)],
    ["x".repeat(MAX_ECHOED_CHARS + 1), `${"x".repeat(MAX_ECHOED_CHARS)}…`],
    ["y".repeat(100_000), `${"y".repeat(MAX_ECHOED_CHARS)}…`],
  ])("bounds %#", (input, expected) => {
    expect(boundText(input)).toBe(expected);
  });

  it("never cuts a surrogate pair in half", () => {
    const text = `${"a".repeat(MAX_ECHOED_CHARS - 1)}😀tail`;
    expect(boundText(text)).toBe(`${"a".repeat(MAX_ECHOED_CHARS - 1)}…`);
  });

  it("replaces lone surrogates (a parser quoting half an emoji), keeping whole pairs", () => {
    let parserMessage = "";
    try {
      JSON.parse("😀😀");
    } catch (error) {
      parserMessage = (error as Error).message;
    }
    expect(boundText(parserMessage)).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    expect(boundText("a\uD83Db\uDE00c😀")).toBe("a\uFFFDb\uFFFDc😀");
    expect(boundText(`${"x".repeat(MAX_ECHOED_CHARS + 5)}\uD83D`)).toBe(`${"x".repeat(MAX_ECHOED_CHARS)}…`);
  });
});

describe("Redactor: one table for every text that leaves the plugin", () => {
  const redactor = new Redactor();
  const longValue = `L${"0123456789".repeat(20)}`;
  redactor.addSecrets([
    "postgres://admin:pa55w0rd@db.internal:5432/app",
    "s3cr3t-value",
    "(a+b)*c$",
    "abc", // too short: ordinary words are not hidden
    longValue,
    undefined,
  ]);

  it.each([
    // registered values, as whole tokens
    ["DATABASE_URL=postgres://admin:pa55w0rd@db.internal:5432/app is invalid", `DATABASE_URL=${REDACTED} is invalid`],
    ["value 's3cr3t-value' rejected", `value '${REDACTED}' rejected`],
    ["regex chars (a+b)*c$ stay literal", `regex chars ${REDACTED} stay literal`],
    ["s3cr3t-valueX is another token", "s3cr3t-valueX is another token"],
    ["abc is short and kept", "abc is short and kept"],
    [`echoed: ${longValue} end`, `echoed: ${REDACTED} end`],
    [`echoed start: ${longValue.slice(0, 80)}…`, `echoed start: ${REDACTED}`],
    // credential shapes, registered or not
    ["dial mysql://root:hunter2@10.0.0.1/db", `dial mysql://root:${REDACTED}@10.0.0.1/db`],
    ["Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.abc.def", `Authorization: Bearer ${REDACTED}`],
    ["token ya29.a0AfH6SMBx-secret_token", `token ${REDACTED}`],
    ["key AIzaSyA1234567890abcdefghijklmnopqrstuv", `key ${REDACTED}`],
    ["password=hunter2&user=x", `password=${REDACTED}&user=x`],
    ['{"client_secret": "abcd1234"}', `{"client_secret": "${REDACTED}"}`],
    ["API_KEY: zzzz9999", `API_KEY: ${REDACTED}`],
    ["-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\n-----END PRIVATE KEY----- done", `${REDACTED} done`],
    // ordinary text is left alone
    ["revision helloworld-v2-abc1234 is ready", "revision helloworld-v2-abc1234 is ready"],
    ["https://helloworld-abc.a.run.app", "https://helloworld-abc.a.run.app"],
  ])("%s", (input, expected) => {
    expect(redactor.redact(input)).toBe(expected);
  });

  it("stays bounded however many values are registered", () => {
    const r = new Redactor();
    for (let i = 0; i < 10_000; i++) r.addSecrets([`value-${i}-xyz`]);
    expect(r.size).toBeLessThanOrEqual(2_000);
    expect(r.redact("value-9999-xyz")).toBe(REDACTED);
  });
});
