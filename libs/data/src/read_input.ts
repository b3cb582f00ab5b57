import { readFile } from 'node:fs/promises';
import { DatasetError } from './errors.ts';

/**
 * Reads a whole file for a dataset reader; a missing or unreadable file becomes a
 * `DatasetError` that names the path and what the reader expected to find there.
 *
 * ```ts
 * const bytes = await readInput(join(dir, 'labels.npy'), 'CIFAR-10-C labels (uint8 [5*N])');
 * ```
 */
export async function readInput(path: string, expected: string): Promise<Uint8Array> {
  try {
    const buf = await readFile(path);
    return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new DatasetError(`missing file; expected ${expected}`, { source: path, cause: err });
    }
    throw new DatasetError(`cannot read file (${code ?? String(err)}); expected ${expected}`, {
      source: path,
      cause: err,
      retriable: code === 'EMFILE' || code === 'EAGAIN' || code === 'EBUSY',
    });
  }
}
