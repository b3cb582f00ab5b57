/**
 * Errors of `@ada/bus`, with `retriable`, `cause` and the topic/key at fault (kafkajs style).
 *
 * ```ts
 * throw new BusError('broker unreachable', { retriable: true, topic, cause });
 * ```
 */
import { AdaError } from '@ada/errors';

export interface BusErrorOptions {
  /** Public code (default `BUS_ERROR`); see `@ada/errors`. */
  code?: string;
  retriable?: boolean;
  cause?: unknown;
  topic?: string;
  key?: string | null;
}

/** Base class of every error of `@ada/bus` (an `AdaError`). */
export class BusError extends AdaError {
  readonly topic: string | undefined;
  readonly key: string | null | undefined;

  constructor(message: string, options: BusErrorOptions = {}) {
    const where = [
      options.topic === undefined ? undefined : `topic '${options.topic}'`,
      options.key === undefined || options.key === null ? undefined : `key '${options.key}'`,
    ].filter((s): s is string => s !== undefined);
    super(where.length === 0 ? message : `${message} (${where.join(', ')})`, {
      code: options.code ?? 'BUS_ERROR',
      retriable: options.retriable ?? false,
      cause: options.cause,
    });
    this.name = 'BusError';
    this.topic = options.topic;
    this.key = options.key;
  }
}

/** Thrown by a handler to dead-letter a message at once (not retriable). */
export class PermanentHandlerError extends BusError {
  constructor(message: string, options: Omit<BusErrorOptions, 'retriable'> = {}) {
    super(message, { code: 'HANDLER_FAILED', ...options, retriable: false });
    this.name = 'PermanentHandlerError';
  }
}

/** Thrown by a handler when a retry may succeed (a dependency is down, a timeout). */
export class RetriableHandlerError extends BusError {
  constructor(message: string, options: Omit<BusErrorOptions, 'retriable'> = {}) {
    super(message, { code: 'HANDLER_RETRY', ...options, retriable: true });
    this.name = 'RetriableHandlerError';
  }
}
