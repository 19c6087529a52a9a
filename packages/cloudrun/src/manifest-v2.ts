/**
 * The v2 manifest form → model Service (the field schema is in manifest-v2-schema.ts).
 *
 * A v2 manifest is a Cloud Run Admin API v2 `Service` written as YAML (or JSON, which is YAML):
 * the proto JSON shape that `GET /v2/projects/…/services/…` returns and `gcloud`/Terraform users
 * know, e.g.
 *
 *     apiVersion: run.googleapis.com/v2   # optional marker
 *     kind: Service                       # optional marker
 *     name: hello                         # short id or projects/P/locations/L/services/hello
 *     ingress: INGRESS_TRAFFIC_ALL
 *     template:
 *       containers: [{image: us-docker.pkg.dev/cloudrun/container/hello}]
 *
 * Rules: field names are the proto JSON camelCase names (snake_case proto names are accepted too
 * and mean the same field); enums use the v2 value names; durations are `"300s"`, a number of
 * seconds, or `{seconds, nanos}`; int64 may be a number or a string. Output-only fields (`uid`,
 * `generation`, `conditions`, `trafficStatuses`, `etag`, …) are dropped with a warning so a
 * pasted GET response still loads. Anything else unknown is an error that names it. Labels and
 * annotations in reserved namespaces are errors (the v2 API rejects them).
 */
import {
  type Converted,
  type ConvertOptions,
  checkContainers,
  checkRevisionName,
  checkServiceId,
  checkTraffic,
  finishImages,
} from "./manifest-common.js";
import { type FieldType, type Schema, SERVICE } from "./manifest-v2-schema.js";
import type { Cur, Reader } from "./manifest-yaml.js";
import { reservedNamespaceOf, type Service } from "./model.js";

function camel(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_, ch: string) => ch.toUpperCase());
}

interface Located {
  value: Record<string, unknown>;
  /** Cursor of each field that was read, by camelCase name. */
  curs: Map<string, Cur>;
}

function readValue(r: Reader, c: Cur, type: FieldType): unknown {
  switch (type.t) {
    case "string":
      return r.isNull(c) ? undefined : r.string(c);
    case "int": {
      const range: { min?: number; max?: number } = {};
      if (type.min !== undefined) range.min = type.min;
      if (type.max !== undefined) range.max = type.max;
      return r.integer(c, range);
    }
    case "bool":
      return r.boolean(c);
    case "duration":
      return r.duration(c);
    case "enum":
      return r.enumValue(c, type.values);
    case "strings":
      return r.strings(c);
    case "map": {
      const entries = r.stringMap(c);
      if (!entries) return undefined;
      return Object.fromEntries(entries.map((e) => [e.key, e.value]));
    }
    case "msg":
      return r.isNull(c) ? undefined : readMessage(r, c, type.s).value;
    case "list": {
      const items = r.items(c);
      if (!items) return undefined;
      return items.map((item) => readMessage(r, item, type.s).value);
    }
    case "output":
      return undefined;
  }
}

function readMessage(r: Reader, c: Cur, schema: Schema, extra: readonly string[] = []): Located {
  const value: Record<string, unknown> = {};
  const curs = new Map<string, Cur>();
  const entries = r.entries(c);
  if (!entries) return { value, curs };
  for (const entry of entries) {
    if (extra.includes(entry.key)) continue;
    const name = camel(entry.key);
    const type = Object.hasOwn(schema.fields, name) ? schema.fields[name] : undefined;
    if (!type) {
      r.error(entry.keyCur, `unsupported field "${entry.key}" at ${entry.keyCur.path}: not a Cloud Run v2 field here`);
      continue;
    }
    if (curs.has(name)) {
      r.error(entry.keyCur, `field ${name} is given twice (camelCase and snake_case spellings)`);
      continue;
    }
    curs.set(name, entry.value);
    if (type.t === "output") {
      r.warn(entry.keyCur, `ignored output-only field ${entry.keyCur.path}`);
      continue;
    }
    const v = readValue(r, entry.value, type);
    if (v !== undefined) value[name] = v;
  }
  for (const field of schema.required ?? []) {
    if (value[field] === undefined || value[field] === "")
      r.error(c, `${c.path === "" ? "the service" : c.path} needs ${field}`);
  }
  for (const group of schema.oneofs ?? []) {
    const set = group.filter((f) => value[f] !== undefined);
    if (set.length > 1) r.error(c, `${c.path === "" ? "the service" : c.path}: set only one of ${group.join(", ")}`);
  }
  for (const group of schema.exactlyOne ?? []) {
    const set = group.filter((f) => value[f] !== undefined);
    if (set.length !== 1)
      r.error(
        c,
        `${c.path === "" ? "the service" : c.path}: set exactly one of ${group.join(", ")} (found ${set.length})`,
      );
  }
  return { value, curs };
}

/** Cursor of a child by camelCase or snake_case key (silent: shape errors are reported while reading values). */
function child(r: Reader, c: Cur | undefined, key: string): Cur | undefined {
  if (!c) return undefined;
  return r.peekEntries(c).find((e) => camel(e.key) === key)?.value;
}

function childItems(r: Reader, c: Cur | undefined): Cur[] {
  return c ? r.peekItems(c) : [];
}

const FULL_NAME = /^projects\/([^/]+)\/locations\/([^/]+)\/services\/([^/]+)$/;

function checkReserved(r: Reader, c: Cur | undefined, what: "label" | "annotation"): void {
  if (!c) return;
  for (const e of r.peekEntries(c)) {
    const ns = reservedNamespaceOf(e.key);
    if (ns)
      r.error(
        e.keyCur,
        `${what} ${e.key} is in the ${ns} namespace, which the v2 API rejects; use the typed v2 field instead`,
      );
  }
}

export function convertV2(r: Reader, root: Cur, options: ConvertOptions): Converted | undefined {
  const errorsBefore = r.errors.length;
  const { value } = readMessage(r, root, SERVICE, ["apiVersion", "kind"]);
  const kindCur = child(r, root, "kind");
  if (kindCur) {
    const kind = r.string(kindCur);
    if (kind !== "Service") r.error(kindCur, "kind must be Service");
  }
  const service = value as unknown as Service;
  if (!service.template) service.template = { containers: [] };
  if (!service.template.containers) service.template.containers = [];
  const out: Converted = { service };

  const nameCur = child(r, root, "name");
  if (service.name && nameCur) {
    const full = FULL_NAME.exec(service.name);
    if (full) {
      out.project = full[1] as string;
      out.location = full[2] as string;
      service.name = full[3] as string;
    } else if (service.name.includes("/")) {
      r.error(nameCur, "name must be a service id or projects/PROJECT/locations/LOCATION/services/SERVICE");
    }
    checkServiceId(r, nameCur, service.name);
  }

  const templateCur = child(r, root, "template");
  const revisionCur = child(r, templateCur, "revision");
  if (revisionCur && service.template.revision)
    checkRevisionName(r, revisionCur, service.template.revision, service.name);

  checkReserved(r, child(r, root, "labels"), "label");
  checkReserved(r, child(r, root, "annotations"), "annotation");
  checkReserved(r, child(r, templateCur, "labels"), "label");
  checkReserved(r, child(r, templateCur, "annotations"), "annotation");

  const containersCur = child(r, templateCur, "containers");
  const containerCurs = childItems(r, containersCur);
  const imageCurs = containerCurs.map((c) => child(r, c, "image"));
  if (templateCur && containerCurs.length === service.template.containers.length) {
    checkContainers(r, service.template.containers, containerCurs, containersCur ?? templateCur);
    for (const c of service.template.containers) if (c.image === undefined) c.image = "";
    finishImages(r, service.template.containers, containerCurs, imageCurs, options);
  }

  const trafficCur = child(r, root, "traffic");
  if (service.traffic && trafficCur && r.errors.length === errorsBefore)
    checkTraffic(r, service.traffic, childItems(r, trafficCur), trafficCur, service.name);

  return out;
}
