/** Every RPC the emulator answers (implemented or UNIMPLEMENTED), by short name. */
export const METHOD_NAMES = [
  "CreateService",
  "GetService",
  "ListServices",
  "UpdateService",
  "DeleteService",
  "GetIamPolicy",
  "SetIamPolicy",
  "TestIamPermissions",
  "GetRevision",
  "ListRevisions",
  "DeleteRevision",
  "ListOperations",
  "GetOperation",
  "DeleteOperation",
  "CancelOperation",
  "WaitOperation",
] as const;

/** One of {@link METHOD_NAMES}. */
export type MethodName = (typeof METHOD_NAMES)[number];

/** Methods that change Cloud Run services, revisions or policies (unless `validate_only`). */
export const WRITE_METHODS: ReadonlySet<MethodName> = new Set<MethodName>([
  "CreateService",
  "UpdateService",
  "DeleteService",
  "SetIamPolicy",
  "DeleteRevision",
]);

/** Methods whose answer is a long-running operation. */
export const LRO_METHODS: ReadonlySet<MethodName> = new Set<MethodName>([
  "CreateService",
  "UpdateService",
  "DeleteService",
  "DeleteRevision",
]);

export function isMethodName(value: unknown): value is MethodName {
  return typeof value === "string" && (METHOD_NAMES as readonly string[]).includes(value);
}

type Req = Record<string, unknown>;

const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);

/** The resource a request acts on: its name, its service's name, or its parent. */
export function requestResource(method: MethodName, req: Req): string | undefined {
  const service = req.service as Req | undefined;
  if (method === "CreateService") {
    const parent = str(req.parent);
    const id = str(req.serviceId);
    return parent && id ? `${parent}/services/${id}` : parent;
  }
  return str(req.name) ?? str(service?.name) ?? str(req.resource) ?? str(req.parent);
}

function summarizeService(service: Req): Req {
  const template = (service.template ?? {}) as Req;
  const containers = (template.containers ?? []) as Req[];
  const out: Req = {};
  if (str(service.name)) out.name = service.name;
  if (str(service.etag)) out.etag = service.etag;
  if (str(template.revision)) out.revision = template.revision;
  if (containers.length > 0) out.images = containers.map((c) => c.image ?? "");
  if (Array.isArray(service.traffic) && service.traffic.length > 0) out.traffic = structuredClone(service.traffic);
  if (service.labels && Object.keys(service.labels).length > 0) out.labels = structuredClone(service.labels);
  return out;
}

/** A compact, JSON-friendly view of a request for the journal. */
export function summarizeRequest(req: Req): Req {
  const out: Req = {};
  for (const [key, value] of Object.entries(req)) {
    if (key === "service" && typeof value === "object" && value !== null) out.service = summarizeService(value as Req);
    else if (key === "updateMask") out.updateMask = (value as { paths?: string[] } | null)?.paths ?? [];
    else if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") out[key] = value;
  }
  return out;
}
