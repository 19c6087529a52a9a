// One Knative YAML per row of the annotation mapping table, plus the rows this converter adds. The
// service and revision rows are in test/annotation-rows-*.ts; every key in ANNOTATION_RULES must appear.
import { describe, expect, it } from "vitest";
import { type Level, type Row, RUN } from "../test/annotation-row.js";
import { revisionRows } from "../test/annotation-rows-revision.js";
import { serviceRows } from "../test/annotation-rows-service.js";
import { parseServiceManifest } from "./manifest.js";
import { ANNOTATION_RULES } from "./manifest-annotations.js";

function knative(level: Level, annotations: Record<string, string>): string {
  const lines = (indent: string) =>
    Object.entries(annotations)
      .map(([k, v]) => `${indent}${k}: ${JSON.stringify(v)}`)
      .join("\n");
  return [
    "apiVersion: serving.knative.dev/v1",
    "kind: Service",
    "metadata:",
    "  name: hello",
    ...(level === "service" ? ["  annotations:", lines("    ")] : []),
    "spec:",
    "  template:",
    ...(level === "revision" ? ["    metadata:", "      annotations:", lines("        ")] : []),
    "    spec:",
    "      containers:",
    "        - name: app",
    "          image: gcr.io/p/app:v1",
    "          ports: [{containerPort: 8080}]",
    "          env:",
    "            - name: DB_PASSWORD",
    "              valueFrom: {secretKeyRef: {name: db-pass, key: latest}}",
    "        - name: sidecar",
    "          image: gcr.io/p/sidecar:v1",
    "      volumes:",
    "        - name: creds",
    "          secret: {secretName: db-pass}",
  ].join("\n");
}

// ---- placement and namespace rules ----
const placementRows: Row[] = [
  {
    name: "revision annotation at service level",
    level: "service",
    key: "autoscaling.knative.dev/minScale",
    value: "1",
    error: "belongs in spec.template.metadata.annotations",
  },
  {
    name: "service annotation at revision level",
    level: "revision",
    key: `${RUN}ingress`,
    value: "all",
    error: "belongs in metadata.annotations",
  },
  {
    name: "unknown key in a reserved namespace",
    level: "revision",
    key: `${RUN}scaling-cpu-target`,
    value: "0.6",
    error: "cannot be mapped to a Cloud Run v2 field",
  },
  {
    name: "unknown key in a reserved subdomain",
    level: "service",
    key: "features.run.googleapis.com/x",
    value: "1",
    error: "cannot be mapped to a Cloud Run v2 field",
  },
  {
    name: "user annotation kept (service)",
    level: "service",
    key: "example.com/owner",
    value: "me",
    want: { annotations: { "example.com/owner": "me" } },
  },
  {
    name: "user annotation kept (revision)",
    level: "revision",
    key: "owner",
    value: "me",
    want: { template: { annotations: { owner: "me" } } },
  },
];

const rows: Row[] = [...serviceRows, ...revisionRows, ...placementRows];

describe("Knative annotation → v2 field", () => {
  it("covers every rule of the annotation table", () => {
    const covered = new Set(rows.map((r) => r.key));
    expect(ANNOTATION_RULES.map((r) => r.key).filter((k) => !covered.has(k))).toEqual([]);
  });

  it.each(rows)("$name", ({ level, key, value, want, warning, error }) => {
    const text = knative(level, { [key]: value });
    const result = parseServiceManifest(text, { fileName: "service.yaml" });
    const keyLine = text.split("\n").findIndex((l) => l.includes(`${key}:`)) + 1;
    if (error !== undefined) {
      expect(result.ok).toBe(false);
      if (result.ok) return;
      const found = result.errors.find((e) => e.message.includes(error));
      expect(found, JSON.stringify(result.errors)).toBeDefined();
      expect(found).toMatchObject({ line: keyLine, fileName: "service.yaml" });
      expect(found?.column).toBeGreaterThan(0);
      return;
    }
    expect(result.ok, JSON.stringify(!result.ok && result.errors)).toBe(true);
    if (!result.ok) return;
    if (want) expect(result.service).toMatchObject(want);
    // The system key never survives into the v2 annotations.
    if (!want?.annotations && !want?.template?.annotations) {
      expect(result.service.annotations?.[key]).toBeUndefined();
      expect(result.service.template.annotations?.[key]).toBeUndefined();
    }
    if (warning !== undefined) {
      const found = result.warnings.find((w) => w.message.includes(warning));
      expect(found, JSON.stringify(result.warnings)).toBeDefined();
      expect(found?.line).toBe(keyLine);
    } else {
      expect(result.warnings).toEqual([]);
    }
  });

  it("defaults cpuIdle to true (v1 CPU throttling) when cpu-throttling is absent", () => {
    const result = parseServiceManifest(knative("revision", { owner: "me" }));
    expect(result.ok && result.service.template.containers.map((c) => c.resources?.cpuIdle)).toEqual([true, true]);
  });
});
