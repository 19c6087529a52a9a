// A tiny protobuf wire-format writer/scanner used only by the wire-*.test.ts files and their fixtures.
//
// It is deliberately independent of the generated code and of any protobuf runtime: fixtures are spelled out
// field by field (field number + wire type taken from PipeCD's field tables) so that the generated
// encode/decode is checked against the wire format itself, not against itself.
//
// Wire format recap (https://protobuf.dev/programming-guides/encoding/):
//   tag     = varint((field_number << 3) | wire_type)
//   VARINT  = int32, int64, uint32, bool, enum (negative int32/int64 take 10 bytes, two's complement)
//   LEN     = varint(byte length) + payload: string (UTF-8), bytes, embedded message, map entry
//   map<K,V> = repeated LEN field whose payload is a message {K key = 1; V value = 2;}
//   repeated string / message fields are never packed: one tag per element.

export const WireType = { VARINT: 0, I64: 1, LEN: 2, I32: 5 } as const;
export type WireType = (typeof WireType)[keyof typeof WireType];

const utf8 = new TextEncoder();

/** Base-128 varint, little-endian groups of 7 bits, MSB = continuation. */
export function varint(value: number | bigint): Uint8Array {
  let v = BigInt(value);
  if (v < 0n) v = BigInt.asUintN(64, v);
  const out: number[] = [];
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v !== 0n) byte |= 0x80;
    out.push(byte);
  } while (v !== 0n);
  return Uint8Array.from(out);
}

export function tag(field: number, wireType: WireType): Uint8Array {
  return varint((BigInt(field) << 3n) | BigInt(wireType));
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** A message body is just its encoded fields one after another. */
export const message = concat;

/** VARINT field: int32, int64, uint32, enum. */
export function int(field: number, value: number | bigint): Uint8Array {
  return concat(tag(field, WireType.VARINT), varint(value));
}

/** Enum fields are plain VARINTs on the wire. */
export const enumField = int;

export function bool(field: number, value: boolean): Uint8Array {
  return int(field, value ? 1 : 0);
}

/** LEN field with an already encoded payload. */
export function len(field: number, payload: Uint8Array): Uint8Array {
  return concat(tag(field, WireType.LEN), varint(payload.length), payload);
}

export function str(field: number, value: string): Uint8Array {
  return len(field, utf8.encode(value));
}

export function bytes(field: number, value: Uint8Array | string): Uint8Array {
  return len(field, typeof value === "string" ? utf8.encode(value) : value);
}

/** Embedded message field built from its encoded fields. */
export function sub(field: number, ...fields: Uint8Array[]): Uint8Array {
  return len(field, concat(...fields));
}

/** map<string, string>: one entry message {1: key, 2: value} per pair, in the given order. */
export function stringMap(field: number, entries: [string, string][]): Uint8Array {
  return concat(...entries.map(([key, value]) => sub(field, str(1, key), str(2, value))));
}

/** map<string, Message>: one entry message {1: key, 2: encoded value message} per pair, in the given order. */
export function messageMap(field: number, entries: [string, Uint8Array][]): Uint8Array {
  return concat(...entries.map(([key, value]) => sub(field, str(1, key), len(2, value))));
}

/** repeated string: one LEN field per element. */
export function strings(field: number, values: string[]): Uint8Array {
  return concat(...values.map((v) => str(field, v)));
}

/** repeated message: one LEN field per element (each element already encoded). */
export function messages(field: number, values: Uint8Array[]): Uint8Array {
  return concat(...values.map((v) => len(field, v)));
}

function readVarint(buf: Uint8Array, pos: number): [bigint, number] {
  let result = 0n;
  let shift = 0n;
  for (;;) {
    const byte = buf[pos];
    if (byte === undefined) throw new Error(`truncated varint at ${pos}`);
    pos++;
    result |= BigInt(byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return [result, pos];
    shift += 7n;
  }
}

/** Top-level field numbers of an encoded message, in wire order (one per occurrence). */
export function fieldNumbers(buf: Uint8Array): number[] {
  const fields: number[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const [key, afterTag] = readVarint(buf, pos);
    const wireType = Number(key & 7n);
    fields.push(Number(key >> 3n));
    pos = afterTag;
    switch (wireType) {
      case WireType.VARINT:
        pos = readVarint(buf, pos)[1];
        break;
      case WireType.I64:
        pos += 8;
        break;
      case WireType.LEN: {
        const [length, afterLength] = readVarint(buf, pos);
        pos = afterLength + Number(length);
        break;
      }
      case WireType.I32:
        pos += 4;
        break;
      default:
        throw new Error(`unsupported wire type ${wireType}`);
    }
    if (pos > buf.length) throw new Error("truncated field");
  }
  return fields;
}

/** Sorted distinct top-level field numbers of an encoded message. */
export function distinctFieldNumbers(buf: Uint8Array): number[] {
  return [...new Set(fieldNumbers(buf))].sort((a, b) => a - b);
}

export function hex(buf: Uint8Array): string {
  return Buffer.from(buf).toString("hex");
}
