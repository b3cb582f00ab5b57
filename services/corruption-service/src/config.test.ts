import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, resolveConfig } from './config.ts';
import { startWorkerProcess } from './testing/worker_process.ts';

/** `loadConfig`: defaults, overrides, and errors that name the variable and the expected form. */
const base = { KAFKA_BROKERS: '127.0.0.1:19092' };

describe('loadConfig', () => {
  it('fills the documented defaults from KAFKA_BROKERS alone', () => {
    const c = loadConfig(base);
    expect(c).toMatchObject({
      brokers: ['127.0.0.1:19092'],
      groupId: 'corruption-service',
      augmentGroupId: 'corruption-service.augment',
      port: 8081,
      host: '127.0.0.1',
      logLevel: 'info',
      defaultNetwork: 'rdn-slim-x2',
      checkpointCacheSize: 3,
      chunkImages: 4,
      inlineLimit: 256 * 1024,
      topics: {
        clean: 'ada.batches.clean.v1',
        corrupted: 'ada.batches.corrupted.v1',
        augmentRequests: 'ada.augment.requests.v1',
        augmentResults: 'ada.augment.results.v1',
        dlq: 'ada.dlq.v1',
      },
    });
    expect(c.workerId).toMatch(/^corruption-.+-\d+$/);
  });

  it('applies overrides: GROUP_ID (and the augment group after it), ADA_CORRUPTION_PORT, topics, LOG_LEVEL', () => {
    const c = loadConfig({
      ...base,
      KAFKA_BROKERS: 'a:1, b:2',
      GROUP_ID: 'g1',
      ADA_CORRUPTION_PORT: '0',
      CLEAN_TOPIC: 'x.clean',
      LOG_LEVEL: 'debug',
      ENSURE_TOPICS: 'false',
    });
    expect(c).toMatchObject({
      brokers: ['a:1', 'b:2'],
      groupId: 'g1',
      augmentGroupId: 'g1.augment',
      port: 0,
    });
    expect(c.topics.clean).toBe('x.clean');
    expect(c.logLevel).toBe('debug');
    expect(c.ensureTopics).toBe(false);
  });

  it.each([
    [{}, 'KAFKA_BROKERS', 'host:port'],
    [{ KAFKA_BROKERS: 'localhost' }, 'KAFKA_BROKERS', 'host:port'],
    [{ ...base, ADA_CORRUPTION_PORT: 'http' }, 'ADA_CORRUPTION_PORT', 'an integer in [0, 65535]'],
    [{ ...base, ADA_CORRUPTION_PORT: '70000' }, 'ADA_CORRUPTION_PORT', '[0, 65535]'],
    [{ ...base, LOG_LEVEL: 'verbose' }, 'LOG_LEVEL', 'debug | info | warn | error'],
    [{ ...base, ADA_NETWORK: 'vgg' }, 'ADA_NETWORK', 'rdn-slim-x2'],
    [{ ...base, CHUNK_IMAGES: '0' }, 'CHUNK_IMAGES', 'an integer >= 1'],
    [{ ...base, CLEAN_TOPIC: 'a topic' }, 'CLEAN_TOPIC', 'Kafka topic name'],
    [{ ...base, WORKER_ID: 'a/b' }, 'WORKER_ID', '[A-Za-z0-9._:-]'],
    [{ ...base, ENSURE_TOPICS: 'maybe' }, 'ENSURE_TOPICS', 'true or false'],
    [{ ...base, S3_ENDPOINT: 'ftp://x' }, 'S3_ENDPOINT', 'http(s) URL'],
    [{ ...base, S3_ENDPOINT: 'http://x:1' }, 'S3_ACCESS_KEY', 'set when S3_ENDPOINT is set'],
  ])('rejects %j naming %s', (env, variable, expected) => {
    let error: unknown;
    try {
      loadConfig(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
    expect((error as Error).message).toContain(variable);
    expect((error as Error).message).toContain(expected);
  });

  it('resolveConfig names the option of the embedded factory', () => {
    expect(() => resolveConfig({ checkpointCacheSize: 0 })).toThrow(
      "Option 'checkpointCacheSize' of the corruption-service config must be an integer >= 1, got 0",
    );
  });
});

describe('main.ts', () => {
  it('exits 2 with one record naming the variable when the configuration is invalid', async () => {
    const worker = startWorkerProcess({
      KAFKA_BROKERS: '127.0.0.1:19092',
      ADA_CORRUPTION_PORT: 'eighty',
    });
    expect(await worker.exit).toBe(2);
    expect(worker.records).toEqual([
      expect.objectContaining({
        level: 'error',
        service: 'corruption-service',
        msg: 'configuration invalid',
        fields: {
          variable: 'ADA_CORRUPTION_PORT',
          error: "ADA_CORRUPTION_PORT must be an integer in [0, 65535], got 'eighty'",
        },
      }),
    ]);
  });
});
