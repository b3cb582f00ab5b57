/**
 * Errors of `@ada/records`. Each carries a public `code` (what the gateway maps to a GraphQL error
 * code), `retriable` (whether the same call may succeed later), an optional `cause`, and the run,
 * experiment or store key at fault.
 *
 * ```ts
 * try { await reader.getRun('r1') }
 * catch (e) { if (e instanceof RecordNotFoundError) return null; throw e }
 * ```
 */
import { AdaError } from '@ada/errors';

export type RecordsErrorCode =
  | 'RECORD_NOT_FOUND'
  | 'RECORD_CONFLICT'
  | 'RECORD_IMMUTABLE'
  | 'RECORD_INVALID'
  | 'INVALID_ARGUMENT';

export interface RecordsErrorOptions {
  retriable?: boolean;
  cause?: unknown;
  /** Store key of the record at fault. */
  key?: string;
}

/** Base class of every error raised by the records reader and writer (an `AdaError`). */
export class RecordsError extends AdaError {
  declare readonly code: RecordsErrorCode;
  readonly key: string | undefined;

  constructor(code: RecordsErrorCode, message: string, options: RecordsErrorOptions = {}) {
    super(options.key === undefined ? message : `${message} (record '${options.key}')`, {
      code,
      retriable: options.retriable ?? false,
      cause: options.cause,
    });
    this.name = 'RecordsError';
    this.key = options.key;
  }
}

/** No experiment or run with that id. */
export class RecordNotFoundError extends RecordsError {
  constructor(what: string, options: Omit<RecordsErrorOptions, 'retriable'> = {}) {
    super('RECORD_NOT_FOUND', `${what} not found`, { ...options, retriable: false });
    this.name = 'RecordNotFoundError';
  }
}

/** An id already taken by a record with other content (e.g. another config). */
export class RecordConflictError extends RecordsError {
  constructor(message: string, options: Omit<RecordsErrorOptions, 'retriable'> = {}) {
    super('RECORD_CONFLICT', message, { ...options, retriable: false });
    this.name = 'RecordConflictError';
  }
}

/** A write to a run that has finished (SUCCEEDED, FAILED or CANCELLED), or a status change the
 * lifecycle does not allow. */
export class RecordImmutableError extends RecordsError {
  constructor(message: string, options: Omit<RecordsErrorOptions, 'retriable'> = {}) {
    super('RECORD_IMMUTABLE', message, { ...options, retriable: false });
    this.name = 'RecordImmutableError';
  }
}

/** A stored record that does not satisfy its schema (corrupt or written by a foreign tool). */
export class RecordValidationError extends RecordsError {
  /** Every violation, as `field: message`. */
  readonly issues: readonly string[];

  constructor(message: string, issues: readonly string[], options: RecordsErrorOptions = {}) {
    super('RECORD_INVALID', `${message}: ${issues.join('; ')}`, { ...options, retriable: false });
    this.name = 'RecordValidationError';
    this.issues = issues;
  }
}

/** An argument of a reader or writer call outside its documented shape or range. */
export class RecordArgumentError extends RecordsError {
  constructor(message: string) {
    super('INVALID_ARGUMENT', message, { retriable: false });
    this.name = 'RecordArgumentError';
  }
}
