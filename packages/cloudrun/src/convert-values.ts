/**
 * Field readers for Cloud Run API objects (proto3 zero values left out, int64 and Long as numbers,
 * Timestamps and Durations converted), used by convert.ts.
 */

export type Obj = Record<string, unknown>;

export function obj(v: unknown): Obj | undefined {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Obj) : undefined;
}

/** Removes the keys whose value is `undefined` (so results are clean JSON). */
export function clean<T extends object>(o: T): T {
  for (const key of Object.keys(o) as (keyof T)[]) if (o[key] === undefined) delete o[key];
  return o;
}

/** int64 as number | decimal string | Long-like → number. */
export function toNumber(v: unknown): number | undefined {
  if (typeof v === "number") return Number.isFinite(v) ? v : undefined;
  if (typeof v === "string" && v.trim() !== "") {
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  }
  if (typeof v === "bigint") return Number(v);
  const o = obj(v);
  if (o && typeof o.toNumber === "function") return (o.toNumber as () => number)();
  if (o && typeof o.low === "number" && typeof o.high === "number") return o.high * 2 ** 32 + (o.low >>> 0);
  return undefined;
}

/** Non-empty string, else undefined. */
export const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
/** A plain proto3 bool: `true`, else undefined. */
export const flag = (v: unknown): true | undefined => (v === true ? true : undefined);
/** A proto3 `optional` bool: kept when set, even when false. */
export const optFlag = (v: unknown): boolean | undefined => (typeof v === "boolean" ? v : undefined);
/** A plain proto3 number: non-zero, else undefined. */
export function num(v: unknown): number | undefined {
  const n = toNumber(v);
  return n === undefined || n === 0 ? undefined : n;
}
/** A proto3 `optional` number: kept when set, even when 0. */
export const optNum = (v: unknown): number | undefined => toNumber(v);

/** An enum name from `values`, except the zero value (`values[0]`). Unknown names are dropped. */
export function enumName<T extends string>(v: unknown, values: readonly T[]): T | undefined {
  return typeof v === "string" && v !== values[0] && (values as readonly string[]).includes(v) ? (v as T) : undefined;
}

export function strings(v: unknown): string[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const out = v.filter((s): s is string => typeof s === "string");
  return out.length > 0 ? out : undefined;
}

export function stringMap(v: unknown): Record<string, string> | undefined {
  const o = obj(v);
  if (!o) return undefined;
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(o)) if (typeof val === "string") out[k] = val;
  return Object.keys(out).length > 0 ? out : undefined;
}

export function list<T>(v: unknown, convert: (o: Obj) => T): T[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const out = v
    .map(obj)
    .filter((o): o is Obj => o !== undefined)
    .map(convert);
  return out.length > 0 ? out : undefined;
}

/** A present sub-message (kept even when empty), converted. */
export function message<T>(v: unknown, convert: (o: Obj) => T): T | undefined {
  const o = obj(v);
  return o ? convert(o) : undefined;
}

/** `google.protobuf.Timestamp` → RFC 3339 (millisecond precision). */
export function timestamp(v: unknown): string | undefined {
  if (typeof v === "string") return v || undefined;
  const o = obj(v);
  if (!o) return undefined;
  const seconds = toNumber(o.seconds) ?? 0;
  const nanos = toNumber(o.nanos) ?? 0;
  if (seconds === 0 && nanos === 0) return undefined;
  return new Date(seconds * 1000 + Math.floor(nanos / 1e6)).toISOString();
}

/** `google.protobuf.Duration` → seconds. */
export function duration(v: unknown): number | undefined {
  if (typeof v === "number") return v === 0 ? undefined : v;
  const o = obj(v);
  if (!o) return undefined;
  const seconds = (toNumber(o.seconds) ?? 0) + (toNumber(o.nanos) ?? 0) / 1e9;
  return seconds === 0 ? undefined : seconds;
}

/** Seconds → `google.protobuf.Duration`. */
export function durationToApi(seconds: number): { seconds: number; nanos: number } {
  const whole = Math.floor(seconds);
  return { seconds: whole, nanos: Math.round((seconds - whole) * 1e9) };
}

// ---------------------------------------------------------------------------------------------
// LRO messages
// ---------------------------------------------------------------------------------------------

/** The part of a protobufjs static message class needed to normalise an instance. */
export interface MessageClass {
  toObject(message: never, options: { longs: typeof String; enums: typeof String; bytes?: typeof String }): Obj;
}

/**
 * An LRO result or metadata (a protobufjs message: enums as numbers, int64 as `Long`) → the
 * plain unary form (`toObject` with `longs: String, enums: String`), which {@link serviceFromApi}
 * and {@link revisionFromApi} read.
 */
export function normalizeLroMessage(type: MessageClass, message: unknown): Obj {
  return type.toObject(message as never, { longs: String, enums: String });
}
