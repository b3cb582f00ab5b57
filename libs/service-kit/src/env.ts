import { AdaError } from '@ada/errors';
import { LOG_LEVELS, type LogLevel } from './logger.ts';

/**
 * Reading a service's configuration from the environment, once, at start-up: every getter
 * validates its variable and throws a `ConfigError` whose message starts with the variable's name
 * and says what was expected and what it got (`runServiceMain` prints it and exits 2).
 *
 * Naming scheme, one for every service: `KAFKA_BROKERS`, `S3_*` and `ADA_DATA_DIR` are shared;
 * a service's own variables are `ADA_<SERVICE>_<WHAT>` (`ADA_TRAINER_PORT`, `ADA_ATTACK_GROUP`);
 * `ADA_HEALTH_HOST` and `LOG_LEVEL` mean the same in every service.
 *
 * ```ts
 * const env = envReader(process.env);
 * const port = env.int('ADA_ATTACK_PORT', 8084, 0, 65535);
 * const topic = env.topic('ADA_EVAL_REQUESTS_TOPIC', 'ada.eval.requests.v1');
 * const brokers = env.brokers();   // KAFKA_BROKERS, required
 * ```
 */
/** A bad environment variable of a service (code `INVALID_CONFIG`; its process exits 2). */
export class ConfigError extends AdaError {
  /** The variable at fault, when one is. */
  readonly variable: string | undefined;

  constructor(message: string, options: { variable?: string; cause?: unknown } = {}) {
    super(message, {
      code: 'INVALID_CONFIG',
      ...(options.cause === undefined ? {} : { cause: options.cause }),
    });
    this.variable = options.variable;
  }

  /** `<variable> must be <expected>, got '<value>'` (or `got nothing (unset)`). */
  static invalid(variable: string, expected: string, got: string | undefined): ConfigError {
    return new ConfigError(
      `${variable} must be ${expected}, got ${got === undefined ? 'nothing (unset)' : `'${got}'`}`,
      { variable },
    );
  }
}

export interface EnvReader {
  /** The trimmed value, or undefined when unset or empty. */
  optional(name: string): string | undefined;
  /** An integer in [min, max] (max default: none), or `fallback` when unset. */
  int(name: string, fallback: number, min: number, max?: number): number;
  /** `1/true/yes` or `0/false/no` (any case), or `fallback` when unset. */
  bool(name: string, fallback: boolean): boolean;
  /** One of `values`, or `fallback` when unset. */
  oneOf<T extends string>(name: string, values: readonly T[], fallback: T): T;
  /**
   * A value matching `pattern` (a regular expression or a predicate; `expected` describes it in
   * the error), or undefined when unset.
   */
  matching(
    name: string,
    pattern: RegExp | ((value: string) => boolean),
    expected: string,
  ): string | undefined;
  /** A Kafka topic name ([A-Za-z0-9._-]{1,249}), or `fallback` when unset. */
  topic(name: string, fallback: string): string;
  /** `LOG_LEVEL` (default `info`). */
  logLevel(name?: string): LogLevel;
  /**
   * The Kafka brokers of a cluster-mode process (default variable `KAFKA_BROKERS`), required: a
   * process alone on a private in-process bus has no peers, so a missing or malformed list is a
   * `ConfigError` naming the variable, never a silent fallback. Embedded mode wires the service
   * factories in one process instead.
   */
  brokers(name?: string): string[];
}

const TOPIC_NAME = /^[A-Za-z0-9._-]{1,249}$/;
const BROKER = /^[A-Za-z0-9.[\]:-]+:\d{1,5}$/;

export function envReader(env: NodeJS.ProcessEnv): EnvReader {
  const optional = (name: string) => {
    const v = env[name]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  const matching: EnvReader['matching'] = (name, pattern, expected) => {
    const raw = optional(name);
    const ok = typeof pattern === 'function' ? pattern : (v: string) => pattern.test(v);
    if (raw !== undefined && !ok(raw)) throw ConfigError.invalid(name, expected, raw);
    return raw;
  };
  const oneOf = <T extends string>(name: string, values: readonly T[], fallback: T): T => {
    const raw = optional(name);
    if (raw === undefined) return fallback;
    if (!(values as readonly string[]).includes(raw)) {
      throw ConfigError.invalid(name, `one of ${values.join(' | ')}`, raw);
    }
    return raw as T;
  };
  return {
    optional,
    matching,
    oneOf,
    int(name, fallback, min, max = Number.MAX_SAFE_INTEGER) {
      const raw = optional(name);
      if (raw === undefined) return fallback;
      const value = Number(raw);
      if (!/^\d+$/.test(raw) || value < min || value > max) {
        const range =
          max === Number.MAX_SAFE_INTEGER
            ? `an integer >= ${min}`
            : `an integer in [${min}, ${max}]`;
        throw ConfigError.invalid(name, range, raw);
      }
      return value;
    },
    bool(name, fallback) {
      const raw = optional(name)?.toLowerCase();
      if (raw === undefined) return fallback;
      if (['1', 'true', 'yes'].includes(raw)) return true;
      if (['0', 'false', 'no'].includes(raw)) return false;
      throw ConfigError.invalid(name, 'true or false', optional(name));
    },
    topic(name, fallback) {
      return matching(name, TOPIC_NAME, 'a Kafka topic name ([A-Za-z0-9._-]{1,249})') ?? fallback;
    },
    logLevel(name = 'LOG_LEVEL') {
      return oneOf(name, LOG_LEVELS, 'info');
    },
    brokers(name = 'KAFKA_BROKERS') {
      const raw = optional(name);
      const expected =
        'a comma-separated list of host:port (e.g. 127.0.0.1:19092): this process talks to the other services over Kafka; embedded mode wires the service factories in one process instead';
      const list = (raw ?? '')
        .split(',')
        .map((b) => b.trim())
        .filter((b) => b !== '');
      if (list.length === 0 || !list.every((b) => BROKER.test(b))) {
        throw ConfigError.invalid(name, expected, raw);
      }
      return list;
    },
  };
}
