import { describe, expect, it } from 'vitest';
import { ConfigError, envReader } from './env_config.ts';

describe('envReader', () => {
  const env = envReader({ A: ' 42 ', B: '', C: '7x', T: 'bad topic!', U: 'ada.eval.requests.v1' });

  it('reads trimmed values and falls back when unset or empty', () => {
    expect(env.optional('A')).toBe('42');
    expect(env.optional('B')).toBeUndefined();
    expect(env.int('A', 1, 0, 100)).toBe(42);
    expect(env.int('B', 5, 0, 100)).toBe(5);
    expect(env.topic('U', 'x')).toBe('ada.eval.requests.v1');
    expect(env.topic('MISSING', 'ada.dlq.v1')).toBe('ada.dlq.v1');
  });

  it('names the variable and the range on bad values', () => {
    expect(() => env.int('C', 1, 0, 100)).toThrow(
      new ConfigError("C must be an integer in [0, 100], got '7x'"),
    );
    expect(() => env.int('A', 1, 0, 10)).toThrow(/A must be an integer in \[0, 10\], got '42'/);
    expect(() => env.topic('T', 'x')).toThrow(/T must be a Kafka topic name/);
  });
});
