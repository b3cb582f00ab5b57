import { createEventBus, type EventBus } from '@ada/bus';
import { createArtifactStore, type ArtifactStore } from '@ada/store';
import { ConfigError, type EnvReader } from './env.ts';
import type { Logger } from './logger.ts';
import { ServiceRuntime, busHook } from './service_runtime.ts';

/**
 * The settings every cluster-mode process shares, under the same names in every service:
 *
 * | variable | default | meaning |
 * | --- | --- | --- |
 * | `KAFKA_BROKERS` | required | comma-separated host:port list |
 * | `ADA_HEALTH_HOST` | `127.0.0.1` | interface of the health server |
 * | `ADA_DATA_DIR` | `.ada` | without `S3_ENDPOINT`: the filesystem store lives in `<dir>/store` |
 * | `S3_ENDPOINT` | - | http(s) URL of the S3 server (also `MINIO_ENDPOINT`) |
 * | `S3_ACCESS_KEY` / `S3_SECRET_KEY` | - | required with `S3_ENDPOINT` (also `MINIO_*`) |
 * | `S3_BUCKET` / `S3_PREFIX` | `ada` / - | bucket and key prefix |
 * | `LOG_LEVEL` | `info` | `debug`, `info`, `warn` or `error` (read by `runServiceMain`) |
 *
 * ```ts
 * const platform = platformConfig(env);          // throws ConfigError naming the variable
 * const { bus, store } = await connectPlatform(platform, { clientId: 'metrics-service', log });
 * ```
 */
export interface PlatformConfig {
  brokers: string[];
  /** Interface of the health server. */
  host: string;
  dataDir: string;
  bucket: string;
  prefix?: string;
}

export function platformConfig(env: EnvReader): PlatformConfig {
  const brokers = env.brokers();
  const endpoint = env.optional('S3_ENDPOINT') ?? env.optional('MINIO_ENDPOINT');
  if (endpoint !== undefined) {
    if (!/^https?:\/\/[^\s/]+/.test(endpoint)) {
      throw ConfigError.invalid('S3_ENDPOINT', 'an http(s) URL', endpoint);
    }
    for (const [name, alt] of [
      ['S3_ACCESS_KEY', 'MINIO_ACCESS_KEY'],
      ['S3_SECRET_KEY', 'MINIO_SECRET_KEY'],
    ] as const) {
      if ((env.optional(name) ?? env.optional(alt)) === undefined) {
        throw ConfigError.invalid(name, `set when S3_ENDPOINT is set (or ${alt})`, undefined);
      }
    }
  }
  const prefix = env.optional('S3_PREFIX');
  return {
    brokers,
    host: env.optional('ADA_HEALTH_HOST') ?? '127.0.0.1',
    dataDir: env.optional('ADA_DATA_DIR') ?? '.ada',
    bucket: env.optional('S3_BUCKET') ?? 'ada',
    ...(prefix === undefined ? {} : { prefix }),
  };
}

/**
 * The bus (Kafka, its client's own log routed through `log`) and the artifact store (S3 when
 * `S3_ENDPOINT` is set, else the filesystem under `dataDir`) of a cluster-mode process.
 */
export async function connectPlatform(
  config: PlatformConfig,
  options: { clientId: string; log: Logger; env?: NodeJS.ProcessEnv },
): Promise<{ bus: EventBus; store: ArtifactStore }> {
  const bus = createEventBus({
    clientId: options.clientId,
    brokers: config.brokers,
    logger: options.log.child({ component: 'kafka' }),
  });
  const store = await createArtifactStore({
    dataDir: config.dataDir,
    bucket: config.bucket,
    ...(config.prefix === undefined ? {} : { prefix: config.prefix }),
    ...(options.env === undefined ? {} : { env: options.env }),
  });
  return { bus, store };
}

export interface StandardRuntimeOptions {
  name: string;
  port: number;
  host: string;
  log: Logger;
  bus: EventBus;
  /** The artifact store (anything closable); closed after the service's own hooks stop. */
  store: { close(): Promise<void> };
  shutdownTimeoutMs?: number;
}

/**
 * A `ServiceRuntime` with the bus and the store registered first, so on shutdown (hooks stop in
 * reverse) the service drains before the store and then the bus close.
 */
export function standardRuntime(options: StandardRuntimeOptions): ServiceRuntime {
  return new ServiceRuntime({
    name: options.name,
    port: options.port,
    host: options.host,
    log: options.log,
    ...(options.shutdownTimeoutMs === undefined
      ? {}
      : { shutdownTimeoutMs: options.shutdownTimeoutMs }),
  })
    .use(busHook(options.bus))
    .use({ name: 'store', stop: () => options.store.close() });
}

/** The configuration of a service that consumes a topic with a worker pool (trainer, metrics). */
export interface WorkerServiceConfig extends PlatformConfig {
  port: number;
  groupId: string;
  workers: number;
  /** Where CIFAR-10-style datasets are read from, when configured. */
  datasetDir?: string | undefined;
}

/** What a worker service's factory takes from the platform. */
export interface WorkerServiceDeps {
  bus: EventBus;
  store: ArtifactStore;
  groupId: string;
  workers: number;
  log: Logger;
  datasetDir?: string;
}

/**
 * The start of every worker service's `main`: bus and store (`connectPlatform`), the runtime with
 * them registered (`standardRuntime`), and the dependencies its factory takes. The service adds
 * its own hooks and readiness checks to `runtime`, then starts it.
 */
export async function connectWorkerService(
  name: string,
  config: WorkerServiceConfig,
  log: Logger,
): Promise<{ runtime: ServiceRuntime; deps: WorkerServiceDeps }> {
  const { bus, store } = await connectPlatform(config, { clientId: name, log });
  const runtime = standardRuntime({ name, port: config.port, host: config.host, bus, store, log });
  const deps: WorkerServiceDeps = {
    bus,
    store,
    groupId: config.groupId,
    workers: config.workers,
    log,
    ...(config.datasetDir ? { datasetDir: config.datasetDir } : {}),
  };
  return { runtime, deps };
}
