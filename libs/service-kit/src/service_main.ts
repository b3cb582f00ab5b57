import { ConfigError, envReader, type EnvReader } from './env.ts';
import { createLogger, type Logger } from './logger.ts';

/** What a service's `main` gets: its logger (level from `LOG_LEVEL`) and the environment reader. */
export interface ServiceContext {
  log: Logger;
  env: EnvReader;
}

export interface RunServiceMainOptions {
  /** The environment (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  /** Where log lines go (default stderr). */
  write?: (line: string) => void;
  /** How the process ends on failure (default `process.exit`). */
  exit?: (code: number) => void;
}

/**
 * Runs a service process's `main` with the platform's exit convention:
 *
 * - a `ConfigError` (bad environment, nothing started) logs one `error` record
 *   `configuration invalid` with the `variable` and the message, and exits 2;
 * - any other failure while starting or running logs `failed` with the error and its stack, and
 *   exits 1;
 * - a `main` that resolves leaves the process to its runtime (signal handlers, consumers).
 *
 * An invalid `LOG_LEVEL` is itself a configuration error (logged at the default level).
 * Resolves once `main` settled (and `exit` was called on failure).
 *
 * ```ts
 * runServiceMain('metrics-service', async ({ log, env }) => {
 *   const port = env.int('ADA_METRICS_PORT', 8083, 0, 65535);
 *   log.info('starting', { port });
 * });
 * ```
 */
export async function runServiceMain(
  name: string,
  main: (context: ServiceContext) => Promise<void>,
  options: RunServiceMainOptions = {},
): Promise<void> {
  const env = envReader(options.env ?? process.env);
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const logger = (level?: Logger['level']) =>
    createLogger({
      service: name,
      ...(level === undefined ? {} : { level }),
      ...(options.write === undefined ? {} : { write: options.write }),
    });
  let log = logger();
  try {
    log = logger(env.logLevel());
    await main({ log, env });
  } catch (error) {
    if (error instanceof ConfigError) {
      log.error('configuration invalid', {
        ...(error.variable === undefined ? {} : { variable: error.variable }),
        error: error.message,
      });
      exit(2);
      return;
    }
    log.error('failed', {
      error,
      ...(error instanceof Error && error.stack !== undefined ? { stack: error.stack } : {}),
    });
    exit(1);
  }
}
