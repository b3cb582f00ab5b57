import { TOPICS } from '@ada/contracts';
import { ConfigError, envReader, platformConfig, type PlatformConfig } from '@ada/service-kit';

/**
 * The attack service's configuration, read once from the environment and validated at start-up:
 *
 * | variable | default | meaning |
 * | --- | --- | --- |
 * | `ADA_ATTACK_PORT` | `8084` | health/readiness port (`0` picks a free one) |
 * | `ADA_ATTACK_GROUP` | `attack-service` | consumer group on the requests topic |
 * | `ADA_EVAL_REQUESTS_TOPIC` | `ada.eval.requests.v1` | requests topic |
 * | `ADA_EVAL_RESULTS_TOPIC` | `ada.eval.results.v1` | reply topic when a request names no `replyTo` |
 * | `ADA_DLQ_TOPIC` | `ada.dlq.v1` | dead-letter topic of malformed or repeatedly failing requests |
 * | `ADA_ATTACK_MAX_EXAMPLES` | `10000` | largest `params.examples` accepted |
 * | `ADA_ATTACK_BATCH_SIZE` | `64` | default examples per forward/backward pass |
 * | `ADA_SESSION_TIMEOUT_MS` | `30000` | Kafka session timeout of the consumer |
 * | `ADA_DATASET_DIR` | - | CIFAR-10 binary batches for `params.dataset: 'cifar10'` |
 * | `ADA_WORKERS` | `4` | partitions of the work topics when this service creates them |
 *
 * plus the variables every service reads (`platformConfig` of `@ada/service-kit`):
 * `KAFKA_BROKERS` (required), `ADA_HEALTH_HOST`, `ADA_DATA_DIR`, `S3_*`, `LOG_LEVEL`.
 */
export interface AttackServiceConfig extends PlatformConfig {
  port: number;
  groupId: string;
  requestsTopic: string;
  resultsTopic: string;
  dlqTopic: string;
  maxExamples: number;
  batchSize: number;
  sessionTimeoutMs: number;
  datasetDir?: string;
  workers: number;
}

export { ConfigError };

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AttackServiceConfig {
  const e = envReader(env);
  const datasetDir = e.optional('ADA_DATASET_DIR');
  return {
    ...platformConfig(e),
    port: e.int('ADA_ATTACK_PORT', 8084, 0, 65535),
    groupId: e.optional('ADA_ATTACK_GROUP') ?? 'attack-service',
    requestsTopic: e.topic('ADA_EVAL_REQUESTS_TOPIC', TOPICS.evalRequests),
    resultsTopic: e.topic('ADA_EVAL_RESULTS_TOPIC', TOPICS.evalResults),
    dlqTopic: e.topic('ADA_DLQ_TOPIC', TOPICS.dlq),
    maxExamples: e.int('ADA_ATTACK_MAX_EXAMPLES', 10_000, 1, 1_000_000),
    batchSize: e.int('ADA_ATTACK_BATCH_SIZE', 64, 1, 4096),
    sessionTimeoutMs: e.int('ADA_SESSION_TIMEOUT_MS', 30_000, 1000, 3_600_000),
    ...(datasetDir ? { datasetDir } : {}),
    workers: e.int('ADA_WORKERS', 4, 1, 1024),
  };
}
