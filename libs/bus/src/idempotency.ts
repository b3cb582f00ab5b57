import { HEADER_MESSAGE_ID } from '@ada/contracts';
import type { DeliveredMessage, DeliveryContext, MessageHandler } from './bus.ts';
import { PermanentHandlerError } from './errors.ts';

/**
 * Idempotent consumption: a handler wrapped by `idempotent` runs once per message id, however
 * often at-least-once delivery hands the message over (redelivery after a crash, a producer
 * retry, a duplicate publish). The id defaults to the `ada-message-id` header, which
 * `publishEvents` sets to the contract's id (batch id, request id).
 *
 * The id is recorded after the handler succeeded, so a crash in between runs the handler again:
 * its effects must be idempotent too (publish results keyed by the same id; overwrite, do not
 * append). Concurrent duplicates in one process wait for the first and are then skipped.
 *
 * ```ts
 * const seen = new MemoryIdempotencyStore(100_000);
 * await bus.subscribe({ topic, groupId, handler: idempotent(handle, { seen }) });
 * ```
 */
export interface IdempotencyStore {
  has(id: string): Promise<boolean>;
  add(id: string): Promise<void>;
}

/** An in-memory, size-bounded set of handled ids (oldest forgotten first). */
export class MemoryIdempotencyStore implements IdempotencyStore {
  private readonly ids = new Set<string>();

  constructor(private readonly capacity = 100_000) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(
        `Argument 'capacity' passed to 'MemoryIdempotencyStore' must be an integer >= 1, got ${capacity}`,
      );
    }
  }

  async has(id: string): Promise<boolean> {
    return this.ids.has(id);
  }

  async add(id: string): Promise<void> {
    this.ids.delete(id);
    this.ids.add(id);
    while (this.ids.size > this.capacity) {
      const oldest = this.ids.values().next().value as string;
      this.ids.delete(oldest);
    }
  }
}

export interface IdempotentOptions {
  seen: IdempotencyStore;
  /** The id of a message (default: its `ada-message-id` header). */
  idOf?: (message: DeliveredMessage) => string | undefined;
  /** Called for each skipped duplicate. */
  onDuplicate?: (id: string, message: DeliveredMessage) => void;
}

export function idempotent(handler: MessageHandler, options: IdempotentOptions): MessageHandler {
  const idOf = options.idOf ?? ((m: DeliveredMessage) => m.headers[HEADER_MESSAGE_ID]);
  const inFlight = new Map<string, Promise<void>>();
  return async (message: DeliveredMessage, context: DeliveryContext) => {
    const id = idOf(message);
    if (id === undefined || id === '') {
      throw new PermanentHandlerError(`message has no id (header '${HEADER_MESSAGE_ID}')`, {
        topic: message.topic,
        key: message.key,
      });
    }
    const running = inFlight.get(id);
    if (running !== undefined) await running.catch(() => undefined);
    if (await options.seen.has(id)) {
      options.onDuplicate?.(id, message);
      return;
    }
    const run = (async () => {
      await handler(message, context);
      await options.seen.add(id);
    })();
    inFlight.set(id, run);
    try {
      await run;
    } finally {
      if (inFlight.get(id) === run) inFlight.delete(id);
    }
  };
}
