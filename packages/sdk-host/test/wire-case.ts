// Checks one wire fixture (it decodes to the expected object, which encodes back byte for byte), and the fixed
// instant T the fixtures use.

import { expect } from "vitest";
import { hex } from "./wire-fixtures.js";

export interface Codec<T> {
  encode(message: T): { finish(): Uint8Array };
  decode(input: Uint8Array): T;
}

export interface WireCase {
  name: string;
  bytes: Uint8Array;
  decode: () => unknown;
  encode: () => Uint8Array;
  expected: unknown;
}

export function wireCase<T>(name: string, codec: Codec<T>, bytes: Uint8Array, expected: T): WireCase {
  return {
    name,
    bytes,
    decode: () => codec.decode(bytes),
    encode: () => codec.encode(expected).finish(),
    expected,
  };
}

export function expectWire(c: WireCase): void {
  expect(c.decode()).toEqual(c.expected);
  // Compare as hex so a mismatch shows where the bytes diverge.
  expect(hex(c.encode())).toBe(hex(c.bytes));
  expect(Buffer.from(c.encode())).toEqual(Buffer.from(c.bytes));
}

// An arbitrary fixed instant in Unix seconds (2026-08-22).
export const T = 1_787_390_000;
