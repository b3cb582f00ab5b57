/**
 * Structured logging: one JSON object per line, `{ "at", "level", "service", "event", ...fields }`,
 * events namespaced `corruption.<what>` (`corruption.batch`, `corruption.augment`).
 *
 * ```ts
 * const log = createLogger({ level: 'info' });
 * log.info('corruption.batch', { batchId: 'r1:17', images: 8, seconds: 1.2 });
 * ```
 */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export type LogFields = Record<string, string | number | boolean | null | undefined | number[]>;

export interface Logger {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}

export interface LoggerOptions {
  level?: LogLevel;
  service?: string;
  /** Where lines go (default stdout). */
  write?: (line: string) => void;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const min = LOG_LEVELS.indexOf(options.level ?? 'info');
  const service = options.service ?? 'corruption-service';
  const write = options.write ?? ((line: string) => void process.stdout.write(`${line}\n`));
  const at =
    (level: LogLevel) =>
    (event: string, fields: LogFields = {}): void => {
      if (LOG_LEVELS.indexOf(level) < min) return;
      write(JSON.stringify({ at: new Date().toISOString(), level, service, event, ...fields }));
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
