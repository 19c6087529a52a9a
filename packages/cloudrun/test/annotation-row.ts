// The row type of the annotation mapping table (manifest-annotations.test.ts) and the helpers its
// fixture modules share.
import type { Service } from "../src/model.js";

/** Where a row puts its annotation: metadata.annotations or spec.template.metadata.annotations. */
export type Level = "service" | "revision";

type DeepPartial<T> = T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

/** One annotation on a Knative manifest and what converting it must give. */
export interface Row {
  name: string;
  level: Level;
  key: string;
  value: string;
  /** Expected subset of the converted service. */
  want?: DeepPartial<Service>;
  /** Expected warning text (substring). */
  warning?: string;
  /** Expected error text (substring); the error must point at the annotation's line. */
  error?: string;
}

/** A row of a table whose level is the table's unless the row says otherwise. */
export type SectionRow = Omit<Row, "level"> & { level?: Level };

/** The rows of a table, each with the table's level unless it names its own. */
export const atLevel = (level: Level, rows: SectionRow[]): Row[] => rows.map((row) => ({ level, ...row }));

/** The Cloud Run annotation namespace. */
export const RUN = "run.googleapis.com/";

/** A row named after its `run.googleapis.com/` key. */
export const runKey = (name: string, value: string, outcome: Pick<Row, "want" | "warning" | "error">): SectionRow => ({
  name,
  key: `${RUN}${name}`,
  value,
  ...outcome,
});

/** A row of an output-only or tool annotation: dropped with a warning that names it. */
export const dropped = (name: string, key: string, value: string): SectionRow => ({
  name,
  key,
  value,
  warning: `dropped output-only annotation ${key}`,
});

/** Expected containers of the two-container fixture (`b` defaults to `a`). */
export const containers = (a: object, b: object = a) => ({ template: { containers: [a, b] } }) as DeepPartial<Service>;
