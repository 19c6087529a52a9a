// Checks and cleans requests against the proto message types; canonical JSON and deep copies.
import type { PbEnum, PbField, PbType } from "./protos.js";

/** Thrown when a value does not fit the proto schema (reported as INVALID_ARGUMENT). */
export class SchemaError extends Error {
  override readonly name = "SchemaError";
}

function isType(t: PbType | PbEnum | null): t is PbType {
  return t !== null && "fieldsArray" in t;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);
}

const INT64 = new Set(["int64", "uint64", "sint64", "fixed64", "sfixed64"]);
const NUMBER = new Set(["int32", "uint32", "sint32", "fixed32", "sfixed32", "double", "float"]);

interface Scalar {
  value: unknown;
  isDefault: boolean;
}

function cleanScalar(field: PbField, value: unknown, at: string): Scalar {
  const rt = field.resolvedType;
  if (rt !== null && !isType(rt)) {
    const name = typeof value === "number" ? rt.valuesById[value] : typeof value === "string" ? value : undefined;
    if (name === undefined || rt.values[name] === undefined) {
      throw new SchemaError(`${at}: invalid enum value ${JSON.stringify(value)}`);
    }
    return { value: name, isDefault: rt.values[name] === 0 };
  }
  if (field.type === "string") {
    if (typeof value !== "string") throw new SchemaError(`${at}: expected a string`);
    return { value, isDefault: value === "" };
  }
  if (field.type === "bool") {
    if (typeof value !== "boolean") throw new SchemaError(`${at}: expected a boolean`);
    return { value, isDefault: !value };
  }
  if (INT64.has(field.type)) {
    const text = typeof value === "number" || typeof value === "bigint" ? String(value) : value;
    if (typeof text !== "string" || !/^-?\d+$/.test(text)) throw new SchemaError(`${at}: expected an integer`);
    const normal = String(BigInt(text));
    return { value: normal, isDefault: normal === "0" };
  }
  if (NUMBER.has(field.type)) {
    const num = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
    if (typeof num !== "number" || Number.isNaN(num)) throw new SchemaError(`${at}: expected a number`);
    return { value: num, isDefault: num === 0 };
  }
  if (field.type === "bytes") {
    if (!(value instanceof Uint8Array)) throw new SchemaError(`${at}: expected bytes`);
    return { value, isDefault: value.length === 0 };
  }
  throw new SchemaError(`${at}: unsupported field type ${field.type}`);
}

function cleanElement(field: PbField, value: unknown, at: string): unknown {
  const rt = field.resolvedType;
  return rt !== null && isType(rt) ? cleanMessage(rt, value, at) : cleanScalar(field, value, at).value;
}

/**
 * Returns a copy of `value` reduced to the canonical proto3 shape of `type`: unknown keys dropped,
 * enums as names, int64 as decimal strings, and fields holding their default value (empty string, 0,
 * false, the zero enum, empty lists, maps and messages) removed, except members of a oneof or
 * `optional` fields, whose presence is meaningful. Two messages that encode the same state
 * clean to deep-equal objects, whatever defaults a client chose to send explicitly.
 */
export function cleanMessage(type: PbType, value: unknown, at = type.fullName): Record<string, unknown> {
  if (!isRecord(value)) throw new SchemaError(`${at}: expected an object`);
  const out: Record<string, unknown> = {};
  for (const field of type.fieldsArray) {
    const raw = value[field.name];
    if (raw === undefined || raw === null) continue;
    const fieldAt = `${at}.${field.name}`;
    if (field.map) {
      if (!isRecord(raw)) throw new SchemaError(`${fieldAt}: expected a map object`);
      const entries = Object.entries(raw).map(([k, v]) => [k, cleanElement(field, v, `${fieldAt}[${k}]`)] as const);
      if (entries.length > 0) out[field.name] = Object.fromEntries(entries);
      continue;
    }
    if (field.repeated) {
      if (!Array.isArray(raw)) throw new SchemaError(`${fieldAt}: expected a list`);
      const items = raw.map((v, i) => cleanElement(field, v, `${fieldAt}[${i}]`));
      if (items.length > 0) out[field.name] = items;
      continue;
    }
    const presence = field.partOf !== null;
    const rt = field.resolvedType;
    if (rt !== null && isType(rt)) {
      const msg = cleanMessage(rt, raw, fieldAt);
      if (presence || Object.keys(msg).length > 0) out[field.name] = msg;
      continue;
    }
    const scalar = cleanScalar(field, raw, fieldAt);
    if (presence || !scalar.isDefault) out[field.name] = scalar.value;
  }
  return out;
}

/** JSON with object keys sorted at every level: equal values give equal strings. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (!isRecord(v)) return v;
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, v[k]]),
    );
  });
}

/** A deep copy of a plain data value (objects, arrays, primitives, Buffers). */
export function deepCopy<T>(value: T): T {
  return structuredClone(value);
}
