import { AdaError } from '@ada/errors';
import { kafkaOptionsFromEnv } from './kafka_bus.ts';

/**
 * Reading a service's configuration from the environment, once, at start-up: every getter
 * validates its variable and throws a `ConfigError` naming it and the accepted range.
 *
 * ```ts
 * const env = envReader(process.env);
 * const port = env.int('ADA_ATTACK_PORT', 8084, 0, 65535);
 * const topic = env.topic('ADA_EVAL_REQUESTS_TOPIC', 'ada.eval.requests.v1');
 * ```
 */
/** A bad environment variable of a service (code `INVALID_CONFIG`; its process exits 2). */
export class ConfigError extends AdaError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { code: 'INVALID_CONFIG', ...options });
  }
}

export interface EnvReader {
  /** The trimmed value, or undefined when unset or empty. */
  optional(name: string): string | undefined;
  /** An integer in [min, max], or `fallback` when unset. */
  int(name: string, fallback: number, min: number, max: number): number;
  /** A Kafka topic name ([A-Za-z0-9._-]{1,249}), or `fallback` when unset. */
  topic(name: string, fallback: string): string;
}

const TOPIC_NAME = /^[A-Za-z0-9._-]{1,249}$/;

export function envReader(env: NodeJS.ProcessEnv): EnvReader {
  const optional = (name: string) => {
    const v = env[name]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  return {
    optional,
    int(name, fallback, min, max) {
      const raw = optional(name);
      if (raw === undefined) return fallback;
      const value = Number(raw);
      if (!/^\d+$/.test(raw) || value < min || value > max) {
        throw new ConfigError(`${name} must be an integer in [${min}, ${max}], got '${raw}'`);
      }
      return value;
    },
    topic(name, fallback) {
      const value = optional(name) ?? fallback;
      if (!TOPIC_NAME.test(value)) {
        throw new ConfigError(
          `${name} must be a Kafka topic name ([A-Za-z0-9._-]{1,249}), got '${value}'`,
        );
      }
      return value;
    },
  };
}

/**
 * `KAFKA_BROKERS` of a service process, required: a process alone on a private in-process bus
 * has no peers, so a missing or malformed list is a `ConfigError` naming the variable (exit 2),
 * never a silent fallback. Embedded mode wires the service factories in one process instead.
 */
export function requiredKafkaBrokers(clientId: string, env: NodeJS.ProcessEnv): string[] {
  const kafka = kafkaOptionsFromEnv(clientId, env);
  if (kafka === undefined) {
    throw new ConfigError(
      'KAFKA_BROKERS must be set (host:port,...): this process talks to the other services over Kafka; embedded mode wires the service factories in one process instead',
    );
  }
  return [...kafka.brokers];
}
