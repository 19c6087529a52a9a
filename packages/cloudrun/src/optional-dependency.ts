/**
 * `@google-cloud/run`, `google-auth-library` and `@grpc/grpc-js` are optional peer dependencies: a
 * consumer of the traffic math, naming and pruning does not install them (they weigh ~40 MB). The
 * client loads them on first use through {@link loadClientDependency}, which turns "not installed"
 * into a CloudRunError that says what to install.
 */
import { CloudRunError } from "./errors.js";

/** The packages the Cloud Run client needs at run time, as a consumer installs them. */
export const CLIENT_PEER_DEPENDENCIES = ["@google-cloud/run", "google-auth-library", "@grpc/grpc-js"] as const;

/**
 * Runs `load` (a literal `import("<name>")`, so that bundlers still see it) and maps a missing
 * package to `FailedPrecondition` naming the install command. Other failures pass through.
 */
export async function loadClientDependency<T>(name: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (!isMissingPackage(error, name)) throw error;
    throw new CloudRunError(
      "FailedPrecondition",
      `the Cloud Run client needs ${name}, which is not installed (it is an optional peer dependency of @cr/cloudrun): ` +
        `run \`npm install ${CLIENT_PEER_DEPENDENCIES.join(" ")}\` to use the client; ` +
        "@cr/cloudrun/pure (traffic math, naming, pruning, manifests) works without them",
      { cause: error },
    );
  }
}

/** ESM (`ERR_MODULE_NOT_FOUND`) or CommonJS (`MODULE_NOT_FOUND`) "cannot find" for `name` or a file inside it. */
function isMissingPackage(error: unknown, name: string): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (code !== "ERR_MODULE_NOT_FOUND" && code !== "MODULE_NOT_FOUND") return false;
  return error.message.includes(`'${name}'`) || error.message.includes(`'${name}/`);
}
