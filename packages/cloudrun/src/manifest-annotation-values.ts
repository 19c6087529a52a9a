/**
 * The shape of an annotation rule, the parsers of annotation values (bounded, never echoing long
 * values) and the rule builders the annotation table in manifest-annotations.ts is written with.
 */
import type { Container, Service } from "./model.js";

export type AnnotationLevel = "service" | "revision" | "any";

export interface AnnotationApply {
  /** The Service being built; its containers, volumes and env are already converted. */
  service: Service;
  key: string;
  value: string;
  /** Records an error located at the annotation value. */
  fail(message: string): void;
  /** Records a warning located at the annotation value. */
  warn(message: string): void;
}

export interface AnnotationRule {
  key: string;
  /** `service` = `metadata.annotations`, `revision` = `spec.template.metadata.annotations`. */
  level: AnnotationLevel;
  kind: "field" | "output" | "unsupported";
  /** The v2 field it maps to (for messages and docs). */
  target: string;
  apply?: (ctx: AnnotationApply) => void;
}

// ---------------------------------------------------------------------------------------------
// Value parsers
// ---------------------------------------------------------------------------------------------

export function shown(value: string): string {
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
}

export function bool(ctx: AnnotationApply): boolean | undefined {
  const v = ctx.value.trim().toLowerCase();
  if (v === "true") return true;
  if (v === "false") return false;
  ctx.fail(`annotation ${ctx.key} must be "true" or "false" (found ${shown(ctx.value)})`);
  return undefined;
}

export function int(ctx: AnnotationApply, min = 0, max = 2_147_483_647): number | undefined {
  const v = ctx.value.trim();
  const n = /^\d+$/.test(v) ? Number(v) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    ctx.fail(`annotation ${ctx.key} must be an integer from ${min} to ${max} (found ${shown(ctx.value)})`);
    return undefined;
  }
  return n;
}

export function choice<T>(ctx: AnnotationApply, options: Record<string, T>, caseInsensitive = false): T | undefined {
  const v = caseInsensitive ? ctx.value.trim().toLowerCase() : ctx.value.trim();
  if (Object.hasOwn(options, v)) return options[v];
  ctx.fail(`annotation ${ctx.key} must be one of ${Object.keys(options).join(", ")} (found ${shown(ctx.value)})`);
  return undefined;
}

/** Parses JSON; the error never quotes the value. */
export function json(ctx: AnnotationApply): unknown {
  try {
    return JSON.parse(ctx.value);
  } catch {
    ctx.fail(`annotation ${ctx.key} must hold valid JSON`);
    return undefined;
  }
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === "string");
}

export function containerByName(ctx: AnnotationApply, name: string): Container | undefined {
  const found = ctx.service.template.containers.find((c) => (c.name ?? "") === name);
  if (!found) ctx.fail(`annotation ${ctx.key} refers to container ${shown(name)}, which the template does not define`);
  return found;
}

export function forEachContainer(ctx: AnnotationApply, fn: (c: Container) => void): void {
  for (const c of ctx.service.template.containers) fn(c);
}

// ---------------------------------------------------------------------------------------------
// Rules
// ---------------------------------------------------------------------------------------------

export const field = (
  key: string,
  level: AnnotationLevel,
  target: string,
  apply: (ctx: AnnotationApply) => void,
): AnnotationRule => ({ key, level, kind: "field", target, apply });
export const output = (key: string, level: AnnotationLevel, target: string): AnnotationRule => ({
  key,
  level,
  kind: "output",
  target,
});
export const unsupported = (key: string, level: AnnotationLevel, target: string): AnnotationRule => ({
  key,
  level,
  kind: "unsupported",
  target,
});
