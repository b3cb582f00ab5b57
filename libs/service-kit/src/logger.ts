/**
 * The structured logger of every service process: one JSON object per line,
 *
 * ```json
 * {"ts":"2026-12-06T21:00:00.000Z","level":"info","service":"trainer-service","msg":"trainer.run_summary","fields":{"runId":"r1","mce":0.41}}
 * ```
 *
 * - `ts`: ISO-8601 time of the record; `level`: `debug | info | warn | error`;
 * - `service`: the process (or the embedded service) that wrote it;
 * - `msg`: what happened, as a short text or a namespaced event name (`corruption.batch`);
 * - `fields`: the record's data (omitted when there is none). An `Error` value becomes
 *   `{ name, message, code? }` (never a stack at info level and above).
 *
 * Records below the logger's level are dropped before they are formatted.
 *
 * ```ts
 * const log = createLogger({ service: 'metrics-service', level: 'info' });
 * log.info('consuming', { topic: 'ada.eval.requests.v1' });
 * log.child({ runId: 'r1' }).warn('late batch', { step: 17 });
 * ```
 */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The data of a record: JSON-serialisable values (an `Error` is reduced to name and message). */
export type LogFields = Readonly<Record<string, unknown>>;

/** One parsed log line. */
export interface LogRecord {
  ts: string;
  level: LogLevel;
  service: string;
  msg: string;
  fields?: Record<string, unknown>;
}

export interface Logger {
  readonly service: string;
  readonly level: LogLevel;
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  log(level: LogLevel, msg: string, fields?: LogFields): void;
  /** Whether a record at `level` would be written. */
  enabled(level: LogLevel): boolean;
  /** The same logger with `fields` added to every record (a record's own fields win). */
  child(fields: LogFields): Logger;
}

export interface LoggerOptions {
  /** The `service` of every record. */
  service: string;
  /** Lowest level written (default `info`). */
  level?: LogLevel;
  /** Where each line goes, without its newline (default: stderr). */
  write?: (line: string) => void;
  /** The clock of `ts` (tests). */
  now?: () => Date;
}

export function isLogLevel(value: unknown): value is LogLevel {
  return typeof value === 'string' && (LOG_LEVELS as readonly string[]).includes(value);
}

export function createLogger(options: LoggerOptions): Logger {
  if (typeof options?.service !== 'string' || options.service === '') {
    throw new TypeError("Argument 'options.service' passed to 'createLogger' must be non-empty");
  }
  const level = options.level ?? 'info';
  if (!isLogLevel(level)) {
    throw new TypeError(
      `Argument 'options.level' passed to 'createLogger' must be one of ${LOG_LEVELS.join(', ')}, got '${String(level)}'`,
    );
  }
  const write = options.write ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const now = options.now ?? (() => new Date());
  return makeLogger(options.service, level, write, now, {});
}

/** A logger that writes nothing (tests, and factories whose caller wants silence). */
export function silentLogger(service = 'silent'): Logger {
  return makeLogger(
    service,
    'error',
    () => undefined,
    () => new Date(),
    {},
    true,
  );
}

function makeLogger(
  service: string,
  level: LogLevel,
  write: (line: string) => void,
  now: () => Date,
  bound: LogFields,
  silent = false,
): Logger {
  const min = LOG_LEVELS.indexOf(level);
  const enabled = (at: LogLevel) => !silent && LOG_LEVELS.indexOf(at) >= min;
  const log = (at: LogLevel, msg: string, fields?: LogFields) => {
    if (!enabled(at)) return;
    const data = { ...bound, ...fields };
    const record: LogRecord = { ts: now().toISOString(), level: at, service, msg };
    if (Object.keys(data).length > 0) record.fields = data;
    write(JSON.stringify(record, jsonValue));
  };
  return {
    service,
    level,
    debug: (msg, fields) => log('debug', msg, fields),
    info: (msg, fields) => log('info', msg, fields),
    warn: (msg, fields) => log('warn', msg, fields),
    error: (msg, fields) => log('error', msg, fields),
    log,
    enabled,
    child: (fields) => makeLogger(service, level, write, now, { ...bound, ...fields }, silent),
  };
}

/** `JSON.stringify` replacer: errors as name/message/code, bigints as strings. */
function jsonValue(_key: string, value: unknown): unknown {
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return {
      name: value.name,
      message: value.message,
      ...(typeof code === 'string' ? { code } : {}),
    };
  }
  if (typeof value === 'bigint') return value.toString();
  return value;
}

/**
 * Parses log output (JSON lines) into records; a line that is not a record (a native library's
 * banner) is skipped. For tests and tools that read a service's output.
 */
export function parseLogLines(text: string): LogRecord[] {
  const records: LogRecord[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const value = JSON.parse(line) as Partial<LogRecord>;
      if (typeof value.msg === 'string' && isLogLevel(value.level))
        records.push(value as LogRecord);
    } catch {
      // not a record
    }
  }
  return records;
}
