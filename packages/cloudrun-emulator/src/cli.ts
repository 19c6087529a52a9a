#!/usr/bin/env node
// The `cloudrun-emulator` command: starts an emulator, prints where it listens, serves until a signal.
import { parseArgs } from "node:util";
import { startEmulator } from "./server.js";

const USAGE = `Usage: cloudrun-emulator [--port N] [--ready-delay MS] [--control-port N]

Serves a Cloud Run Admin API v2 emulator (gRPC) on 127.0.0.1 until SIGINT or SIGTERM.

  --port N           gRPC port (default: a free port)
  --ready-delay MS   time for a new revision to become Ready (default: 50)
  --control-port N   HTTP control API port (default: a free port)
  -h, --help         show this help

Prints CLOUD_RUN_EMULATOR_HOST=127.0.0.1:PORT and CLOUD_RUN_EMULATOR_CONTROL=http://127.0.0.1:PORT.`;

function usageError(message: string): never {
  process.stderr.write(`cloudrun-emulator: ${message}\n\n${USAGE}\n`);
  process.exit(2);
}

function intFlag(value: string | undefined, flag: string, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) > max) usageError(`${flag} expects an integer between 0 and ${max}`);
  return Number(value);
}

async function main(): Promise<void> {
  let values: { port?: string; "ready-delay"?: string; "control-port"?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: process.argv.slice(2),
      options: {
        port: { type: "string" },
        "ready-delay": { type: "string" },
        "control-port": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    usageError(e instanceof Error ? e.message : String(e));
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const port = intFlag(values.port, "--port", 65535);
  const readyDelayMs = intFlag(values["ready-delay"], "--ready-delay", 86_400_000);
  const controlPort = intFlag(values["control-port"], "--control-port", 65535);
  const emulator = await startEmulator({
    ...(port === undefined ? {} : { port }),
    ...(readyDelayMs === undefined ? {} : { readyDelayMs }),
    ...(controlPort === undefined ? {} : { controlPort }),
  });
  process.stdout.write(`CLOUD_RUN_EMULATOR_HOST=${emulator.host}\n`);
  process.stdout.write(`CLOUD_RUN_EMULATOR_CONTROL=${emulator.controlUrl ?? ""}\n`);
  const stop = () => {
    emulator.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`cloudrun-emulator: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
