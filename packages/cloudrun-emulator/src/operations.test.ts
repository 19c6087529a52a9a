// Long-running operations through the real clients: polling, waiting, listing and deleting.
import * as grpc from "@grpc/grpc-js";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { codeOf, type Harness, PARENT, startHarness, template } from "../test/harness.js";
import { loadProtos } from "./protos.js";

type Msg = Record<string, unknown>;
type Unary = (req: object, cb: (err: grpc.ServiceError | null, res: Msg) => void) => void;

let h: Harness;
let ops: grpc.Client;

/** Calls a google.longrunning.Operations method with a plain grpc-js client (gax does not expose WaitOperation). */
function call(method: string, req: object): Promise<Msg> {
  const fn = (ops as unknown as Record<string, Unary>)[method];
  if (!fn) throw new Error(`no method ${method}`);
  return new Promise((resolve, reject) => fn.call(ops, req, (err, res) => (err ? reject(err) : resolve(res))));
}

/** Starts creating service "hello" with `image` and returns the operation without waiting for it. */
async function startCreate(image: string) {
  const [op] = await h.services.createService({
    parent: PARENT,
    serviceId: "hello",
    service: { template: template(image) },
  });
  return op;
}

beforeAll(async () => {
  h = await startHarness({ readyDelayMs: 30 });
  const Ctor = grpc.makeGenericClientConstructor(loadProtos().operations, "Operations");
  ops = new Ctor(h.emu.host, grpc.credentials.createInsecure());
});
afterAll(async () => {
  ops.close();
  await h.close();
});
beforeEach(() => {
  h.emu.control.reset();
});

describe("google.longrunning.Operations", () => {
  it("GetOperation reports done:false until the revision is ready; Any values carry type_url", async () => {
    h.emu.control.setImageReadiness("img:slow", { mode: "never" });
    const op = await startCreate("img:slow");
    const running = await call("GetOperation", { name: op.name });
    expect(running.done).toBe(false);
    expect((running.metadata as Msg).type_url).toBe("type.googleapis.com/google.cloud.run.v2.Service");
    const decoded = loadProtos().decodeService((running.metadata as { value: Buffer }).value);
    expect(decoded.reconciling).toBe(true);
    expect(running.response).toBeUndefined();
  });

  it("WaitOperation returns once the operation is done, with the Service as response", async () => {
    const op = await startCreate("img:1");
    const done = await call("WaitOperation", { name: op.name, timeout: { seconds: 5 } });
    expect(done.done).toBe(true);
    const response = done.response as { type_url: string; value: Buffer };
    expect(response.type_url).toBe("type.googleapis.com/google.cloud.run.v2.Service");
    const service = loadProtos().decodeService(response.value);
    expect(service.reconciling).toBe(false);
    expect(service.terminalCondition).toMatchObject({ state: "CONDITION_SUCCEEDED" });
  });

  it("WaitOperation gives up after its timeout and returns the running operation", async () => {
    h.emu.control.setImageReadiness("img:slow", { mode: "never" });
    const op = await startCreate("img:slow");
    const res = await call("WaitOperation", { name: op.name, timeout: { nanos: 20_000_000 } });
    expect(res.done).toBe(false);
  });

  it("ListOperations lists newest first; DeleteOperation forgets one; CancelOperation is UNIMPLEMENTED", async () => {
    await h.createService("a", { template: template("img:1") });
    await h.createService("b", { template: template("img:1") });
    const list = await call("ListOperations", { name: PARENT, pageSize: 10 });
    const names = (list.operations as Msg[]).map((o) => o.name as string);
    expect(names).toHaveLength(2);
    expect(names.every((n) => n.startsWith(`${PARENT}/operations/`))).toBe(true);

    const first = names[0] ?? "";
    await call("DeleteOperation", { name: first });
    expect((await codeOf(call("GetOperation", { name: first }))).code).toBe(5);
    expect((await codeOf(call("CancelOperation", { name: names[1] }))).code).toBe(12);
  });

  it("the real client's progress helper polls GetOperation on the emulator", async () => {
    const op = await startCreate("img:1");
    const progress = await h.services.checkCreateServiceProgress(op.name ?? "");
    expect(progress.name).toBe(op.name);
    expect(h.emu.control.journal({ method: "GetOperation" })).toHaveLength(1);
  });
});
