import type { EventBus } from './bus.ts';
import { ConfigError } from './env_config.ts';
import { busHook, ServiceRuntime } from './service_runtime.ts';

/** A service's stderr line logger: `<name>: <line>`. */
export function serviceLog(name: string): (line: string) => void {
  return (line) => process.stderr.write(`${name}: ${line}\n`);
}

/**
 * Runs a service process's `main` with the platform's exit convention: a `ConfigError` (bad
 * environment, nothing started) logs `configuration: <message>` and exits 2; any other failure
 * while starting or running logs its stack and exits 1. A `main` that resolves leaves the process
 * to its runtime (signal handlers, consumers).
 */
export function runServiceMain(
  name: string,
  main: (log: (line: string) => void) => Promise<void>,
): void {
  const log = serviceLog(name);
  main(log).catch((error: unknown) => {
    const config = error instanceof ConfigError;
    log(config ? `configuration: ${error.message}` : String((error as Error)?.stack ?? error));
    process.exit(config ? 2 : 1);
  });
}

export interface StandardRuntimeOptions {
  name: string;
  port: number;
  host: string;
  bus: EventBus;
  /** The artifact store (anything closable); closed after the service's own hooks stop. */
  store: { close(): Promise<void> };
}

/**
 * A `ServiceRuntime` with the bus and the store registered first, so on shutdown (hooks stop in
 * reverse) the service drains before the store and then the bus close.
 */
export function standardRuntime(options: StandardRuntimeOptions): ServiceRuntime {
  return new ServiceRuntime({ name: options.name, port: options.port, host: options.host })
    .use(busHook(options.bus))
    .use({ name: 'store', stop: () => options.store.close() });
}
