import {
  HEADER_MESSAGE_ID,
  HEADER_SCHEMA_VERSION,
  decodeEvent,
  encodeEvent,
  type EventContract,
} from '@ada/contracts';
import type {
  DeliveredMessage,
  DeliveryContext,
  EventBus,
  SubscribeOptions,
  Subscription,
} from './bus.ts';

/**
 * Contract-checked publishing and consuming: values are validated and encoded with their
 * `EventContract` at produce time (an invalid value never reaches the wire), and decoded and
 * validated at consume time, where a bad message (not JSON, wrong shape, NaN, truncated tensor,
 * oversized) goes to the dead-letter topic with reason `invalid` and the field at fault.
 *
 * ```ts
 * await publishEvents(bus, batchesCleanV1, [batch]);            // key = run id
 * await subscribeEvents(bus, { contract: batchesCleanV1, groupId: 'corruption-service',
 *   handler: async (batch) => { ... } });
 * ```
 */
export interface PublishEventsOptions<T = unknown> {
  /** Topic to use instead of the contract's (tests, reply-to topics). */
  topic?: string;
  headers?: Record<string, string>;
  maxBytes?: number;
  /**
   * Message key of a value instead of the contract's `keyOf` (e.g. batch ids, to spread one
   * run's work batches over the partitions of a worker group when their order does not matter).
   */
  keyOf?: (value: T) => string;
}

export async function publishEvents<T>(
  bus: EventBus,
  contract: EventContract<T>,
  values: readonly T[],
  options: PublishEventsOptions<T> = {},
): Promise<void> {
  const topic = options.topic ?? contract.topic;
  const records = values.map((value) => {
    const key = (options.keyOf ?? contract.keyOf)(value);
    const codec = {
      topic,
      key,
      ...(options.maxBytes === undefined ? {} : { maxBytes: options.maxBytes }),
    };
    return {
      key,
      value: encodeEvent(contract, value, codec),
      headers: {
        ...options.headers,
        [HEADER_MESSAGE_ID]: contract.idOf(value),
        [HEADER_SCHEMA_VERSION]: String(contract.version),
      },
    };
  });
  await bus.publish(topic, records);
}

export type EventHandler<T> = (
  value: T,
  message: DeliveredMessage,
  context: DeliveryContext,
) => Promise<void>;

export interface SubscribeEventsOptions<T> extends Omit<SubscribeOptions, 'topic' | 'handler'> {
  contract: EventContract<T>;
  /** Topic to use instead of the contract's. */
  topic?: string;
  handler: EventHandler<T>;
  maxBytes?: number;
}

export function subscribeEvents<T>(
  bus: EventBus,
  options: SubscribeEventsOptions<T>,
): Promise<Subscription> {
  const { contract, handler, maxBytes, ...rest } = options;
  const topic = options.topic ?? contract.topic;
  return bus.subscribe({
    ...rest,
    topic,
    handler: async (message, context) => {
      const value = decodeEvent(contract, message.value, {
        topic,
        ...(message.key === null ? {} : { key: message.key }),
        ...(maxBytes === undefined ? {} : { maxBytes }),
      });
      await handler(value, message, context);
    },
  });
}
