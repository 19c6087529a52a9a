// PlanPreviewService handlers: turn piped's requests into calls on the plugin's PlanPreviewPlugin.
import type { CallEnv } from "./deployment-service.js";
import { HostError } from "./errors.js";
import type { GetPlanPreviewRequest, GetPlanPreviewResponse } from "./gen/plugin/planpreview/v1alpha1/api.js";
import type { PlanPreviewPlugin } from "./plugin.js";
import { requireNonEmpty, requirePresent } from "./request-checks.js";
import { callContext, type HostRuntime } from "./runtime.js";
import { decodeSource, resolveDeployTargets } from "./wire-convert.js";

export function planPreviewHandlers<C, T, S>(runtime: HostRuntime<C, T, S>, plugin: PlanPreviewPlugin<C, T, S>) {
  const { config, definition } = runtime;
  const validate = definition.validators.applicationSpec;
  return {
    async getPlanPreview(req: GetPlanPreviewRequest, env: CallEnv): Promise<GetPlanPreviewResponse> {
      requireNonEmpty(req.applicationId, "application_id");
      const target = requirePresent(req.targetDeploymentSource, "target_deployment_source");
      const deployTargets = resolveDeployTargets(req.deployTargets, config.deployTargets);
      const results = await plugin
        .getPlanPreview(
          {
            pipedId: req.pipedId,
            applicationId: req.applicationId,
            applicationName: req.applicationName,
            targetSource: decodeSource(target, config.name, validate, "target"),
            runningSource: req.runningDeploymentSource
              ? decodeSource(req.runningDeploymentSource, config.name, validate, "running")
              : undefined,
            deployTargets,
          },
          callContext(runtime, env.signal),
        )
        .catch((error) => {
          throw HostError.from(error, "failed to get plan preview");
        });
      const redact = (text: string) => runtime.redactor.redact(text);
      return {
        results: results.map((r) => ({
          deployTarget: r.deployTarget,
          summary: redact(r.summary),
          noChange: r.noChange,
          details: Buffer.from(redact(r.details), "utf8"),
          diffLanguage: r.diffLanguage ?? "",
        })),
      };
    },
  };
}
