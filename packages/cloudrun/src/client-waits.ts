/**
 * The client's waits: a mutation's long-running operation (with the failed revision's reason when it
 * fails) and a service until it is ready by the one readiness rule of readiness.ts.
 */

import type { MutationOptions, WaitUntilReadyOptions } from "./client-options.js";
import { type CloudRunRpc, raceAbort, withDeadline } from "./client-rpc.js";
import { revisionFromApi, serviceFromApi } from "./convert.js";
import { abortError, CloudRunError, codeFromGrpcStatus } from "./errors.js";
import type { IOperation, Runtime } from "./gax-runtime.js";
import { type Service, shortName } from "./model.js";
import { nextDelay, waitForOperation } from "./operation-wait.js";
import {
  assessRevisionReadiness,
  assessServiceReadiness,
  conditionReason,
  type ReadinessAssessment,
} from "./readiness.js";
import { parseRevisionName } from "./resource-names.js";
import { sleep } from "./retry.js";

/**
 * Polls the service until it is ready (see `readiness.ts`), and returns it. A definitive
 * `Ready=False` fails at once with `FailedPrecondition`, the condition's reason and message (the
 * latest created revision's own `Ready` condition is preferred when it has failed). The deadline
 * gives `DeadlineExceeded`; an abort gives `Cancelled`; a missing service `NotFound`.
 */
export async function waitUntilServiceReady(
  rpc: CloudRunRpc,
  name: string,
  options: WaitUntilReadyOptions,
): Promise<Service> {
  const started = performance.now();
  let last: ReadinessAssessment | undefined;
  const deadline = withDeadline(
    options.signal,
    options.timeoutMs,
    () =>
      new CloudRunError(
        "DeadlineExceeded",
        `${shortName(name)} was not ready within ${options.timeoutMs} ms (${last?.summary ?? "not read yet"})`,
      ),
  );
  try {
    let delay = rpc.poll.initialMs;
    for (;;) {
      const service = serviceFromApi(await rpc.readService(name, deadline.signal));
      const assessment = assessServiceReadiness(service);
      if (assessment.summary !== last?.summary) {
        options.onProgress?.({ ...assessment, service, elapsedMs: Math.round(performance.now() - started) });
      }
      last = assessment;
      if (assessment.state === "ready") return service;
      if (assessment.state === "failed") throw await readinessFailure(rpc, service, assessment, deadline.signal);
      await sleep(delay, deadline.signal);
      delay = nextDelay(delay, rpc.poll);
    }
  } catch (error) {
    if (deadline.signal.aborted) throw abortError(deadline.signal);
    throw error;
  } finally {
    deadline.dispose();
  }
}

/**
 * Waits for a long-running operation until done, within `timeoutMs`; an operation that ends in
 * error becomes a CloudRunError (with the failed revision's reason when it can be read).
 */
export async function awaitOperation(
  rpc: CloudRunRpc,
  rt: Runtime,
  kind: "service" | "revision",
  method: string,
  resource: string,
  initial: IOperation | undefined,
  options: MutationOptions,
): Promise<IOperation> {
  if (!initial?.name && !initial?.done) {
    throw new CloudRunError("Internal", `${method} ${resource}: the server returned no operation`);
  }
  const timeoutMs = options.timeoutMs ?? rpc.operationTimeoutMs;
  const operationName = initial.name ?? "";
  const deadline = withDeadline(
    options.signal,
    timeoutMs,
    () =>
      new CloudRunError(
        "DeadlineExceeded",
        `${method} ${resource}: operation ${shortName(operationName)} did not finish within ${timeoutMs} ms`,
      ),
  );
  let op: IOperation;
  try {
    op = await waitForOperation(initial, {
      operationName,
      signal: deadline.signal,
      deadlineAt: performance.now() + timeoutMs,
      rpcTimeoutMs: rpc.rpcTimeoutMs,
      poll: rpc.poll,
      call: (method, fn) => rpc.call(method, operationName, "read", deadline.signal, fn),
      wait: (waitMs, o) => rt.waitOperation(operationName, waitMs, o),
      get: (o) => rt.getOperation(operationName, o),
    });
  } catch (error) {
    if (deadline.signal.aborted) throw abortError(deadline.signal);
    throw error;
  } finally {
    deadline.dispose();
  }
  if (op.error) throw await operationFailure(rpc, rt, kind, method, resource, op, options.signal);
  return op;
}

async function operationFailure(
  rpc: CloudRunRpc,
  rt: Runtime,
  kind: "service" | "revision",
  method: string,
  resource: string,
  op: IOperation,
  signal: AbortSignal,
): Promise<CloudRunError> {
  const status = op.error ?? {};
  const grpcCode = typeof status.code === "number" ? status.code : 2;
  const code = codeFromGrpcStatus(grpcCode) ?? "Internal";
  const text = status.message || "the operation failed";
  let reason: string | undefined;
  if (kind === "service" && !signal.aborted) {
    const service = rpc.decodeService(rt, op.metadata);
    reason =
      (await failedRevisionReadiness(rpc, service, signal))?.reason ?? conditionReason(service?.terminalCondition);
  }
  // The write was accepted: what it did may be live, so the caller reads it back.
  return new CloudRunError(code, `${method} ${resource}: ${text}`, {
    grpcCode,
    afterAccepted: true,
    ...(reason ? { reason } : {}),
  });
}

/** The latest created revision's assessment when it has failed (best effort, one attempt). */
async function failedRevisionReadiness(
  rpc: CloudRunRpc,
  service: Service | undefined,
  signal: AbortSignal,
): Promise<ReadinessAssessment | undefined> {
  const latest = service?.latestCreatedRevision;
  if (!latest || !parseRevisionName(latest)) return undefined;
  try {
    const rt = await rpc.rt();
    const [revision] = await raceAbort(
      rt.revisions.getRevision({ name: latest }, { timeout: Math.min(rpc.rpcTimeoutMs, 5000), retry: null, signal }),
      signal,
    );
    const assessment = assessRevisionReadiness(revisionFromApi(revision));
    return assessment.state === "failed" ? assessment : undefined;
  } catch {
    return undefined;
  }
}

async function readinessFailure(
  rpc: CloudRunRpc,
  service: Service,
  assessment: ReadinessAssessment,
  signal: AbortSignal,
): Promise<CloudRunError> {
  const revision = await failedRevisionReadiness(rpc, service, signal);
  const reason = revision?.reason ?? assessment.reason;
  const message = revision?.message ?? assessment.message ?? "no message";
  const subject = service.latestCreatedRevision
    ? `${shortName(service.name ?? "")} (revision ${shortName(service.latestCreatedRevision)})`
    : shortName(service.name ?? "");
  return new CloudRunError("FailedPrecondition", `${subject} is not ready: ${reason ?? "UNKNOWN"}: ${message}`, {
    ...(reason ? { reason } : {}),
  });
}
