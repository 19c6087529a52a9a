// RawUnaryClient: sends arbitrary bytes to any method path of a plugin.
import { Client, credentials, Metadata, type ServiceError } from "@grpc/grpc-js";

export interface RawReply {
  /** The gRPC status code (0 = OK). */
  code: number;
  details: string;
  /** The reply's bytes when the call succeeded. */
  bytes?: Buffer;
}

/**
 * Sends arbitrary bytes to any method path of a plugin, as a broken or hostile peer would: nothing
 * is encoded or checked on this side. For fuzz tests.
 */
export class RawUnaryClient {
  private readonly client: Client;

  constructor(address: string) {
    this.client = new Client(address, credentials.createInsecure(), {
      "grpc.max_send_message_length": -1,
      "grpc.max_receive_message_length": -1,
    });
  }

  call(path: string, request: Buffer, timeoutMs = 10_000): Promise<RawReply> {
    return new Promise((resolve) => {
      this.client.makeUnaryRequest(
        path,
        (b: Buffer) => b,
        (b: Buffer) => b,
        request,
        new Metadata(),
        { deadline: Date.now() + timeoutMs },
        (error: ServiceError | null, bytes?: Buffer) =>
          resolve(error ? { code: error.code, details: error.details } : { code: 0, details: "", bytes }),
      );
    });
  }

  close(): void {
    this.client.close();
  }
}
