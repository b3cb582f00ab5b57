import { PermanentHandlerError } from '@ada/bus';

/**
 * A message the service understood but cannot serve (unknown classifier or corruption network,
 * images it cannot corrupt, labels outside the classifier's classes). Never retriable; the
 * message is safe to show to the requester (augment replies carry it as `error`).
 *
 * ```ts
 * throw new UnservableError("unknown classifier 'models/x/manifest.json'", { field: 'classifier' });
 * ```
 */
export class UnservableError extends PermanentHandlerError {
  readonly field: string | undefined;

  constructor(message: string, options: { field?: string; cause?: unknown; key?: string } = {}) {
    super(message, {
      ...(options.cause === undefined ? {} : { cause: options.cause }),
      ...(options.key === undefined ? {} : { key: options.key }),
    });
    this.name = 'UnservableError';
    this.field = options.field;
  }
}
