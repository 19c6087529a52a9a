/** Structured logs on stderr. Callers pass fields, never file contents or credentials. */
export type LogLevel = "debug" | "info" | "warn" | "error";
/** The log line formats, as piped's `--log-encoding` names them. */
export type LogEncoding = "json" | "console" | "humanize";
export type LogFields = Record<string, unknown>;

/** A structured logger: a message with fields at four levels, and children that add fields to every line. */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

export const LOG_LEVELS: readonly LogLevel[] = ["debug", "info", "warn", "error"];
export const LOG_ENCODINGS: readonly LogEncoding[] = ["json", "console", "humanize"];

export interface LoggerOptions {
  level?: LogLevel;
  encoding?: LogEncoding;
  write?: (line: string) => void;
  fields?: LogFields;
  /** Applied to every line before it is written (the host passes its redactor). */
  redact?: (text: string) => string;
}

/** A logger writing `options.encoding` lines at `options.level` and above (to stderr unless `options.write`). */
export function createLogger(options: LoggerOptions = {}): Logger {
  const threshold = LOG_LEVELS.indexOf(options.level ?? "info");
  const encoding = options.encoding ?? "humanize";
  const writeRaw = options.write ?? ((line: string) => process.stderr.write(line));
  const redact = options.redact;
  const write = redact ? (line: string) => writeRaw(redact(line)) : writeRaw;
  const base = options.fields ?? {};

  const emit = (level: LogLevel, message: string, fields: LogFields = {}) => {
    if (LOG_LEVELS.indexOf(level) < threshold) return;
    const all = { ...base, ...fields };
    const time = new Date().toISOString();
    if (encoding === "json") {
      write(`${JSON.stringify({ time, level, msg: message, ...serializable(all) })}\n`);
      return;
    }
    const rest = Object.entries(all)
      .map(([key, value]) => `${key}=${formatValue(value)}`)
      .join(" ");
    write(`${time}\t${level.toUpperCase()}\t${message}${rest ? `\t${rest}` : ""}\n`);
  };

  return {
    debug: (m, f) => emit("debug", m, f),
    info: (m, f) => emit("info", m, f),
    warn: (m, f) => emit("warn", m, f),
    error: (m, f) => emit("error", m, f),
    child: (fields) => createLogger({ ...options, fields: { ...base, ...fields } }),
  };
}

/** A logger that drops everything; for tests and library callers that do not care. */
export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child: () => silentLogger,
};

function serializable(fields: LogFields): LogFields {
  const out: LogFields = {};
  for (const [key, value] of Object.entries(fields)) out[key] = value instanceof Error ? value.message : value;
  return out;
}

function formatValue(value: unknown): string {
  if (value instanceof Error) return JSON.stringify(value.message);
  if (typeof value === "string") return /[\s"=]/.test(value) ? JSON.stringify(value) : value;
  return JSON.stringify(value) ?? String(value);
}
