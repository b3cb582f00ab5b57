import { TOPICS } from '@ada/contracts';
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
import { partitionForKey } from './partition.ts';

/**
 * `EventBus` inside one process (embedded mode and tests): partitioned append-only logs, consumer
 * groups with committed offsets and partition assignment, the same retry / dead-letter policy as
 * `KafkaBus`. Messages are kept in memory for the life of the bus.
 *
 * ```ts
 * const bus = new InProcessBus();
 * await bus.ensureTopics([{ topic: 't', partitions: 2 }]);
 * const sub = await bus.subscribe({ topic: 't', groupId: 'g', handler: async (m) => {} });
 * await bus.publish('t', [{ key: 'run-1', value: new Uint8Array([1]) }]);
 * ```
 */
interface StoredMessage {
  key: string | null;
  value: Uint8Array;
  headers: Record<string, string>;
}

/** One partition's retained messages; offsets are absolute, the first one is `base`. */
interface Partition {
  base: number;
  messages: StoredMessage[];
  /** Sum of the retained values' sizes. */
  bytes: number;
}

interface Topic {
  partitions: Partition[];
  /** Wakes members waiting for new messages. */
  waiters: Set<() => void>;
  roundRobin: number;
}

interface Group {
  committed: number[];
  members: InProcessSubscription[];
}

export interface InProcessBusOptions {
  /**
   * Bytes of message values kept per partition (like Kafka's `retention.bytes`; default 64 MiB,
   * `Infinity` keeps everything). The oldest messages go first, the newest is always kept; a
   * group whose next offset was dropped resumes at the oldest message kept (as Kafka's
   * `auto.offset.reset=earliest`).
   */
  retentionBytes?: number;
}

export class InProcessBus implements EventBus {
  private readonly retentionBytes: number;
  private readonly topics = new Map<string, Topic>();
  private readonly groups = new Map<string, Group>();
  private readonly subscriptions = new Set<InProcessSubscription>();
  private closed = false;

  constructor(options: InProcessBusOptions = {}) {
    const limit = options.retentionBytes ?? 64 * 1024 * 1024;
    if (!(limit >= 0)) {
      throw new RangeError(
        `Argument 'retentionBytes' passed to 'InProcessBus' must be >= 0, got ${limit}`,
      );
    }
    this.retentionBytes = limit;
  }

  /** Messages currently kept for `topic` (all partitions). */
  retainedMessages(topic: string): number {
    return (this.topics.get(topic)?.partitions ?? []).reduce((n, p) => n + p.messages.length, 0);
  }

  async ensureTopics(specs: readonly TopicSpec[]): Promise<void> {
    for (const spec of specs) this.topic(spec.topic, spec.partitions ?? 1);
  }

  async publish(topic: string, records: readonly BusRecord[]): Promise<void> {
    this.checkOpen();
    const t = this.topic(topic, 1);
    for (const record of records) {
      if (!(record.value instanceof Uint8Array)) {
        throw new BusError('record value must be a Uint8Array', { topic, key: record.key });
      }
      const n = t.partitions.length;
      const p = record.key === null ? t.roundRobin++ % n : partitionForKey(record.key, n);
      const part = t.partitions[p] as Partition;
      part.messages.push({
        key: record.key,
        value: record.value.slice(),
        headers: { ...(record.headers ?? {}) },
      });
      part.bytes += record.value.length;
      while (part.bytes > this.retentionBytes && part.messages.length > 1) {
        part.bytes -= (part.messages.shift() as StoredMessage).value.length;
        part.base++;
      }
    }
    for (const wake of [...t.waiters]) wake();
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    this.checkOpen();
    const deadLetterTopic = options.deadLetterTopic ?? TOPICS.dlq;
    const topic = this.topic(options.topic, 1);
    this.topic(deadLetterTopic, 1);
    const groupKey = `${options.groupId}\0${options.topic}`;
    let group = this.groups.get(groupKey);
    if (group === undefined) {
      const start = (p: Partition) =>
        options.fromBeginning === false ? p.base + p.messages.length : p.base;
      group = { committed: topic.partitions.map(start), members: [] };
      this.groups.set(groupKey, group);
    }
    const sub = new InProcessSubscription(this, topic, group, options, deadLetterTopic);
    group.members.push(sub);
    this.subscriptions.add(sub);
    rebalance(group, topic.partitions.length);
    return sub;
  }

  /**
   * Simulates a member dying: it leaves the group at once, nothing more is committed for it, and
   * its partitions (with any message in flight) go to the remaining members.
   */
  kill(subscription: Subscription): void {
    (subscription as InProcessSubscription).kill();
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    this.closed = true;
  }

  /** @internal */
  forget(sub: InProcessSubscription): void {
    this.subscriptions.delete(sub);
  }

  private topic(name: string, partitions: number): Topic {
    if (!/^[A-Za-z0-9._-]{1,249}$/.test(name)) {
      throw new BusError(`invalid topic name '${name}'`, { topic: name });
    }
    if (!Number.isInteger(partitions) || partitions < 1) {
      throw new BusError(`partitions must be an integer >= 1, got ${partitions}`, { topic: name });
    }
    let t = this.topics.get(name);
    if (t === undefined) {
      t = {
        partitions: Array.from({ length: partitions }, () => ({ base: 0, messages: [], bytes: 0 })),
        waiters: new Set(),
        roundRobin: 0,
      };
      this.topics.set(name, t);
    }
    return t;
  }

  private checkOpen(): void {
    if (this.closed) throw new BusError('the bus is closed');
  }
}

/** Round-robin assignment of partitions over members in join order. */
function rebalance(group: Group, partitions: number): void {
  const members = group.members;
  for (const m of members) m.assign([]);
  if (members.length === 0) return;
  const owned: number[][] = members.map(() => []);
  for (let p = 0; p < partitions; p++) owned[p % members.length]?.push(p);
  members.forEach((m, i) => m.assign(owned[i] ?? []));
}

class InProcessSubscription implements Subscription {
  readonly topic: string;
  readonly groupId: string;
  private partitions: number[] = [];
  /** Bumped on every assignment change; a loop whose generation is stale stops. */
  private generation = 0;
  private active = true;
  private readonly loops = new Set<Promise<void>>();
  private readonly maxAttempts: number;
  private readonly retryBackoffMs: number;

  constructor(
    private readonly bus: InProcessBus,
    private readonly log: Topic,
    private readonly group: Group,
    private readonly options: SubscribeOptions,
    private readonly deadLetterTopic: string,
  ) {
    this.topic = options.topic;
    this.groupId = options.groupId;
    this.maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    this.retryBackoffMs = options.retryBackoffMs ?? DEFAULT_RETRY_BACKOFF_MS;
  }

  assignedPartitions(): number[] {
    return [...this.partitions];
  }

  /** @internal */
  assign(partitions: number[]): void {
    this.generation++;
    this.partitions = partitions;
    for (const wake of [...this.log.waiters]) wake();
    const generation = this.generation;
    for (const p of partitions) {
      const loop = this.run(p, generation).finally(() => this.loops.delete(loop));
      this.loops.add(loop);
    }
  }

  async close(): Promise<void> {
    if (!this.active) return;
    this.leave();
    // The messages in flight finish and commit, then the partitions move on.
    await Promise.all([...this.loops]);
    rebalance(this.group, this.log.partitions.length);
  }

  /** @internal A dead member: leaves at once, commits nothing more, partitions move on now. */
  kill(): void {
    if (!this.active) return;
    this.killed = true;
    this.leave();
    rebalance(this.group, this.log.partitions.length);
  }

  private killed = false;

  private leave(): void {
    this.active = false;
    const i = this.group.members.indexOf(this);
    if (i >= 0) this.group.members.splice(i, 1);
    this.bus.forget(this);
    this.generation++;
    for (const wake of [...this.log.waiters]) wake();
  }

  private current(generation: number): boolean {
    return this.active && this.generation === generation;
  }

  private async run(partition: number, generation: number): Promise<void> {
    const part = this.log.partitions[partition] as Partition;
    while (this.current(generation)) {
      if ((this.group.committed[partition] as number) < part.base) {
        // The next message fell out of retention: resume at the oldest one kept.
        this.group.committed[partition] = part.base;
      }
      const offset = this.group.committed[partition] as number;
      const stored = part.messages[offset - part.base];
      if (stored === undefined) {
        await new Promise<void>((resolve) => {
          const wake = () => {
            this.log.waiters.delete(wake);
            resolve();
          };
          this.log.waiters.add(wake);
        });
        continue;
      }
      const message: DeliveredMessage = {
        topic: this.topic,
        partition,
        offset: String(offset),
        key: stored.key,
        value: stored.value.slice(),
        headers: { ...stored.headers },
      };
      const outcome = await deliver(message, this.options.handler, {
        groupId: this.groupId,
        maxAttempts: this.maxAttempts,
        retryBackoffMs: this.retryBackoffMs,
        deadLetter: (record) => this.bus.publish(this.deadLetterTopic, [record]),
        stopping: () => !this.current(generation),
      });
      // A killed member commits nothing; others commit unless a newer owner moved on already.
      if (outcome !== 'abandoned' && !this.killed && this.group.committed[partition] === offset) {
        this.group.committed[partition] = offset + 1;
      }
    }
  }
}
