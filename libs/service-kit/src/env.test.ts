import { describe, expect, it } from 'vitest';
import { ConfigError, envReader } from './env.ts';

/** Throws what `fn` throws, as a ConfigError (fails the test when it is anything else). */
function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('envReader', () => {
  const env = envReader({
    A: ' 42 ',
    B: '',
    C: '7x',
    T: 'bad topic!',
    U: 'ada.eval.requests.v1',
    Y: 'Yes',
    N: '0',
    M: 'maybe',
    L: 'verbose',
  });

  it('reads trimmed values and falls back when unset or empty', () => {
    expect(env.optional('A')).toBe('42');
    expect(env.optional('B')).toBeUndefined();
    expect(env.int('A', 1, 0, 100)).toBe(42);
    expect(env.int('B', 5, 0, 100)).toBe(5);
    expect(env.topic('U', 'x')).toBe('ada.eval.requests.v1');
    expect(env.topic('MISSING', 'ada.dlq.v1')).toBe('ada.dlq.v1');
    expect(env.bool('Y', false)).toBe(true);
    expect(env.bool('N', true)).toBe(false);
    expect(env.bool('MISSING', true)).toBe(true);
    expect(env.oneOf('MISSING', ['a', 'b'], 'b')).toBe('b');
    expect(envReader({ LOG_LEVEL: 'debug' }).logLevel()).toBe('debug');
    expect(envReader({}).logLevel()).toBe('info');
  });

  it.each([
    ['C', () => env.int('C', 1, 0, 100), "C must be an integer in [0, 100], got '7x'"],
    ['A', () => env.int('A', 1, 0, 10), "A must be an integer in [0, 10], got '42'"],
    ['A', () => env.int('A', 1, 50), "A must be an integer >= 50, got '42'"],
    [
      'T',
      () => env.topic('T', 'x'),
      "T must be a Kafka topic name ([A-Za-z0-9._-]{1,249}), got 'bad topic!'",
    ],
    ['M', () => env.bool('M', true), "M must be true or false, got 'maybe'"],
    ['L', () => env.logLevel('L'), "L must be one of debug | info | warn | error, got 'verbose'"],
    [
      'A',
      () => env.matching('A', /^[a-z]+$/, 'lower-case letters'),
      "A must be lower-case letters, got '42'",
    ],
  ])('a bad %s is a ConfigError naming the variable', (variable, read, message) => {
    const error = configError(read);
    expect(error.message).toBe(message);
    expect(error.variable).toBe(variable);
    expect(error.code).toBe('INVALID_CONFIG');
  });

  it('brokers(): KAFKA_BROKERS is required and must be host:port entries', () => {
    expect(envReader({ KAFKA_BROKERS: 'k1:9092, k2:9092' }).brokers()).toEqual([
      'k1:9092',
      'k2:9092',
    ]);
    for (const value of [undefined, '', ' , ', 'localhost', 'k1:9092,http://x']) {
      const error = configError(() => envReader({ KAFKA_BROKERS: value }).brokers());
      expect(error.variable).toBe('KAFKA_BROKERS');
      expect(error.message).toMatch(/^KAFKA_BROKERS must be a comma-separated list of host:port/);
    }
  });
});
