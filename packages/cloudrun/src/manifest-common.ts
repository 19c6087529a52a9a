/**
 * Pieces shared by the Knative and v2 manifest converters.
 */
import { parseImageRef } from "./image.js";
import type { Cur, Reader } from "./manifest-yaml.js";
import type { Container, Service, TrafficTarget } from "./model.js";
import { revisionNameProblems, serviceIdProblems } from "./naming.js";
import { fromTrafficTargets } from "./traffic.js";
import { validateSplit } from "./traffic-check.js";

/** The items of a list read with `read`, without the ones it rejects; undefined when none is left. */
export function readList<T>(r: Reader, c: Cur, read: (item: Cur) => T | undefined): T[] | undefined {
  const out: T[] = [];
  for (const item of r.items(c) ?? []) {
    const value = read(item);
    if (value !== undefined) out.push(value);
  }
  return out.length > 0 ? out : undefined;
}

export interface ConvertOptions {
  imageOverride?: string;
}

export interface Converted {
  service: Service;
  /** From Knative `metadata.namespace` or a v2 full resource name. */
  project?: string;
  /** From the Knative `cloud.googleapis.com/location` label or a v2 full resource name. */
  location?: string;
}

/**
 * Index of the ingress container: the one that declares a port (Cloud Run allows only one);
 * when none does, the first container.
 */
export function ingressContainerIndex(containers: readonly Pick<Container, "ports">[]): number {
  const i = containers.findIndex((c) => (c.ports ?? []).length > 0);
  return Math.max(i, 0);
}

/**
 * Applies `imageOverride` to the ingress container, then checks that every container has a valid
 * image reference. `containerCurs[i]` / `imageCurs[i]` locate errors.
 */
export function finishImages(
  r: Reader,
  containers: Container[],
  containerCurs: Cur[],
  imageCurs: (Cur | undefined)[],
  options: ConvertOptions,
): void {
  if (options.imageOverride !== undefined && containers.length > 0) {
    const i = ingressContainerIndex(containers);
    const target = containers[i] as Container;
    const at = imageCurs[i] ?? (containerCurs[i] as Cur);
    const parsed = parseImageRef(options.imageOverride);
    if (!parsed.ok) r.error(at, `imageOverride: ${parsed.error}`);
    else target.image = parsed.image.reference;
  }
  containers.forEach((c, i) => {
    const at = imageCurs[i] ?? (containerCurs[i] as Cur);
    if (c.image === "") {
      r.error(at, `${(containerCurs[i] as Cur).path} has no image`);
      return;
    }
    const parsed = parseImageRef(c.image);
    if (!parsed.ok) r.error(at, parsed.error);
  });
}

/** Validates a service id at `at`. */
export function checkServiceId(r: Reader, at: Cur, id: string): void {
  const problems = serviceIdProblems(id);
  if (problems.length > 0) r.error(at, `invalid service name: ${problems.join("; ")}`);
}

/** Validates an explicit revision name against the service id. */
export function checkRevisionName(r: Reader, at: Cur, name: string, service: string | undefined): void {
  const problems = revisionNameProblems(name, service);
  if (problems.length > 0) r.error(at, `invalid revision name "${name}": ${problems.join("; ")}`);
}

const CONTAINER_NAME = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/;

/** Checks that container names are valid and unique and that at most one container declares ports. */
export function checkContainers(r: Reader, containers: Container[], containerCurs: Cur[], parent: Cur): void {
  if (containers.length === 0) r.error(parent, `${parent.path} must define at least one container`);
  const names = new Map<string, number>();
  containers.forEach((c, i) => {
    if (!c.name) return;
    if (!CONTAINER_NAME.test(c.name) || c.name.length > 63)
      r.error(
        containerCurs[i] as Cur,
        `container name "${c.name}" must be an RFC 1123 label: lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, at most 63 characters`,
      );
    if (names.has(c.name)) r.error(containerCurs[i] as Cur, `container name "${c.name}" is used twice`);
    names.set(c.name, i);
  });
  if (containers.length > 1 && containers.some((c) => !c.name))
    r.error(parent, "every container needs a name when the template has more than one container");
  const withPorts = containers.filter((c) => (c.ports ?? []).length > 0).length;
  if (withPorts > 1) r.error(parent, "only one container (the ingress container) may declare ports");
  containers.forEach((c, i) => {
    if ((c.ports ?? []).length > 1) r.error(containerCurs[i] as Cur, "a container may declare at most one port");
  });
}

/**
 * Validates desired traffic like the API does (percents sum to 100, unique valid tags, one
 * percent-bearing entry per target). `itemCurs[i]` locates entry i; `parent` the list.
 */
export function checkTraffic(
  r: Reader,
  traffic: readonly TrafficTarget[],
  itemCurs: readonly Cur[],
  parent: Cur,
  service: string | undefined,
): void {
  if (traffic.length === 0) return;
  const options = service !== undefined && service !== "" ? { service } : {};
  for (const problem of validateSplit(fromTrafficTargets(traffic), options)) {
    const at = problem.index === null ? parent : (itemCurs[problem.index] ?? parent);
    r.error(at, `traffic: ${problem.message}`);
  }
}
