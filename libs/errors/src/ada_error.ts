/**
 * The one error base of the platform (kafkajs `errors.js`, Apollo's error codes): every error
 * that contracts, bus, store, records and services raise on purpose is an `AdaError` with
 *
 * - `code`: a public UPPER_SNAKE code (`INVALID_MESSAGE`, `NOT_FOUND`, `INVALID_CONFIG`, ...),
 *   what the gateway maps to a GraphQL error code and run records store for a failed run;
 * - `retriable`: whether the same call or message may succeed later (consumers retry these and
 *   dead-letter the others);
 * - `cause`: the lower-level error, when there is one.
 *
 * Tell errors apart with `instanceof` (or `code`), never by `name` strings.
 *
 * ```ts
 * class StoreError extends AdaError {}
 * throw new StoreError('object not found', { code: 'NOT_FOUND', cause });
 * if (e instanceof AdaError && e.retriable) retry();
 * ```
 */
export interface AdaErrorOptions {
  /** Public UPPER_SNAKE code; default `INTERNAL`. */
  code?: string;
  /** Default false. */
  retriable?: boolean;
  cause?: unknown;
}

const CODE = /^[A-Z][A-Z0-9_]*$/;

export class AdaError extends Error {
  readonly code: string;
  readonly retriable: boolean;

  constructor(message: string, options: AdaErrorOptions = {}) {
    super(message, options.cause === undefined ? {} : { cause: options.cause });
    const code = options.code ?? 'INTERNAL';
    if (!CODE.test(code)) {
      throw new TypeError(`AdaError code must be UPPER_SNAKE ([A-Z][A-Z0-9_]*), got '${code}'`);
    }
    this.name = new.target.name;
    this.code = code;
    this.retriable = options.retriable ?? false;
  }
}

/** The public code of any thrown value: an `AdaError`'s code, else `INTERNAL`. */
export function publicCode(error: unknown): string {
  return error instanceof AdaError ? error.code : 'INTERNAL';
}

/**
 * Whether retrying may help: an `AdaError`'s flag; any other value counts as retriable (an
 * unknown failure, e.g. a network error from a client library, may be transient).
 */
export function isRetriable(error: unknown): boolean {
  if (error instanceof AdaError) return error.retriable;
  if (typeof error === 'object' && error !== null && 'retriable' in error) {
    return (error as { retriable: unknown }).retriable === true;
  }
  return true;
}
