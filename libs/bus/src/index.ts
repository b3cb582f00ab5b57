/**
 * @ada/bus: `EventBus` with Kafka (kafkajs) and in-process implementations, the retry /
 * dead-letter policy, contract-checked publish/subscribe, idempotent consumption.
 *
 * ```ts
 * import { createEventBus, publishEvents, subscribeEvents } from '@ada/bus';
 * const bus = createEventBus({ clientId: 'trainer' });   // Kafka when KAFKA_BROKERS is set
 * ```
 */
export type {
  EventBus,
  BusRecord,
  DeliveredMessage,
  DeliveryContext,
  MessageHandler,
  SubscribeOptions,
  Subscription,
  TopicSpec,
} from './bus.ts';
export { InProcessBus } from './in_process_bus.ts';
export { KafkaBus, kafkaOptionsFromEnv } from './kafka_bus.ts';
export type { KafkaBusOptions } from './kafka_bus.ts';
export { createEventBus } from './create_event_bus.ts';
export type { CreateEventBusOptions } from './create_event_bus.ts';
export { BusError, PermanentHandlerError, RetriableHandlerError } from './errors.ts';
export type { BusErrorOptions } from './errors.ts';
export {
  deliver,
  deadLetterRecord,
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_RETRY_BACKOFF_MS,
} from './delivery.ts';
export type { DeliveryPolicy, DeliveryOutcome } from './delivery.ts';
export { publishEvents, subscribeEvents } from './typed.ts';
export type { PublishEventsOptions, SubscribeEventsOptions, EventHandler } from './typed.ts';
export { idempotent, MemoryIdempotencyStore } from './idempotency.ts';
export type { IdempotencyStore, IdempotentOptions } from './idempotency.ts';
export { partitionForKey, murmur2 } from './partition.ts';
export { ensurePlatformTopics, platformTopicSpecs } from './platform_topics.ts';
export type { PlatformTopicsOptions } from './platform_topics.ts';
export { RequestReplyClient } from './request_reply.ts';
export type { RequestReplyOptions } from './request_reply.ts';
export { kafkaLogCreator, kafkaLogLevel, isRetriedBrokerAnswer } from './kafka_log.ts';
export type { BusLogger } from './kafka_log.ts';
