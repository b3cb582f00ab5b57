/**
 * @ada/service-kit: the skeleton every service process shares (the four services and the
 * gateway): one environment reader (a bad variable is a `ConfigError` naming it; the process
 * exits 2), one structured logger (JSON lines: ts, level, service, msg, fields), one `main`
 * runner (exit codes), the health/readiness runtime with lifecycle hooks, and the bus and store
 * of cluster mode.
 *
 * ```ts
 * import { connectPlatform, platformConfig, runServiceMain, standardRuntime } from '@ada/service-kit';
 * runServiceMain('metrics-service', async ({ log, env }) => {
 *   const platform = platformConfig(env);   // KAFKA_BROKERS required, S3_*, ADA_DATA_DIR
 *   const { bus, store } = await connectPlatform(platform, { clientId: 'metrics-service', log });
 *   const runtime = standardRuntime({ name: 'metrics-service', port: 8083, host: platform.host, log, bus, store });
 *   await runtime.start();
 *   runtime.installSignalHandlers();
 * });
 * ```
 */
export { createLogger, isLogLevel, LOG_LEVELS, parseLogLines, silentLogger } from './logger.ts';
export type { LogFields, Logger, LoggerOptions, LogLevel, LogRecord } from './logger.ts';
export { ConfigError, envReader } from './env.ts';
export type { EnvReader } from './env.ts';
export { runServiceMain } from './service_main.ts';
export type { RunServiceMainOptions, ServiceContext } from './service_main.ts';
export { ServiceRuntime, busHook, subscriptionHook } from './service_runtime.ts';
export type { LifecycleHook, ServiceRuntimeOptions } from './service_runtime.ts';
export {
  connectPlatform,
  connectWorkerService,
  platformConfig,
  standardRuntime,
} from './platform.ts';
export type {
  PlatformConfig,
  StandardRuntimeOptions,
  WorkerServiceConfig,
  WorkerServiceDeps,
} from './platform.ts';
