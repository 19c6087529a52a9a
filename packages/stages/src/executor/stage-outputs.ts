/**
 * The outputs a stage shows in the PipeCD UI (revision, service, URLs), stored as stage metadata.
 */
import type { Service } from "@cr/cloudrun/pure";
import type { StageContext } from "./context.js";

export async function putStageOutputs(ctx: StageContext, outputs: Record<string, string | undefined>) {
  const record: Record<string, string> = {};
  for (const [k, v] of Object.entries(outputs)) if (v !== undefined && v !== "") record[k] = v;
  await ctx.call("storing the stage outputs", () => ctx.metadata.putStage(record));
}

/** The URL Cloud Run reports for a tag, if any. */
export function tagUrl(service: Service, tag: string | undefined): string | undefined {
  if (tag === undefined) return undefined;
  return service.trafficStatuses?.find((t) => t.tag === tag)?.uri;
}

export function serviceUrl(service: Service): string | undefined {
  return service.uri ?? service.urls?.[0];
}
