import { TOPICS } from '@ada/contracts';
import {
  Kafka,
  Partitioners,
  logLevel,
  type Admin,
  type Consumer,
  type IHeaders,
  type Producer,
} from 'kafkajs';
import type {
  BusRecord,
  DeliveredMessage,
  EventBus,
  SubscribeOptions,
  Subscription,
  TopicSpec,
} from './bus.ts';
import { DEFAULT_MAX_ATTEMPTS, DEFAULT_RETRY_BACKOFF_MS, deliver } from './delivery.ts';
import { BusError } from './errors.ts';
import { kafkaLogCreator, kafkaLogLevel, type BusLogger } from './kafka_log.ts';

/**
 * `EventBus` on Apache Kafka through kafkajs 2.2.4. Topics are created explicitly (admin
 * `createTopics` with `waitForLeaders`) before the first publish or subscribe; the producer is
 * idempotent with `acks: all`, requests are split at ~1 MB; consumers commit offsets only of
 * messages whose handler succeeded or that were dead-lettered (every `commitIntervalMs`, and on
 * close), and heartbeat while a long handler runs.
 *
 * ```ts
 * const bus = new KafkaBus({ brokers: ['127.0.0.1:19092'], clientId: 'trainer' });
 * await bus.ensureTopics([{ topic: 'ada.runs.v1', partitions: 4 }]);
 * ```
 */
export interface KafkaBusOptions {
  brokers: readonly string[];
  clientId?: string;
  /** Partitions of topics the bus creates on first use (default 1). */
  defaultPartitions?: number;
  /**
   * Where kafkajs's own log goes, as structured records (see `kafkaLogCreator`: the broker
   * answers it retries at start are debug, real failures errors). Without it kafkajs prints
   * its errors to the console.
   */
  logger?: BusLogger;
  /** kafkajs log level (default: errors only; with `logger`, what the logger writes). */
  logLevel?: logLevel;
  /** Largest sum of value sizes sent in one produce request (default 900 KB). */
  maxRequestBytes?: number;
  /**
   * How often consumers commit the offsets of handled messages (default 1000 ms; 0 commits after
   * every message). A crash redelivers what was handled since the last commit.
   */
  commitIntervalMs?: number;
}

/** `KAFKA_BROKERS` (comma-separated host:port) as options; undefined when unset. */
export function kafkaOptionsFromEnv(
  clientId: string,
  env: NodeJS.ProcessEnv = process.env,
): KafkaBusOptions | undefined {
  const brokers = env['KAFKA_BROKERS'];
  if (brokers === undefined || brokers.trim() === '') return undefined;
  return { brokers: brokers.split(',').map((b) => b.trim()), clientId };
}

export class KafkaBus implements EventBus {
  private readonly kafka: Kafka;
  private readonly defaultPartitions: number;
  private readonly maxRequestBytes: number;
  private readonly commitIntervalMs: number;
  private admin: Promise<Admin> | undefined;
  private producer: Promise<Producer> | undefined;
  private readonly known = new Set<string>();
  private readonly subscriptions = new Set<KafkaSubscription>();
  private closed = false;

  constructor(options: KafkaBusOptions) {
    if (!Array.isArray(options?.brokers) || options.brokers.length === 0) {
      throw new TypeError(
        "Argument 'options.brokers' passed to 'KafkaBus' must be a non-empty list of host:port",
      );
    }
    this.defaultPartitions = options.defaultPartitions ?? 1;
    this.maxRequestBytes = options.maxRequestBytes ?? 900_000;
    this.commitIntervalMs = options.commitIntervalMs ?? 1000;
    this.kafka = new Kafka({
      clientId: options.clientId ?? 'ada',
      brokers: [...options.brokers],
      ...(options.logger === undefined
        ? { logLevel: options.logLevel ?? logLevel.ERROR }
        : {
            logLevel: options.logLevel ?? kafkaLogLevel(options.logger),
            logCreator: kafkaLogCreator(options.logger),
          }),
      retry: { initialRetryTime: 100, retries: 8 },
    });
  }

  async ensureTopics(specs: readonly TopicSpec[]): Promise<void> {
    const missing = specs.filter((s) => !this.known.has(s.topic));
    if (missing.length === 0) return;
    const admin = await this.getAdmin();
    try {
      const existing = new Set(await admin.listTopics());
      const create = missing.filter((s) => !existing.has(s.topic));
      if (create.length > 0) {
        await admin.createTopics({
          waitForLeaders: true,
          topics: create.map((s) => ({
            topic: s.topic,
            numPartitions: s.partitions ?? this.defaultPartitions,
            replicationFactor: -1,
          })),
        });
      }
    } catch (cause) {
      // A concurrent creator wins the race: TOPIC_ALREADY_EXISTS is fine.
      if ((cause as { type?: string }).type !== 'TOPIC_ALREADY_EXISTS') {
        throw new BusError('creating topics failed', {
          cause,
          retriable: true,
          topic: missing.map((s) => s.topic).join(','),
        });
      }
    }
    for (const s of missing) this.known.add(s.topic);
  }

  async publish(topic: string, records: readonly BusRecord[]): Promise<void> {
    if (this.closed) throw new BusError('the bus is closed', { topic });
    if (records.length === 0) return;
    await this.ensureTopics([{ topic }]);
    const producer = await this.getProducer();
    try {
      // One produce request per ~1 MB: a broker rejects a record batch over message.max.bytes.
      for (const chunk of chunkBySize(records, this.maxRequestBytes)) {
        await producer.send({
          topic,
          acks: -1,
          messages: chunk.map((r) => ({
            key: r.key,
            value: Buffer.from(r.value.buffer, r.value.byteOffset, r.value.byteLength),
            headers: r.headers ?? {},
          })),
        });
      }
    } catch (cause) {
      throw new BusError('publish failed', {
        cause,
        topic,
        key: records[0]?.key ?? null,
        retriable: (cause as { retriable?: boolean }).retriable !== false,
      });
    }
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    if (this.closed) throw new BusError('the bus is closed', { topic: options.topic });
    const deadLetterTopic = options.deadLetterTopic ?? TOPICS.dlq;
    await this.ensureTopics([{ topic: options.topic }, { topic: deadLetterTopic }]);
    const sessionTimeout = options.sessionTimeoutMs ?? 10_000;
    const consumer = this.kafka.consumer({
      groupId: options.groupId,
      sessionTimeout,
      rebalanceTimeout: Math.max(sessionTimeout, 10_000),
      heartbeatInterval: Math.max(100, Math.floor(sessionTimeout / 5)),
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: 200,
      retry: { initialRetryTime: 100, retries: 8 },
    });
    const sub = new KafkaSubscription(consumer, options, this.commitIntervalMs, (record) =>
      this.publish(deadLetterTopic, [record]),
    );
    await sub.start();
    this.subscriptions.add(sub);
    sub.onClose = () => this.subscriptions.delete(sub);
    return sub;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    if (this.producer !== undefined) await (await this.producer).disconnect();
    if (this.admin !== undefined) await (await this.admin).disconnect();
  }

  private getAdmin(): Promise<Admin> {
    this.admin ??= (async () => {
      const admin = this.kafka.admin();
      await admin.connect();
      return admin;
    })();
    return this.admin;
  }

  private getProducer(): Promise<Producer> {
    this.producer ??= (async () => {
      const producer = this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      await producer.connect();
      return producer;
    })();
    return this.producer;
  }
}

class KafkaSubscription implements Subscription {
  readonly topic: string;
  readonly groupId: string;
  onClose: (() => void) | undefined;
  private partitions: number[] = [];
  private stopping = false;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly consumer: Consumer,
    private readonly options: SubscribeOptions,
    private readonly commitIntervalMs: number,
    private readonly deadLetter: (record: BusRecord) => Promise<void>,
  ) {
    this.topic = options.topic;
    this.groupId = options.groupId;
  }

  assignedPartitions(): number[] {
    return [...this.partitions];
  }

  async start(): Promise<void> {
    const { consumer, options } = this;
    consumer.on(consumer.events.GROUP_JOIN, (event) => {
      this.partitions = [...(event.payload.memberAssignment[this.topic] ?? [])].sort(
        (a, b) => a - b,
      );
    });
    consumer.on(consumer.events.REBALANCING, () => {
      this.partitions = [];
    });
    await consumer.connect();
    await consumer.subscribe({
      topics: [options.topic],
      fromBeginning: options.fromBeginning ?? true,
    });
    await consumer.run({
      // kafkajs commits the offset of a message only after eachMessage resolved (handled or
      // dead-lettered): at least once. Interval 0 = after every message.
      autoCommit: true,
      ...(this.commitIntervalMs === 0
        ? { autoCommitThreshold: 1 }
        : { autoCommitInterval: this.commitIntervalMs }),
      eachMessage: async ({ topic, partition, message, heartbeat }) => {
        const delivered: DeliveredMessage = {
          topic,
          partition,
          offset: message.offset,
          key: message.key === null ? null : message.key.toString('utf8'),
          value:
            message.value === null
              ? null
              : new Uint8Array(
                  message.value.buffer,
                  message.value.byteOffset,
                  message.value.byteLength,
                ),
          headers: headersToStrings(message.headers),
        };
        // Keep the session alive while a long handler (an AdA batch) runs.
        const beat = setInterval(
          () => void heartbeat().catch(() => undefined),
          Math.max(100, Math.floor((options.sessionTimeoutMs ?? 10_000) / 4)),
        );
        let outcome;
        try {
          outcome = await deliver(delivered, options.handler, {
            groupId: this.groupId,
            maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
            retryBackoffMs: options.retryBackoffMs ?? DEFAULT_RETRY_BACKOFF_MS,
            deadLetter: this.deadLetter,
            stopping: () => this.stopping,
          });
        } finally {
          clearInterval(beat);
        }
        if (outcome === 'abandoned') {
          throw new BusError('consumer stopping; message left uncommitted', { topic });
        }
      },
    });
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      this.stopping = true;
      await this.consumer.disconnect();
      this.partitions = [];
      this.onClose?.();
    })();
    return this.closing;
  }
}

function headersToStrings(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) out[name] = first.toString();
  }
  return out;
}

/** Splits records into runs whose value sizes sum to at most `limit` (a larger record alone). */
function chunkBySize(records: readonly BusRecord[], limit: number): BusRecord[][] {
  const chunks: BusRecord[][] = [];
  let current: BusRecord[] = [];
  let size = 0;
  for (const record of records) {
    const n = record.value.byteLength;
    if (current.length > 0 && size + n > limit) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(record);
    size += n;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
