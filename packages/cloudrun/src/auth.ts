/**
 * Where the client connects and how it authenticates.
 *
 * Resolution order ({@link planConnection}):
 * 1. `CLOUD_RUN_EMULATOR_HOST=host:port` in the environment (Google's `*_EMULATOR_HOST`
 *    convention): plaintext gRPC to that address with a fixed fake token, so nothing ever looks up
 *    credentials or probes the GCE metadata server.
 * 2. Otherwise TLS, to the deploy target's `endpoint` (`host:port`) when set, else the client
 *    library's default endpoint (`run.googleapis.com:443`), authenticated with
 *    3. the deploy target's `credentialsFile` (a service-account or external-account JSON key), or
 *    4. Application Default Credentials.
 * Both use the `cloud-platform` scope.
 *
 * Libraries (`@grpc/grpc-js`, `google-auth-library`) are imported on first use only.
 */

import { readFile, stat } from "node:fs/promises";
import type { DeployTargetConfig } from "@cr/config";
import { CloudRunError } from "./errors.js";
import { loadClientDependency } from "./optional-dependency.js";

/** The environment variable that points the client at an emulator (`host:port`, plaintext, fake token). */
export const EMULATOR_HOST_ENV = "CLOUD_RUN_EMULATOR_HOST";
export const CLOUD_PLATFORM_SCOPE = "https://www.googleapis.com/auth/cloud-platform";
/** The access token sent to an emulator (it accepts anything; no real credential is involved). */
export const EMULATOR_ACCESS_TOKEN = "emulator";

export interface HostPort {
  host: string;
  port: number;
}

export type ConnectionPlan =
  | { kind: "emulator"; host: string; port: number }
  | { kind: "google"; endpoint?: HostPort; credentials: { kind: "file"; path: string } | { kind: "adc" } };

/** Parses `host:port` (IPv6 hosts in brackets: `[::1]:8080`). */
export function parseHostPort(value: string, what: string): HostPort {
  const m = /^(\[[0-9A-Fa-f:.]+\]|[^:[\]/\s]+):(\d{1,5})$/.exec(value.trim());
  const port = m ? Number(m[2]) : Number.NaN;
  if (!m || !(port >= 1 && port <= 65535)) {
    throw new CloudRunError(
      "InvalidArgument",
      `${what} must be host:port (e.g. 127.0.0.1:8080), got ${JSON.stringify(value)}`,
    );
  }
  return { host: m[1]!, port };
}

/** Decides the connection from the deploy target and the environment (pure). */
export function planConnection(
  target: Pick<DeployTargetConfig, "credentialsFile" | "endpoint">,
  env: Readonly<Record<string, string | undefined>> = process.env,
): ConnectionPlan {
  const emulator = env[EMULATOR_HOST_ENV];
  if (emulator !== undefined && emulator.trim() !== "") {
    return { kind: "emulator", ...parseHostPort(emulator, EMULATOR_HOST_ENV) };
  }
  const plan: ConnectionPlan = {
    kind: "google",
    credentials: target.credentialsFile ? { kind: "file", path: target.credentialsFile } : { kind: "adc" },
  };
  if (target.endpoint) plan.endpoint = parseHostPort(target.endpoint, "endpoint");
  return plan;
}

/** Key types accepted in a credentials file. */
export const ACCEPTED_CREDENTIAL_TYPES: readonly string[] = ["service_account", "external_account"];

/**
 * Reads and checks a credentials file once: JSON of an accepted `type`. A file readable by group or
 * others is reported through `warn` (Kubernetes mounts secrets 0644 by default, so it does not fail).
 * Errors name the path but never include the file's content.
 */
export async function readCredentialsFile(path: string, warn?: (message: string) => void): Promise<object> {
  let text: string;
  try {
    const info = await stat(path);
    if ((info.mode & 0o077) !== 0 && warn) {
      warn(
        `credentials file ${path} is readable by group or others (mode ${(info.mode & 0o777).toString(8)}); restrict it to its owner (chmod 600)`,
      );
    }
    text = await readFile(path, "utf8");
  } catch (error) {
    const errno = (error as { code?: unknown }).code;
    throw new CloudRunError(
      "Unauthenticated",
      `cannot read credentials file ${path}${typeof errno === "string" ? ` (${errno})` : ""}`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // No cause: JSON.parse messages quote the file's content.
    throw new CloudRunError("Unauthenticated", `credentials file ${path} is not valid JSON`);
  }
  const type = typeof parsed === "object" && parsed !== null ? (parsed as { type?: unknown }).type : undefined;
  if (typeof type !== "string" || !ACCEPTED_CREDENTIAL_TYPES.includes(type)) {
    throw new CloudRunError(
      "Unauthenticated",
      `credentials file ${path} has type ${typeof type === "string" ? JSON.stringify(type) : "(none)"}; expected one of ${ACCEPTED_CREDENTIAL_TYPES.join(", ")}`,
    );
  }
  return parsed as object;
}

/** Options for the `@google-cloud/run` client constructors (google-gax `ClientOptions`). */
export type GaxClientOptions = NonNullable<ConstructorParameters<typeof import("@google-cloud/run").ServicesClient>[0]>;

/** Builds the client constructor options for a plan (imports grpc-js and google-auth-library lazily). */
export async function clientOptionsFor(
  plan: ConnectionPlan,
  warn?: (message: string) => void,
): Promise<GaxClientOptions> {
  if (plan.kind === "emulator") {
    const [grpc, { OAuth2Client }] = await Promise.all([
      loadClientDependency("@grpc/grpc-js", () => import("@grpc/grpc-js")),
      loadGoogleAuth(),
    ]);
    const authClient = new OAuth2Client();
    authClient.setCredentials({ access_token: EMULATOR_ACCESS_TOKEN });
    return {
      apiEndpoint: plan.host,
      port: plan.port,
      sslCreds: grpc.credentials.createInsecure(),
      authClient,
      universeDomain: "googleapis.com",
    };
  }
  const { GoogleAuth } = await loadGoogleAuth();
  const auth =
    plan.credentials.kind === "file"
      ? new GoogleAuth({
          credentials: (await readCredentialsFile(plan.credentials.path, warn)) as never,
          scopes: [CLOUD_PLATFORM_SCOPE],
        })
      : new GoogleAuth({ scopes: [CLOUD_PLATFORM_SCOPE] });
  return {
    ...(plan.endpoint ? { apiEndpoint: plan.endpoint.host, port: plan.endpoint.port } : {}),
    auth,
  };
}

function loadGoogleAuth() {
  return loadClientDependency("google-auth-library", () => import("google-auth-library"));
}
