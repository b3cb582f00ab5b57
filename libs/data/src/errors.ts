/**
 * Errors raised by the dataset readers and writers. Every error names the file or key at fault
 * (`source`) and what was expected; `retriable` is false for malformed input (retrying cannot
 * help) and true for transient I/O failures of a byte source.
 *
 * ```ts
 * try { await loadCifar10({ dataDir }) } catch (e) { if (e instanceof DatasetError) console.error(e.message) }
 * ```
 */
export class DatasetError extends Error {
  readonly source: string | undefined;
  readonly retriable: boolean;

  constructor(
    message: string,
    options: { source?: string; retriable?: boolean; cause?: unknown } = {},
  ) {
    super(options.source ? `${options.source}: ${message}` : message, { cause: options.cause });
    this.name = 'DatasetError';
    this.source = options.source;
    this.retriable = options.retriable ?? false;
  }
}
