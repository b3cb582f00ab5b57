import { hostname } from 'node:os';
import { DEFAULT_INLINE_LIMIT, DEFAULT_MAX_MESSAGE_BYTES, TOPICS, idSchema } from '@ada/contracts';
import {
  CORRUPTION_NETWORK_NAMES,
  DEFAULT_CORRUPTION_NETWORK,
  type CorruptionNetworkName,
} from '@ada/models';
import {
  ConfigError,
  envReader,
  LOG_LEVELS,
  platformConfig,
  type LogLevel,
  type PlatformConfig,
} from '@ada/service-kit';

/**
 * Configuration of the corruption service, read once at start-up. `loadConfig(env)` reads and
 * validates every variable (an error names the variable and the expected form);
 * `resolveConfig(options)` fills defaults for the embedded factory, where explicit options beat
 * the environment.
 *
 * ```ts
 * const config = loadConfig(process.env);   // throws ConfigError on KAFKA_BROKERS=''
 * const embedded = resolveConfig({ inlineLimit: 1024 });
 * ```
 */
export interface CorruptionServiceConfig {
  /** Consumer group of the clean-batch workers (`GROUP_ID`). */
  groupId: string;
  /** Consumer group of the augmentation-request workers (`AUGMENT_GROUP_ID`). */
  augmentGroupId: string;
  /** This worker's id in corrupted batches (`WORKER_ID`). */
  workerId: string;
  topics: {
    clean: string;
    corrupted: string;
    augmentRequests: string;
    /** Default reply topic when a request has no `replyTo`. */
    augmentResults: string;
    dlq: string;
  };
  /** Create the topics (with `partitions` partitions) at start when missing (`ENSURE_TOPICS`). */
  ensureTopics: boolean;
  /** Partitions of the work topics it creates: the most workers one group can use (`PARTITIONS`). */
  partitions: number;
  /** Corruption network of augment requests that name none (`ADA_NETWORK`). */
  defaultNetwork: CorruptionNetworkName;
  /** AdA defaults of augment requests: the paper's nu, steps and SSIM guard. */
  defaultNu: number;
  defaultSteps: number;
  defaultSsimThreshold: number;
  /** Classifier checkpoints kept loaded, least recently used evicted (`CHECKPOINT_CACHE_SIZE`). */
  checkpointCacheSize: number;
  /** Largest output kept inline; larger ones are claim-checked to the store (`INLINE_LIMIT`). */
  inlineLimit: number;
  /** Largest message accepted and produced, in bytes (`MAX_MESSAGE_BYTES`). */
  maxMessageBytes: number;
  /**
   * Images per AdA call; the event loop (heartbeats, health, signals) runs between calls, and
   * each chunk gets its own seed derived from the message's (`CHUNK_IMAGES`).
   */
  chunkImages: number;
  /** Most images one batch or request may carry (`MAX_IMAGES`). */
  maxImages: number;
  /** Largest image height or width accepted (`MAX_IMAGE_SIDE`). */
  maxImageSide: number;
  /** Attempts for retriable failures before dead-lettering / a failed reply (`MAX_ATTEMPTS`). */
  maxAttempts: number;
  /** Kafka session timeout: a batch must finish well within it (`SESSION_TIMEOUT_MS`). */
  sessionTimeoutMs: number;
  logLevel: LogLevel;
}

/**
 * Process-only settings (`main.ts`): where to connect and serve. The shared ones (`brokers`,
 * `host`, `dataDir`, `bucket`, `prefix`) are read by `platformConfig` of `@ada/service-kit`.
 */
export interface ProcessConfig extends CorruptionServiceConfig, PlatformConfig {
  /** Health/readiness HTTP port (`ADA_CORRUPTION_PORT`, 0 picks a free one). */
  port: number;
  shutdownTimeoutMs: number;
}

export { ConfigError };

export function resolveConfig(
  options: Partial<CorruptionServiceConfig> = {},
): CorruptionServiceConfig {
  const workerId = options.workerId ?? defaultWorkerId();
  const config: CorruptionServiceConfig = {
    groupId: 'corruption-service',
    augmentGroupId: 'corruption-service.augment',
    ensureTopics: true,
    partitions: 4,
    defaultNetwork: DEFAULT_CORRUPTION_NETWORK,
    defaultNu: 0.015,
    defaultSteps: 10,
    defaultSsimThreshold: 0.3,
    checkpointCacheSize: 3,
    inlineLimit: DEFAULT_INLINE_LIMIT,
    maxMessageBytes: DEFAULT_MAX_MESSAGE_BYTES,
    chunkImages: 4,
    maxImages: 1024,
    maxImageSide: 256,
    maxAttempts: 3,
    sessionTimeoutMs: 30_000,
    logLevel: 'info',
    ...dropUndefined(options),
    workerId,
    topics: {
      clean: TOPICS.batchesClean,
      corrupted: TOPICS.batchesCorrupted,
      augmentRequests: TOPICS.augmentRequests,
      augmentResults: TOPICS.augmentResults,
      dlq: TOPICS.dlq,
      ...dropUndefined(options.topics ?? {}),
    },
  };
  const check = (ok: boolean, name: string, want: string, got: unknown) => {
    if (!ok) {
      throw new RangeError(
        `Option '${name}' of the corruption-service config must be ${want}, got ${String(got)}`,
      );
    }
  };
  const posInt = (name: keyof CorruptionServiceConfig) => {
    const v = config[name];
    check(Number.isInteger(v) && (v as number) >= 1, name, 'an integer >= 1', v);
  };
  for (const name of [
    'partitions',
    'checkpointCacheSize',
    'maxMessageBytes',
    'maxImages',
    'maxImageSide',
    'chunkImages',
    'maxAttempts',
    'sessionTimeoutMs',
    'defaultSteps',
  ] as const) {
    posInt(name);
  }
  check(
    Number.isInteger(config.inlineLimit) && config.inlineLimit >= 0,
    'inlineLimit',
    'an integer >= 0',
    config.inlineLimit,
  );
  check(config.defaultNu > 0 && config.defaultNu <= 1, 'defaultNu', 'in (0, 1]', config.defaultNu);
  check(
    config.defaultSsimThreshold >= 0 && config.defaultSsimThreshold <= 1,
    'defaultSsimThreshold',
    'in [0, 1]',
    config.defaultSsimThreshold,
  );
  check(
    CORRUPTION_NETWORK_NAMES.includes(config.defaultNetwork),
    'defaultNetwork',
    `one of ${CORRUPTION_NETWORK_NAMES.join(', ')}`,
    config.defaultNetwork,
  );
  check(LOG_LEVELS.includes(config.logLevel), 'logLevel', LOG_LEVELS.join(' | '), config.logLevel);
  check(
    idSchema.safeParse(config.workerId).success,
    'workerId',
    'an id [A-Za-z0-9._:-]{1,200}',
    workerId,
  );
  for (const [name, topic] of Object.entries(config.topics)) {
    check(TOPIC_NAME.test(topic), `topics.${name}`, 'a Kafka topic name', topic);
  }
  for (const name of ['groupId', 'augmentGroupId'] as const) {
    check(config[name].length > 0 && config[name].length <= 249, name, '1-249 chars', config[name]);
  }
  return config;
}

/** Every variable `loadConfig` reads, with its default (the README table is generated from it). */
export const ENV_VARIABLES = {
  KAFKA_BROKERS: 'required: comma-separated host:port list',
  S3_ENDPOINT: 'unset: filesystem store under ADA_DATA_DIR (also MINIO_ENDPOINT)',
  S3_ACCESS_KEY: 'required with S3_ENDPOINT (also MINIO_ACCESS_KEY)',
  S3_SECRET_KEY: 'required with S3_ENDPOINT (also MINIO_SECRET_KEY)',
  S3_REGION: 'us-east-1',
  S3_BUCKET: 'ada',
  S3_PREFIX: 'none',
  ADA_DATA_DIR: '.ada',
  ADA_CORRUPTION_PORT: '8081 (0 picks a free port)',
  ADA_HEALTH_HOST: '127.0.0.1',
  GROUP_ID: 'corruption-service',
  AUGMENT_GROUP_ID: '<GROUP_ID>.augment',
  WORKER_ID: 'corruption-<host>-<pid>',
  CLEAN_TOPIC: TOPICS.batchesClean,
  CORRUPTED_TOPIC: TOPICS.batchesCorrupted,
  AUGMENT_REQUESTS_TOPIC: TOPICS.augmentRequests,
  AUGMENT_RESULTS_TOPIC: TOPICS.augmentResults,
  DLQ_TOPIC: TOPICS.dlq,
  ENSURE_TOPICS: 'true',
  PARTITIONS: '4',
  ADA_NETWORK: DEFAULT_CORRUPTION_NETWORK,
  CHECKPOINT_CACHE_SIZE: '3',
  INLINE_LIMIT: String(DEFAULT_INLINE_LIMIT),
  MAX_MESSAGE_BYTES: String(DEFAULT_MAX_MESSAGE_BYTES),
  CHUNK_IMAGES: '4',
  MAX_IMAGES: '1024',
  MAX_IMAGE_SIDE: '256',
  MAX_ATTEMPTS: '3',
  SESSION_TIMEOUT_MS: '30000',
  SHUTDOWN_TIMEOUT_MS: '120000',
  LOG_LEVEL: 'info (debug | info | warn | error)',
} as const;

/**
 * Reads and validates the process configuration from the environment; a bad variable is a
 * `ConfigError` naming it (the process exits 2).
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ProcessConfig {
  const e = envReader(env);
  const platform = platformConfig(e);
  const int = (name: keyof typeof ENV_VARIABLES, min: number, max?: number) =>
    e.optional(name) === undefined ? undefined : e.int(name, min, min, max);
  const topic = (name: keyof typeof ENV_VARIABLES) =>
    e.optional(name) === undefined ? undefined : e.topic(name, '');
  const groupId = e.optional('GROUP_ID');
  const ensureTopics = e.optional('ENSURE_TOPICS');
  const network = e.optional('ADA_NETWORK');
  const service = resolveConfig({
    groupId,
    augmentGroupId:
      e.optional('AUGMENT_GROUP_ID') ?? (groupId === undefined ? undefined : `${groupId}.augment`),
    workerId: e.matching(
      'WORKER_ID',
      (v) => idSchema.safeParse(v).success,
      'an id of 1-200 chars [A-Za-z0-9._:-]',
    ),
    topics: {
      clean: topic('CLEAN_TOPIC'),
      corrupted: topic('CORRUPTED_TOPIC'),
      augmentRequests: topic('AUGMENT_REQUESTS_TOPIC'),
      augmentResults: topic('AUGMENT_RESULTS_TOPIC'),
      dlq: topic('DLQ_TOPIC'),
    } as CorruptionServiceConfig['topics'],
    ensureTopics: ensureTopics === undefined ? undefined : e.bool('ENSURE_TOPICS', true),
    partitions: int('PARTITIONS', 1),
    defaultNetwork:
      network === undefined
        ? undefined
        : e.oneOf('ADA_NETWORK', CORRUPTION_NETWORK_NAMES, DEFAULT_CORRUPTION_NETWORK),
    checkpointCacheSize: int('CHECKPOINT_CACHE_SIZE', 1),
    inlineLimit: int('INLINE_LIMIT', 0),
    maxMessageBytes: int('MAX_MESSAGE_BYTES', 1024),
    chunkImages: int('CHUNK_IMAGES', 1),
    maxImages: int('MAX_IMAGES', 1),
    maxImageSide: int('MAX_IMAGE_SIDE', 11),
    maxAttempts: int('MAX_ATTEMPTS', 1),
    sessionTimeoutMs: int('SESSION_TIMEOUT_MS', 1000),
    logLevel: e.logLevel(),
  });
  return {
    ...service,
    ...platform,
    port: int('ADA_CORRUPTION_PORT', 0, 65535) ?? 8081,
    shutdownTimeoutMs: int('SHUTDOWN_TIMEOUT_MS', 1000) ?? 120_000,
  };
}

const TOPIC_NAME = /^[A-Za-z0-9._-]{1,249}$/;

function defaultWorkerId(): string {
  const host =
    hostname()
      .replace(/[^A-Za-z0-9._:-]/g, '-')
      .slice(0, 100) || 'host';
  return `corruption-${host}-${process.pid}`;
}

function dropUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
