/**
 * `EventBus`: topics of keyed byte messages with consumer groups, at-least-once delivery, retries
 * and a dead-letter topic. Two implementations pass one contract suite: `KafkaBus` (kafkajs, any
 * Kafka 2.8+ broker) and `InProcessBus` (embedded mode, one process).
 *
 * Semantics shared by both:
 * - a message goes to the partition its key hashes to, so one key stays ordered;
 * - each consumer group receives every message once per successful handling; members of a group
 *   share the topic's partitions, each partition handled by one member, in order;
 * - a message's offset is committed only after its handler succeeded (or it was dead-lettered),
 *   so a member that dies mid-message leaves it to the next owner (at-least-once; Kafka commits
 *   every `commitIntervalMs`, so what was handled since the last commit comes again: make
 *   handlers idempotent, see `idempotent`);
 * - a handler error with `retriable: false`, or one that keeps failing for `maxAttempts`, sends
 *   the message to the dead-letter topic with the reason, and consumption goes on.
 *
 * ```ts
 * await bus.ensureTopics([{ topic: 'ada.batches.clean.v1', partitions: 4 }]);
 * await bus.publish('ada.batches.clean.v1', [{ key: runId, value: bytes }]);
 * const sub = await bus.subscribe({ topic: 'ada.batches.clean.v1', groupId: 'corruption-service',
 *   handler: async (m) => { ... } });
 * await sub.close();
 * ```
 */
export interface BusRecord {
  /** Partitioning key (run id, request id); null spreads messages over partitions. */
  key: string | null;
  value: Uint8Array;
  headers?: Record<string, string>;
}

/** A message as a consumer receives it. */
export interface DeliveredMessage {
  topic: string;
  partition: number;
  /** Offset within the partition, as a decimal string. */
  offset: string;
  key: string | null;
  /** Null for a tombstone. */
  value: Uint8Array | null;
  headers: Record<string, string>;
}

/** Per-delivery context given to handlers. */
export interface DeliveryContext {
  /** 1 for the first attempt in this consumer, 2 for the first retry, ... */
  attempt: number;
  groupId: string;
}

export type MessageHandler = (message: DeliveredMessage, context: DeliveryContext) => Promise<void>;

export interface TopicSpec {
  topic: string;
  /** Number of partitions (default 1). */
  partitions?: number;
}

export interface SubscribeOptions {
  topic: string;
  groupId: string;
  handler: MessageHandler;
  /** New groups start at the earliest message (default true) or only see new ones. */
  fromBeginning?: boolean;
  /** Attempts for retriable handler errors before dead-lettering (default 3). */
  maxAttempts?: number;
  /** Delay before the first retry, doubled each time (default 100 ms). */
  retryBackoffMs?: number;
  /** Dead-letter topic (default `ada.dlq.v1`); created when missing. */
  deadLetterTopic?: string;
  /** Kafka: the session timeout after which a silent member is evicted (default 10000 ms). */
  sessionTimeoutMs?: number;
}

export interface Subscription {
  readonly topic: string;
  readonly groupId: string;
  /** Partitions this member currently owns. */
  assignedPartitions(): number[];
  /** Stops fetching, waits for the message in progress, commits, leaves the group. */
  close(): Promise<void>;
}

export interface EventBus {
  /** Creates missing topics and waits until they have leaders; existing ones are left alone. */
  ensureTopics(specs: readonly TopicSpec[]): Promise<void>;
  /** Appends records to a topic (created with one partition when missing). */
  publish(topic: string, records: readonly BusRecord[]): Promise<void>;
  /** Joins `groupId` on `topic` and handles messages until closed. */
  subscribe(options: SubscribeOptions): Promise<Subscription>;
  /** Closes every subscription, then the connections. */
  close(): Promise<void>;
}
