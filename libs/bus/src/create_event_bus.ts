import type { EventBus } from './bus.ts';
import { InProcessBus } from './in_process_bus.ts';
import { KafkaBus, kafkaOptionsFromEnv } from './kafka_bus.ts';
import type { BusLogger } from './kafka_log.ts';

/**
 * The bus a process should use: Kafka when brokers are given (explicitly or by `KAFKA_BROKERS`),
 * otherwise an in-process bus (embedded mode).
 *
 * ```ts
 * const bus = createEventBus({ clientId: 'corruption-service' });
 * ```
 */
export interface CreateEventBusOptions {
  clientId: string;
  /** Overrides `KAFKA_BROKERS`; an empty list forces the in-process bus. */
  brokers?: readonly string[];
  env?: NodeJS.ProcessEnv;
  /** Where the Kafka client's log goes (structured; see `KafkaBusOptions.logger`). */
  logger?: BusLogger;
}

export function createEventBus(options: CreateEventBusOptions): EventBus {
  const logger = options.logger === undefined ? {} : { logger: options.logger };
  if (options.brokers !== undefined) {
    return options.brokers.length === 0
      ? new InProcessBus()
      : new KafkaBus({ brokers: options.brokers, clientId: options.clientId, ...logger });
  }
  const fromEnv = kafkaOptionsFromEnv(options.clientId, options.env ?? process.env);
  return fromEnv === undefined ? new InProcessBus() : new KafkaBus({ ...fromEnv, ...logger });
}
