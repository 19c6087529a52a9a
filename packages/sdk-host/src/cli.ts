// The plugin executable's command line (`start --config … --tls …`), as piped runs it.
import { Command, InvalidArgumentError, Option } from "commander";
import { errorMessage } from "./errors.js";
import { parseGoDuration } from "./go-duration.js";
import { applyHeapBudget } from "./heap-budget.js";
import { startPluginHost } from "./host.js";
import { createLogger, LOG_ENCODINGS, LOG_LEVELS, type LogEncoding, type LogLevel } from "./logger.js";
import type { PluginDefinition } from "./plugin.js";
import { Redactor } from "./text-safety.js";

/** Where the command line writes and how it exits; tests pass their own. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  exit: (code: number) => void;
}

const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  exit: (code) => process.exit(code),
};

function durationOption(value: string): number {
  const ms = parseGoDuration(value);
  if (ms === undefined) throw new InvalidArgumentError('use a duration such as "30s" or "1m30s"');
  return ms;
}

/**
 * The plugin executable's command line, as piped runs it:
 * `<bin> start --piped-plugin-service HOST:PORT --config JSON`, plus the Go SDK's other flags.
 */
export async function runPluginCli<C, T, S>(
  definition: PluginDefinition<C, T, S>,
  argv: readonly string[] = process.argv.slice(2),
  io: CliIo = processIo,
): Promise<void> {
  const program = new Command("pipecd-plugin")
    .description("A PipeCD piped plugin")
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError()
    .addOption(new Option("--log-level <level>", "log level").choices(LOG_LEVELS).default("info"))
    .addOption(new Option("--log-encoding <encoding>", "log encoding").choices(LOG_ENCODINGS).default("humanize"))
    .option("--metrics [enabled]", "collect RPC metrics for /metrics", (v) => v !== "false", true)
    .option("--profile", "accepted for compatibility with the Go SDK; no effect")
    .option("--profile-debug-logging", "accepted for compatibility with the Go SDK; no effect")
    .option("--profiler-credentials-file <path>", "accepted for compatibility with the Go SDK; no effect");

  program
    .command("version")
    .description("print the plugin version and the Node.js it runs on")
    .action(() =>
      io.stdout(`${definition.version} (Node.js ${process.version}, ${process.platform}-${process.arch})\n`),
    );

  let running: Promise<void> | undefined;
  program
    .command("start")
    .description("start serving piped")
    .requiredOption("--piped-plugin-service <address>", "address of piped's plugin service, e.g. localhost:9087")
    .requiredOption("--config <json>", "the plugin's entry of piped's config, as JSON")
    .option("--grace-period <duration>", "how long shutdown may take", durationOption, 30_000)
    .option("--tls", "serve gRPC over TLS (needs --cert-file and --key-file)", false)
    .option("--cert-file <path>", "TLS certificate (PEM)")
    .option("--key-file <path>", "TLS private key (PEM)")
    .option("--enable-grpc-reflection", "accepted for compatibility with the Go SDK; reflection is not served", false)
    .option("--listen-all-interfaces", "listen on every interface instead of loopback only", false)
    .option("--admin-port <port>", "port of the loopback admin HTTP server (0 = any)", (v) => Number(v), 0)
    .action((opts) => {
      const globals = program.opts<{ logLevel: LogLevel; logEncoding: LogEncoding; metrics: boolean }>();
      const redactor = new Redactor();
      const logger = createLogger({
        level: globals.logLevel,
        encoding: globals.logEncoding,
        write: io.stderr,
        redact: (text) => redactor.redact(text),
      });
      if (opts.tls && !(opts.certFile && opts.keyFile)) {
        program.error("error: --tls needs both --cert-file and --key-file", { exitCode: 2 });
      }
      if (opts.enableGrpcReflection) logger.warn("gRPC reflection is not served by this plugin; the flag is ignored");
      // piped never restarts a plugin that died, so a stray rejection is logged rather than fatal.
      process.on("unhandledRejection", (reason) => logger.error("unhandled promise rejection", { error: reason }));
      running = serve(definition, opts, globals, logger, redactor, io);
    });

  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (error) {
    const code = (error as { exitCode?: number; code?: string }).exitCode;
    const commanderCode = (error as { code?: string }).code;
    if (commanderCode === "commander.helpDisplayed" || commanderCode === "commander.version") {
      io.exit(0);
      return;
    }
    if (commanderCode === undefined) io.stderr(`error: ${errorMessage(error)}\n`);
    io.exit(code && code !== 0 ? code : 2);
    return;
  }
  if (running) await running;
}

async function serve<C, T, S>(
  definition: PluginDefinition<C, T, S>,
  opts: {
    pipedPluginService: string;
    config: string;
    gracePeriod: number;
    tls: boolean;
    certFile?: string;
    keyFile?: string;
    listenAllInterfaces: boolean;
    adminPort: number;
  },
  globals: { metrics: boolean },
  logger: ReturnType<typeof createLogger>,
  redactor: Redactor,
  io: CliIo,
): Promise<void> {
  let host: Awaited<ReturnType<typeof startPluginHost>>;
  // The process is the plugin's alone from here on, so its heap follows the plugin's budget.
  applyHeapBudget();
  try {
    host = await startPluginHost(definition, {
      pipedPluginService: opts.pipedPluginService,
      configJson: opts.config,
      logger,
      gracePeriodMs: opts.gracePeriod,
      listenAllInterfaces: opts.listenAllInterfaces,
      tls: opts.tls ? { certFile: opts.certFile!, keyFile: opts.keyFile! } : undefined,
      metrics: globals.metrics,
      adminPort: opts.adminPort,
      redactor,
    });
  } catch (error) {
    logger.error("failed to start the plugin", { error: errorMessage(error) });
    io.exit(1);
    return;
  }
  await new Promise<void>((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      process.off("SIGTERM", onSignal);
      process.off("SIGINT", onSignal);
      host.stop(`received ${signal}`).then(resolve, resolve);
    };
    process.on("SIGTERM", onSignal);
    process.on("SIGINT", onSignal);
  });
  io.exit(0);
}
