import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('defaults (with the required KAFKA_BROKERS)', () => {
    expect(loadConfig({ KAFKA_BROKERS: 'k1:9092, k2:9092' })).toEqual({
      port: 8084,
      host: '127.0.0.1',
      groupId: 'attack-service',
      requestsTopic: 'ada.eval.requests.v1',
      resultsTopic: 'ada.eval.results.v1',
      dlqTopic: 'ada.dlq.v1',
      maxExamples: 10000,
      batchSize: 64,
      sessionTimeoutMs: 30000,
      dataDir: '.ada',
      bucket: 'ada',
      workers: 4,
      brokers: ['k1:9092', 'k2:9092'],
    });
  });

  it('refuses to start without KAFKA_BROKERS instead of using a private in-process bus', () => {
    expect(() => loadConfig({})).toThrow(ConfigError);
    expect(() => loadConfig({})).toThrow(
      /^KAFKA_BROKERS must be a comma-separated list of host:port/,
    );
  });

  it.each([
    ['ADA_ATTACK_PORT', '70000'],
    ['ADA_ATTACK_MAX_EXAMPLES', '0'],
    ['ADA_EVAL_REQUESTS_TOPIC', 'no spaces'],
  ])('%s=%s fails at start naming the variable', (name, value) => {
    const env = { KAFKA_BROKERS: 'k1:9092', [name]: value };
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`^${name} must be`));
  });
});
