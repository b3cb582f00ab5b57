import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { runsV1, type RunEventV1 } from '@ada/contracts';
import { subscribeEvents, type EventBus, type Subscription } from '@ada/bus';

/**
 * The live feed of run events: one subscription of this gateway replica to `ada.runs.v1`, in a
 * consumer group of its own (so every replica sees every event, from the moment it joined), fanned
 * out to the GraphQL subscriptions it serves. The feed holds no state beyond the listeners: what
 * a run looks like comes from its records.
 *
 * Each listener has a bounded queue; a client that does not read loses its oldest `progress`
 * events first (the next one supersedes them), never a lifecycle event, and is dropped when
 * even those overflow.
 *
 * ```ts
 * const feed = new LiveRunFeed(bus);
 * await feed.start();
 * for await (const event of feed.listen((e) => e.runId === 'r1')) { ... }
 * ```
 */
export interface LiveRunFeedOptions {
  /** Consumer group (default `gateway-live.<host>.<random>`: unique per replica). */
  groupId?: string;
  /** Events kept per slow listener before progress events are dropped (default 256). */
  queueLimit?: number;
}

type Listener = {
  accept: (event: RunEventV1) => boolean;
  push: (event: RunEventV1) => void;
  end: () => void;
};

export class LiveRunFeed {
  private readonly listeners = new Set<Listener>();
  private subscription: Subscription | undefined;
  private readonly groupId: string;
  private readonly queueLimit: number;
  private closed = false;

  constructor(
    private readonly bus: EventBus,
    options: LiveRunFeedOptions = {},
  ) {
    const host = hostname()
      .replace(/[^A-Za-z0-9._-]/g, '_')
      .slice(0, 60);
    this.groupId = options.groupId ?? `gateway-live.${host}.${randomBytes(4).toString('hex')}`;
    this.queueLimit = options.queueLimit ?? 256;
  }

  /** Joins `ada.runs.v1` (new events only). */
  async start(): Promise<void> {
    if (this.subscription !== undefined) return;
    await this.bus.ensureTopics([{ topic: runsV1.topic }]);
    this.subscription = await subscribeEvents(this.bus, {
      contract: runsV1,
      groupId: this.groupId,
      fromBeginning: false,
      handler: async (event) => {
        for (const listener of this.listeners) {
          if (listener.accept(event)) listener.push(event);
        }
      },
    });
  }

  /** Number of open listeners (GraphQL subscriptions served by this replica). */
  get size(): number {
    return this.listeners.size;
  }

  /** Whether the feed is subscribed to the bus. */
  get running(): boolean {
    return this.subscription !== undefined && !this.closed;
  }

  /**
   * The events `accept` takes, from now on, until the consumer returns or `until(event)` says the
   * stream is complete (that event is delivered first).
   */
  listen(
    accept: (event: RunEventV1) => boolean,
    until: (event: RunEventV1) => boolean = () => false,
  ): AsyncIterableIterator<RunEventV1> {
    const queue: RunEventV1[] = [];
    let wake: (() => void) | undefined;
    let done = this.closed;
    const listener: Listener = {
      accept,
      push: (event) => {
        if (done) return;
        queue.push(event);
        if (queue.length > this.queueLimit) {
          const oldestProgress = queue.findIndex((e) => e.type === 'progress');
          if (oldestProgress >= 0) queue.splice(oldestProgress, 1);
          else {
            // Nothing to shed: the client cannot keep up with lifecycle events; end it.
            listener.end();
          }
        }
        if (until(event)) done = true;
        wake?.();
      },
      end: () => {
        done = true;
        this.listeners.delete(listener);
        wake?.();
      },
    };
    if (!done) this.listeners.add(listener);
    const iterator: AsyncIterableIterator<RunEventV1> = {
      next: async () => {
        while (queue.length === 0 && !done) {
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
          wake = undefined;
        }
        const event = queue.shift();
        if (event !== undefined) return { value: event, done: false };
        listener.end();
        return { value: undefined, done: true };
      },
      return: async () => {
        queue.length = 0;
        listener.end();
        return { value: undefined, done: true };
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }

  /** Ends every listener and leaves the group. */
  async close(): Promise<void> {
    this.closed = true;
    for (const listener of [...this.listeners]) listener.end();
    const subscription = this.subscription;
    this.subscription = undefined;
    await subscription?.close();
  }
}

/** Whether an event ends its run (completed, failed, cancelled). */
export function isFinalEvent(event: RunEventV1): boolean {
  return event.type === 'completed' || event.type === 'failed' || event.type === 'cancelled';
}
