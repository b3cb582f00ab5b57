/**
 * A checkpoint could not be written or read: missing, truncated or tampered files, a malformed
 * manifest, or a failing store. `key` names the file at fault; `retriable` is true only when the
 * store itself failed (I/O), never for corrupt content.
 */
export class CheckpointError extends Error {
  constructor(
    message: string,
    readonly key: string,
    readonly retriable = false,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CheckpointError';
  }
}
