import { ConfigError, envReader, platformConfig, type PlatformConfig } from '@ada/service-kit';

export { ConfigError };
/**
 * The metrics process's configuration, read once from the environment and validated at start-up:
 *
 * | variable | default | meaning |
 * | --- | --- | --- |
 * | `ADA_METRICS_PORT` | `8083` | health/readiness port (`0` picks a free one) |
 * | `ADA_METRICS_GROUP` | `metrics-service` | consumer group on `ada.eval.requests.v1` |
 * | `ADA_DATASET_DIR` | - | CIFAR-10 binary batches for `params.dataset: 'cifar10'` |
 * | `ADA_WORKERS` | `4` | partitions of the work topics when this service creates them |
 *
 * plus the variables every service reads (`platformConfig` of `@ada/service-kit`):
 * `KAFKA_BROKERS` (required), `ADA_HEALTH_HOST`, `ADA_DATA_DIR`, `S3_*`, `LOG_LEVEL`. Embedded
 * mode (one process, in-process bus) is the factories wired together, not this process.
 */
export interface MetricsConfig extends PlatformConfig {
  port: number;
  groupId: string;
  datasetDir?: string;
  workers: number;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): MetricsConfig {
  const e = envReader(env);
  const datasetDir = e.optional('ADA_DATASET_DIR');
  return {
    ...platformConfig(e),
    port: e.int('ADA_METRICS_PORT', 8083, 0, 65535),
    groupId: e.optional('ADA_METRICS_GROUP') ?? 'metrics-service',
    ...(datasetDir ? { datasetDir } : {}),
    workers: e.int('ADA_WORKERS', 4, 1, 1024),
  };
}
