import { ConfigError, envReader, requiredKafkaBrokers } from '@ada/bus';
import { readFileSync } from 'node:fs';
import { parseRunSpec, RunConfigError, type RunSpec } from './run_config.ts';

/**
 * The trainer process's configuration, read once from the environment and validated at start-up
 * (a bad value stops the process with a message naming the variable):
 *
 * | variable | default | meaning |
 * | --- | --- | --- |
 * | `KAFKA_BROKERS` | required | comma-separated host:port list |
 * | `ADA_TRAINER_PORT` | `8082` | health/readiness port (`0` picks a free one) |
 * | `ADA_HEALTH_HOST` | `127.0.0.1` | interface of the health server |
 * | `ADA_RUN_FILE` | - | JSON file `{ runId, seed, config }`: train this run, then exit |
 * | `ADA_RUN_JSON` | - | the same, inline |
 * | `ADA_TRAINER_GROUP` | `trainer-service` | consumer group on `ada.runs.v1` (listen mode) |
 * | `ADA_DATA_DIR` | `.ada` | embedded mode: the filesystem store lives in `<dir>/store` |
 * | `ADA_DATASET_DIR` | - | CIFAR-10 binary batches (the demo dataset without it) |
 * | `S3_BUCKET` / `S3_PREFIX` | `ada` / - | S3 bucket and key prefix (as every service reads them) |
 * | `ADA_WORKERS` | `4` | partitions of the work topics when this service creates them |
 *
 * S3 (`S3_ENDPOINT`, `S3_ACCESS_KEY`, `S3_SECRET_KEY`) is read by `createArtifactStore`; without
 * it the store is the filesystem under `ADA_DATA_DIR`. Embedded mode (one process, in-process
 * bus) is the factories wired together, not this process.
 */
export interface TrainerConfig {
  /** Kafka brokers (`KAFKA_BROKERS`, required: the process talks to the others over Kafka). */
  brokers: string[];
  port: number;
  host: string;
  /** A run to train and exit (file mode); listen mode without it. */
  run?: RunSpec;
  groupId: string;
  dataDir: string;
  datasetDir?: string;
  bucket: string;
  prefix?: string;
  workers: number;
}

export { ConfigError };

export function loadConfig(env: NodeJS.ProcessEnv = process.env): TrainerConfig {
  let run: RunSpec | undefined;
  const file = env['ADA_RUN_FILE'];
  const inline = env['ADA_RUN_JSON'];
  if (file !== undefined && file !== '' && inline !== undefined && inline !== '') {
    throw new ConfigError('set ADA_RUN_FILE or ADA_RUN_JSON, not both');
  }
  const source = file ? `ADA_RUN_FILE (${file})` : 'ADA_RUN_JSON';
  const text = file ? readText(file) : inline;
  if (text !== undefined && text !== '') {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (cause) {
      throw new ConfigError(`${source} is not JSON: ${(cause as Error).message}`);
    }
    try {
      run = parseRunSpec(json, source);
    } catch (e) {
      if (e instanceof RunConfigError) throw new ConfigError(e.message);
      throw e;
    }
  }
  const { optional, int } = envReader(env);
  const datasetDir = optional('ADA_DATASET_DIR');
  const prefix = optional('S3_PREFIX');
  return {
    brokers: requiredKafkaBrokers('trainer-service', env),
    port: int('ADA_TRAINER_PORT', 8082, 0, 65535),
    host: optional('ADA_HEALTH_HOST') ?? '127.0.0.1',
    ...(run ? { run } : {}),
    groupId: optional('ADA_TRAINER_GROUP') ?? 'trainer-service',
    dataDir: optional('ADA_DATA_DIR') ?? '.ada',
    ...(datasetDir ? { datasetDir } : {}),
    bucket: optional('S3_BUCKET') ?? 'ada',
    ...(prefix ? { prefix } : {}),
    workers: int('ADA_WORKERS', 4, 1, 1024),
  };
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (cause) {
    throw new ConfigError(`ADA_RUN_FILE '${path}' cannot be read: ${(cause as Error).message}`);
  }
}
