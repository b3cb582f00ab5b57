import { ConfigError, envReader, requiredKafkaBrokers } from '@ada/bus';

export { ConfigError };
/**
 * The metrics process's configuration, read once from the environment and validated at start-up:
 *
 * | variable | default | meaning |
 * | --- | --- | --- |
 * | `KAFKA_BROKERS` | required | comma-separated host:port list |
 * | `ADA_METRICS_PORT` | `8083` | health/readiness port (`0` picks a free one) |
 * | `ADA_HEALTH_HOST` | `127.0.0.1` | interface of the health server |
 * | `ADA_METRICS_GROUP` | `metrics-service` | consumer group on `ada.eval.requests.v1` |
 * | `ADA_DATA_DIR` | `.ada` | embedded mode: the filesystem store lives in `<dir>/store` |
 * | `ADA_DATASET_DIR` | - | CIFAR-10 binary batches for `params.dataset: 'cifar10'` |
 * | `S3_BUCKET` / `S3_PREFIX` | `ada` / - | S3 bucket and key prefix |
 * | `ADA_WORKERS` | `4` | partitions of the work topics when this service creates them |
 *
 * S3 (`S3_ENDPOINT`, `S3_ACCESS_KEY`, `S3_SECRET_KEY`) is read by `createArtifactStore`; without
 * it the store is the filesystem under `ADA_DATA_DIR`. Embedded mode (one process, in-process
 * bus) is the factories wired together, not this process.
 */
export interface MetricsConfig {
  /** Kafka brokers (`KAFKA_BROKERS`, required: the process talks to the others over Kafka). */
  brokers: string[];
  port: number;
  host: string;
  groupId: string;
  dataDir: string;
  datasetDir?: string;
  bucket: string;
  prefix?: string;
  workers: number;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): MetricsConfig {
  const { optional, int } = envReader(env);
  const datasetDir = optional('ADA_DATASET_DIR');
  const prefix = optional('S3_PREFIX');
  return {
    brokers: requiredKafkaBrokers('metrics-service', env),
    port: int('ADA_METRICS_PORT', 8083, 0, 65535),
    host: optional('ADA_HEALTH_HOST') ?? '127.0.0.1',
    groupId: optional('ADA_METRICS_GROUP') ?? 'metrics-service',
    dataDir: optional('ADA_DATA_DIR') ?? '.ada',
    ...(datasetDir ? { datasetDir } : {}),
    bucket: optional('S3_BUCKET') ?? 'ada',
    ...(prefix ? { prefix } : {}),
    workers: int('ADA_WORKERS', 4, 1, 1024),
  };
}
