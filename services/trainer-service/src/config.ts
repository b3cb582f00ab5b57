import { readFileSync } from 'node:fs';
import { ConfigError, envReader, platformConfig, type PlatformConfig } from '@ada/service-kit';
import { parseRunSpec, RunConfigError, type RunSpec } from './run_config.ts';

/**
 * The trainer process's configuration, read once from the environment and validated at start-up
 * (a bad value stops the process with a message naming the variable):
 *
 * | variable | default | meaning |
 * | --- | --- | --- |
 * | `ADA_TRAINER_PORT` | `8082` | health/readiness port (`0` picks a free one) |
 * | `ADA_RUN_FILE` | - | JSON file `{ runId, seed, config }`: train this run, then exit |
 * | `ADA_RUN_JSON` | - | the same, inline |
 * | `ADA_TRAINER_GROUP` | `trainer-service` | consumer group on `ada.runs.v1` (listen mode) |
 * | `ADA_DATASET_DIR` | - | CIFAR-10 binary batches (the demo dataset without it) |
 * | `ADA_WORKERS` | `4` | partitions of the work topics when this service creates them |
 *
 * plus the variables every service reads (`platformConfig` of `@ada/service-kit`):
 * `KAFKA_BROKERS` (required), `ADA_HEALTH_HOST`, `ADA_DATA_DIR`, `S3_*`, `LOG_LEVEL`. Embedded
 * mode (one process, in-process bus) is the factories wired together, not this process.
 */
export interface TrainerConfig extends PlatformConfig {
  port: number;
  /** A run to train and exit (file mode); listen mode without it. */
  run?: RunSpec;
  groupId: string;
  datasetDir?: string;
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
      throw new ConfigError(`${source} is not JSON: ${(cause as Error).message}`, {
        variable: file ? 'ADA_RUN_FILE' : 'ADA_RUN_JSON',
      });
    }
    try {
      run = parseRunSpec(json, source);
    } catch (e) {
      if (e instanceof RunConfigError) {
        throw new ConfigError(e.message, { variable: file ? 'ADA_RUN_FILE' : 'ADA_RUN_JSON' });
      }
      throw e;
    }
  }
  const e = envReader(env);
  const datasetDir = e.optional('ADA_DATASET_DIR');
  return {
    ...platformConfig(e),
    port: e.int('ADA_TRAINER_PORT', 8082, 0, 65535),
    ...(run ? { run } : {}),
    groupId: e.optional('ADA_TRAINER_GROUP') ?? 'trainer-service',
    ...(datasetDir ? { datasetDir } : {}),
    workers: e.int('ADA_WORKERS', 4, 1, 1024),
  };
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (cause) {
    throw new ConfigError(`ADA_RUN_FILE '${path}' cannot be read: ${(cause as Error).message}`, {
      variable: 'ADA_RUN_FILE',
    });
  }
}
