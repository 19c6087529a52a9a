/**
 * From the manifest text to the desired Service the stages apply (pure).
 */
import {
  ingressContainerIndex,
  type ManifestIssue,
  parseServiceManifest,
  revisionName,
  SERVICE_OUTPUT_ONLY_FIELDS,
  type Service,
  serviceIdProblems,
  shortName,
} from "@cr/cloudrun/pure";
import type { DeploymentInfo, ManifestSource } from "../types.js";
import { pipecdLabels } from "./labels.js";

export interface DesiredServiceInput {
  manifest: ManifestSource;
  imageOverride?: string;
  deployment: Pick<DeploymentInfo, "pipedId" | "applicationId" | "targetCommit">;
}

/** The service a deployment writes, built from the manifest, with the ids and images it names. */
export interface DesiredService {
  /** Short service id (`metadata.name` / `name` of the manifest). */
  serviceId: string;
  /** The candidate revision id: the manifest's explicit name, or `<service>-<version>-<commit7>`. */
  candidate: string;
  /** Whether {@link candidate} came from the manifest or was generated. */
  candidateSource: "explicit" | "generated";
  /**
   * The service to apply: the manifest's, with the image override, `template.revision` set to the
   * candidate, the PipeCD labels on the service and on the template, no output-only fields, no
   * etag, and NO traffic (the stages decide the traffic).
   */
  service: Service;
  /** Images of every container, in order (ingress container's image already overridden). */
  images: string[];
  /** Secret-free notes for the log (manifest warnings, ignored traffic block). */
  warnings: string[];
}

export type DesiredServiceResult = ({ ok: true } & DesiredService) | { ok: false; errors: string[] };

/** `service.yaml:12:7: spec.template.spec.containers[0].image: message` — never includes values. */
export function formatManifestIssue(issue: ManifestIssue, fallbackFile: string): string {
  const file = issue.fileName ?? fallbackFile;
  const where = issue.line > 0 ? `${file}:${issue.line}:${issue.column}` : file;
  return issue.path ? `${where}: ${issue.path}: ${issue.message}` : `${where}: ${issue.message}`;
}

/**
 * Parses the manifest (errors name the problem and its line/column and never echo values) and
 * builds the desired service. Deterministic: the same input gives the same service and candidate,
 * so re-running a stage converges on one revision.
 */
export function buildDesiredService(input: DesiredServiceInput): DesiredServiceResult {
  const { manifest, deployment } = input;
  const parsed = parseServiceManifest(manifest.text, {
    fileName: manifest.fileName,
    ...(input.imageOverride === undefined ? {} : { imageOverride: input.imageOverride }),
  });
  if (!parsed.ok) {
    return { ok: false, errors: parsed.errors.map((e) => formatManifestIssue(e, manifest.fileName)) };
  }
  const warnings = parsed.warnings.map((w) => formatManifestIssue(w, manifest.fileName));
  const source = parsed.service;

  const serviceId = source.name ? shortName(source.name) : "";
  if (serviceId === "") {
    return { ok: false, errors: [`${manifest.fileName}: the manifest does not name the service (metadata.name)`] };
  }
  const idProblems = serviceIdProblems(serviceId);
  if (idProblems.length > 0) {
    return { ok: false, errors: [`${manifest.fileName}: invalid service name: ${idProblems.join("; ")}`] };
  }
  const containers = source.template.containers;
  const ingress = containers[ingressContainerIndex(containers)];
  if (!ingress) return { ok: false, errors: [`${manifest.fileName}: the service template has no container`] };

  const named = revisionName({
    service: serviceId,
    image: ingress.image,
    commit: deployment.targetCommit,
    ...(source.template.revision ? { explicitName: shortName(source.template.revision) } : {}),
  });
  if (!named.ok) return { ok: false, errors: [`${manifest.fileName}: ${named.error}`] };

  const labels = pipecdLabels(deployment);
  const service: Service = structuredClone(source);
  for (const field of SERVICE_OUTPUT_ONLY_FIELDS) delete service[field];
  delete service.etag;
  if (service.traffic !== undefined) {
    if (service.traffic.length > 0) {
      warnings.push(
        `${manifest.fileName}: the manifest's traffic block is ignored: the stages of this plugin decide the traffic split`,
      );
    }
    delete service.traffic;
  }
  service.name = serviceId;
  service.labels = { ...(service.labels ?? {}), ...labels };
  service.template = {
    ...service.template,
    revision: named.name,
    labels: { ...(service.template.labels ?? {}), ...labels },
  };

  return {
    ok: true,
    serviceId,
    candidate: named.name,
    candidateSource: named.source,
    service,
    images: containers.map((c) => c.image),
    warnings,
  };
}
