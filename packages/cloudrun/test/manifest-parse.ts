// Shared helpers of the manifest tests: the fixture files, a minimal Knative manifest builder and
// unwrapping a parse result that must have succeeded or failed.
import { readFileSync } from "node:fs";
import type { ManifestIssue, ParseManifestResult } from "../src/manifest.js";

/** The text of a file in `src/__fixtures__/`. */
export const fixture = (name: string) => readFileSync(new URL(`../src/__fixtures__/${name}`, import.meta.url), "utf8");

/** The successful result (fails the test with the errors otherwise). */
export function ok(result: ParseManifestResult): Extract<ParseManifestResult, { ok: true }> {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.errors, null, 2)}`);
  return result;
}

/** The errors of a failed result (fails the test when the manifest parsed). */
export function errors(result: ParseManifestResult): ManifestIssue[] {
  if (result.ok) throw new Error("expected errors, got a service");
  return result.errors;
}

/** A minimal Knative manifest; `container` lines are indented under the first container. */
export function knative(
  opts: { container?: string[]; templateSpec?: string[]; spec?: string[]; metadata?: string[] } = {},
): string {
  return [
    "apiVersion: serving.knative.dev/v1",
    "kind: Service",
    "metadata:",
    "  name: hello",
    ...(opts.metadata ?? []).map((l) => `  ${l}`),
    "spec:",
    "  template:",
    "    spec:",
    ...(opts.templateSpec ?? []).map((l) => `      ${l}`),
    "      containers:",
    "        - image: gcr.io/p/app:v1",
    ...(opts.container ?? []).map((l) => `          ${l}`),
    ...(opts.spec ?? []).map((l) => `  ${l}`),
  ].join("\n");
}
