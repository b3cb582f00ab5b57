import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { DatasetError } from './errors.ts';

/** Where shard writers put bytes: an object store, a folder, memory. Keys are '/'-separated. */
export interface ByteSink {
  /** Stores `bytes` under `key`; whatever it resolves to is ignored (an `ArtifactStore` fits). */
  put(key: string, bytes: Uint8Array): Promise<unknown>;
}

/** Where shard readers get bytes from. A missing key rejects (ideally with a `DatasetError`). */
export interface ByteSource {
  get(key: string): Promise<Uint8Array>;
}

export type ByteStore = ByteSink & ByteSource;

/**
 * A `ByteStore` in memory (tests, in-process pipelines). Stored bytes are copied on put.
 *
 * ```ts
 * const store = new MemoryByteStore();
 * await writeShards(ds, store, { prefix: 'datasets/demo-train' });
 * ```
 */
export class MemoryByteStore implements ByteStore {
  readonly objects = new Map<string, Uint8Array>();

  async put(key: string, bytes: Uint8Array): Promise<void> {
    this.objects.set(key, new Uint8Array(bytes));
  }

  async get(key: string): Promise<Uint8Array> {
    const bytes = this.objects.get(key);
    if (!bytes) throw new DatasetError('no such key', { source: key });
    return bytes;
  }
}

/**
 * A `ByteStore` over a local folder: key 'a/b.npy' is the file `<root>/a/b.npy`. Writes go to a
 * temporary file renamed into place, so a reader never sees half a file. Keys may not leave the
 * root ('..' segments, absolute keys).
 */
export function directoryByteStore(root: string): ByteStore {
  const base = resolve(root);
  const pathOf = (key: string): string => {
    const p = resolve(base, ...key.split('/'));
    if (
      key.length === 0 ||
      key.startsWith('/') ||
      !(p + sep).startsWith(base + sep) ||
      p === base
    ) {
      throw new DatasetError(`key must be a relative path inside the store`, { source: key });
    }
    return p;
  };
  return {
    async put(key, bytes) {
      const p = pathOf(key);
      await mkdir(dirname(p), { recursive: true });
      const tmp = `${p}.tmp-${process.pid}-${Date.now()}`;
      await writeFile(tmp, bytes);
      await rename(tmp, p);
    },
    async get(key) {
      const p = pathOf(key);
      try {
        const buf = await readFile(p);
        return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        throw new DatasetError(code === 'ENOENT' ? 'no such key' : `cannot read (${code})`, {
          source: join(root, key),
          cause: err,
          retriable: code !== 'ENOENT',
        });
      }
    },
  };
}
