import { toCloudRunError } from "@cr/cloudrun";
import type { ApplicationSpec, DeployTargetConfig, PluginConfig } from "@cr/config";
import type { PlanPreviewPlugin } from "@cr/sdk-host";
import { planPreview, renderPlanPreview } from "@cr/stages";
import { envValuesOf, failedPlanPreview, type ValidationResult } from "@cr/stages/internal";
import type { CloudRunClients } from "./clients.js";
import { loadDesiredService } from "./desired-service.js";

/**
 * GetPlanPreview: per deploy target, what deploying the target commit would change (read with one
 * GetService) and, for an existing service, Cloud Run's verdict on the first write of such a
 * deployment, sent with `validate_only` (nothing is changed).
 */
export function cloudRunPlanPreview(
  clients: CloudRunClients,
): PlanPreviewPlugin<PluginConfig, DeployTargetConfig, ApplicationSpec> {
  return {
    async getPlanPreview(input, ctx) {
      const loaded = await loadDesiredService(input.targetSource, input, (values) => ctx.secrets.add(values));
      if (!loaded.ok) {
        const summary = `Cannot preview: ${loaded.problem.charAt(0).toLowerCase()}${loaded.problem.slice(1)}`;
        return input.deployTargets.map((t) => failedPlanPreview(t.name, summary, loaded.errors));
      }
      const { desired } = loaded;
      const signal = ctx.signal;
      return Promise.all(
        input.deployTargets.map(async (target) => {
          const client = clients.for(target, ctx.logger);
          let live: Awaited<ReturnType<typeof client.getService>>;
          try {
            live = await client.getService(desired.serviceId, { signal });
            ctx.secrets.add(envValuesOf([live]));
          } catch (error) {
            const e = toCloudRunError(error);
            const message = `reading service ${desired.serviceId} failed: ${e.code}: ${e.message}`;
            return failedPlanPreview(target.name, `Cannot preview: ${message}`, [message]);
          }
          const plan = planPreview(desired, live);
          let validation: ValidationResult | undefined;
          if (live !== null && plan.validate !== undefined) {
            try {
              await client.createOrUpdateService(plan.validate.service, {
                validateOnly: true,
                ...(plan.validate.etag === undefined ? {} : { etag: plan.validate.etag }),
                signal,
              });
              validation = { ok: true };
            } catch (error) {
              const e = toCloudRunError(error);
              // Env values of both services are registered secrets: the host hides them in the preview.
              validation = { ok: false, code: e.code, message: e.message };
            }
          }
          return renderPlanPreview(plan, {
            deployTarget: target.name,
            targetCommit: input.targetSource.commitHash,
            ...(validation === undefined ? {} : { validation }),
          });
        }),
      );
    },
  };
}
