import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { isCloudRunError } from "./errors.js";
import { loadClientDependency } from "./optional-dependency.js";

// Node's real resolution failure for a package that is installed nowhere (the consumer test covers the
// client's own packages missing, through ESM `import()`, in a project that did not install them).
const NOT_INSTALLED = "cr-package-that-is-not-installed";
const requireHere = createRequire(import.meta.url);

describe("loadClientDependency", () => {
  it("returns the module when the package is installed", async () => {
    const grpc = await loadClientDependency("@grpc/grpc-js", async () => requireHere("@grpc/grpc-js"));
    expect(typeof grpc.credentials.createInsecure).toBe("function");
  });

  it("turns a missing package into FailedPrecondition that says what to install", async () => {
    const error = await loadClientDependency(NOT_INSTALLED, async () => requireHere(NOT_INSTALLED)).catch(
      (e: unknown) => e,
    );
    expect(isCloudRunError(error) && error.code).toBe("FailedPrecondition");
    const message = (error as Error).message;
    expect(message).toContain(`needs ${NOT_INSTALLED}, which is not installed`);
    expect(message).toContain("npm install @google-cloud/run google-auth-library @grpc/grpc-js");
    expect(message).toContain("@cr/cloudrun/pure");
  });

  it("does not blame the optional dependency for another missing package", async () => {
    const error = await loadClientDependency("google-auth-library", async () => requireHere(NOT_INSTALLED)).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect(isCloudRunError(error)).toBe(false);
  });

  it("lets other failures through unchanged", async () => {
    const boom = new Error("boom");
    await expect(
      loadClientDependency("@google-cloud/run", async () => {
        throw boom;
      }),
    ).rejects.toBe(boom);
  });
});
