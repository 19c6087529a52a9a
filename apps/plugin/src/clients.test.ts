import { silentLogger } from "@cr/sdk-host";
import { describe, expect, it } from "vitest";
import { CloudRunClients } from "./clients.js";

const target = (name: string, project: string) => ({ name, labels: {}, config: { project, region: "us-central1" } });

describe("CloudRunClients", () => {
  it("builds one client per deploy target and reuses it for every call", async () => {
    const clients = new CloudRunClients();
    const staging = clients.for(target("staging", "p-staging"), silentLogger);
    expect(clients.for(target("staging", "p-staging"), silentLogger)).toBe(staging);
    const production = clients.for(target("production", "p-production"), silentLogger);
    expect(production).not.toBe(staging);
    expect(production.servicePath("s")).toBe("projects/p-production/locations/us-central1/services/s");
    await clients.closeAll();
    expect(clients.for(target("staging", "p-staging"), silentLogger)).not.toBe(staging);
    await clients.closeAll();
  });
});
