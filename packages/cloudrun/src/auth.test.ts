import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientOptionsFor, EMULATOR_HOST_ENV, parseHostPort, planConnection, readCredentialsFile } from "./auth.js";
import { CloudRunClient } from "./client.js";
import { parseRevisionName, parseServiceName, revisionPath, servicePath } from "./resource-names.js";

/** The error a promise rejects with (fails the test when it resolves). */
async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a rejection");
}

const FAKE_KEY = "-----BEGIN PRIVATE KEY-----\nFAKE-KEY-MATERIAL-CANARY\n-----END PRIVATE KEY-----\n";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "cr-auth-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, content: string, mode = 0o600): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  await chmod(path, mode);
  return path;
}

describe("planConnection", () => {
  it("prefers CLOUD_RUN_EMULATOR_HOST over everything", () => {
    expect(
      planConnection(
        { endpoint: "run.example.com:443", credentialsFile: "/k.json" },
        { [EMULATOR_HOST_ENV]: "127.0.0.1:8085" },
      ),
    ).toEqual({ kind: "emulator", host: "127.0.0.1", port: 8085 });
  });

  it("uses the endpoint with a credentials file, or ADC", () => {
    expect(planConnection({ endpoint: "run.example.com:8443", credentialsFile: "/k.json" }, {})).toEqual({
      kind: "google",
      endpoint: { host: "run.example.com", port: 8443 },
      credentials: { kind: "file", path: "/k.json" },
    });
    expect(planConnection({}, { [EMULATOR_HOST_ENV]: "  " })).toEqual({ kind: "google", credentials: { kind: "adc" } });
  });

  it("parses host:port, including bracketed IPv6, and rejects the rest", () => {
    expect(parseHostPort("[::1]:9000", "x")).toEqual({ host: "[::1]", port: 9000 });
    for (const bad of ["localhost", "http://h:1", "h:0", "h:70000", ":80", "a b:1"]) {
      expect(() => parseHostPort(bad, "endpoint")).toThrow(expect.objectContaining({ code: "InvalidArgument" }));
    }
  });

  it("a client configured for the emulator builds plaintext options with a fake token", async () => {
    const options = await clientOptionsFor({ kind: "emulator", host: "127.0.0.1", port: 1 });
    expect(options).toMatchObject({ apiEndpoint: "127.0.0.1", port: 1, universeDomain: "googleapis.com" });
    const token = await (
      options.authClient as { getAccessToken(): Promise<{ token?: string | null }> }
    ).getAccessToken();
    expect(token.token).toBe("emulator");
    expect(options.sslCreds?._isSecure()).toBe(false);
  });

  it("reads no credentials when a client is constructed (only on first use)", () => {
    const client = new CloudRunClient(
      { project: "p", region: "us-central1", credentialsFile: join(dir, "missing.json") },
      { env: {} },
    );
    expect(client.connection).toEqual({
      kind: "google",
      credentials: { kind: "file", path: join(dir, "missing.json") },
    });
  });

  it("a bad credentials file fails the first call with Unauthenticated, without its content", async () => {
    const path = await file("bad.json", `{"type":"service_account","private_key":"${FAKE_KEY}"`);
    const client = new CloudRunClient({ project: "p", region: "us-central1", credentialsFile: path }, { env: {} });
    const error = await rejection(client.getService("s", { signal: AbortSignal.timeout(5000) }));
    expect(error).toMatchObject({ code: "Unauthenticated" });
    expect(`${error.message} ${error.stack} ${String(error.cause)}`).not.toContain("CANARY");
    await client.close();
  });
});

describe("readCredentialsFile", () => {
  it("accepts service-account and external-account keys", async () => {
    const sa = await file("sa.json", JSON.stringify({ type: "service_account", private_key: FAKE_KEY }));
    await expect(readCredentialsFile(sa)).resolves.toMatchObject({ type: "service_account" });
    const ext = await file("ext.json", JSON.stringify({ type: "external_account", audience: "a" }));
    await expect(readCredentialsFile(ext)).resolves.toMatchObject({ type: "external_account" });
  });

  it("warns when group or others can read the file", async () => {
    const path = await file("open.json", JSON.stringify({ type: "service_account" }), 0o644);
    const warnings: string[] = [];
    await readCredentialsFile(path, (m) => warnings.push(m));
    expect(warnings).toEqual([expect.stringContaining("mode 644")]);
  });

  it.each([
    { name: "missing file", content: undefined, message: /cannot read credentials file .*\(ENOENT\)/ },
    { name: "not JSON", content: `not json ${FAKE_KEY}`, message: /is not valid JSON$/ },
    {
      name: "wrong type",
      content: JSON.stringify({ type: "authorized_user", refresh_token: "CANARY" }),
      message: /has type "authorized_user"/,
    },
    { name: "no type", content: JSON.stringify({ private_key: FAKE_KEY }), message: /has type \(none\)/ },
  ])("rejects $name with Unauthenticated and no content", async ({ name, content, message }) => {
    const path = content === undefined ? join(dir, "nope.json") : await file(`${name}.json`, content);
    const error = await rejection(readCredentialsFile(path));
    expect(error).toMatchObject({ name: "CloudRunError", code: "Unauthenticated" });
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain("CANARY");
    expect(error.cause).toBeUndefined();
  });
});

describe("resource names", () => {
  it("builds and parses service and revision names", () => {
    const s = servicePath("p", "us-central1", "hello");
    expect(s).toBe("projects/p/locations/us-central1/services/hello");
    expect(parseServiceName(s)).toEqual({ project: "p", region: "us-central1", service: "hello" });
    const r = revisionPath("p", "us-central1", "hello", "hello-001");
    expect(parseRevisionName(r)).toEqual({
      project: "p",
      region: "us-central1",
      service: "hello",
      revision: "hello-001",
    });
    expect(parseServiceName(r)).toBeUndefined();
    expect(parseRevisionName(s)).toBeUndefined();
    expect(() => servicePath("p", "r", "a/b")).toThrow(expect.objectContaining({ code: "InvalidArgument" }));
    expect(() => servicePath("", "r", "a")).toThrow(expect.objectContaining({ code: "InvalidArgument" }));
  });
});
