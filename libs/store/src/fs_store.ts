import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ArtifactStore, ObjectInfo, StoredObject } from './artifact_store.ts';
import { ObjectNotFoundError, StoreChecksumError, StoreError } from './errors.ts';
import { HashingStream } from './hashing_stream.ts';
import { existsByStat, sortByKey } from './object_info.ts';
import { RESERVED_SEGMENT_PREFIX, checkKey, checkPrefix } from './keys.ts';

/**
 * `ArtifactStore` on a local directory (embedded mode). Object `a/b` is the file `<root>/a/b`;
 * its size and sha256 live in `<root>/.ada-meta/a/b.json`. Writes go to `<root>/.ada-tmp/` and
 * are renamed into place (atomic on one file system).
 *
 * ```ts
 * const store = new FsArtifactStore({ root: '/var/lib/ada/store' });
 * await store.put('x/y.bin', new Uint8Array([1, 2, 3]));
 * ```
 */
export interface FsArtifactStoreOptions {
  /** Directory holding the objects (created on first write). */
  root: string;
}

const META = `${RESERVED_SEGMENT_PREFIX}meta`;
const TMP = `${RESERVED_SEGMENT_PREFIX}tmp`;

interface Meta {
  sha256: string;
  size: number;
}

export class FsArtifactStore implements ArtifactStore {
  readonly root: string;

  constructor(options: FsArtifactStoreOptions) {
    if (typeof options?.root !== 'string' || options.root.length === 0) {
      throw new TypeError(
        "Argument 'options.root' passed to 'FsArtifactStore' must be a non-empty path",
      );
    }
    this.root = options.root;
  }

  async put(key: string, bytes: Uint8Array): Promise<StoredObject> {
    checkKey(key);
    const meta = { sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length };
    const tmp = await this.tmpPath();
    await writeFile(tmp, bytes);
    await this.commit(key, tmp, meta);
    return { key, ...meta };
  }

  async putStream(
    key: string,
    source: Readable | AsyncIterable<Uint8Array>,
  ): Promise<StoredObject> {
    checkKey(key);
    const tmp = await this.tmpPath();
    const hashing = new HashingStream();
    try {
      await pipeline(toReadable(source), hashing, createWriteStream(tmp));
    } catch (cause) {
      await rm(tmp, { force: true });
      throw new StoreError('writing the stream failed', { key, cause, retriable: true });
    }
    const meta = hashing.digest();
    await this.commit(key, tmp, meta);
    return { key, ...meta };
  }

  async get(key: string): Promise<Uint8Array> {
    const meta = await this.readMeta(key);
    const bytes = await readFile(this.dataPath(key)).catch((cause: unknown) => {
      throw notFoundOr(key, cause);
    });
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (bytes.length !== meta.size || sha256 !== meta.sha256) {
      throw new StoreChecksumError(
        key,
        `read ${bytes.length} bytes with sha256 ${sha256}, recorded ${meta.size} bytes with sha256 ${meta.sha256}`,
      );
    }
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  async getStream(key: string): Promise<Readable> {
    const meta = await this.readMeta(key);
    const file = createReadStream(this.dataPath(key));
    await new Promise<void>((resolve, reject) => {
      file.once('open', () => resolve());
      file.once('error', (cause) => reject(notFoundOr(key, cause)));
    });
    const check = new HashingStream({ key, ...meta });
    file.on('error', (cause) => check.destroy(notFoundOr(key, cause)));
    return file.pipe(check);
  }

  async stat(key: string): Promise<StoredObject> {
    return { key, ...(await this.readMeta(key)) };
  }

  exists(key: string): Promise<boolean> {
    return existsByStat((k) => this.stat(k), key);
  }

  async list(prefix: string): Promise<ObjectInfo[]> {
    checkPrefix(prefix);
    const metaRoot = join(this.root, META);
    // Only walk the directory the prefix names (or its parent when it ends mid-segment).
    const start = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/')) : '';
    const out: ObjectInfo[] = [];
    const walk = async (dir: string): Promise<void> => {
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw e;
      }
      for (const entry of entries) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) {
          await walk(path);
        } else if (entry.name.endsWith('.json')) {
          const key = relative(metaRoot, path).split(sep).join('/').slice(0, -'.json'.length);
          if (!key.startsWith(prefix)) continue;
          const meta = JSON.parse(await readFile(path, 'utf8')) as Meta;
          out.push({ key, size: meta.size });
        }
      }
    };
    await walk(join(metaRoot, start));
    return sortByKey(out);
  }

  async delete(key: string): Promise<void> {
    checkKey(key);
    await rm(this.metaPath(key), { force: true });
    await rm(this.dataPath(key), { force: true });
  }

  async close(): Promise<void> {
    // Nothing to release: every call opens and closes its own handles.
  }

  private dataPath(key: string): string {
    return join(this.root, ...key.split('/'));
  }

  private metaPath(key: string): string {
    return `${join(this.root, META, ...key.split('/'))}.json`;
  }

  private async tmpPath(): Promise<string> {
    const dir = join(this.root, TMP);
    await mkdir(dir, { recursive: true });
    return join(dir, randomUUID());
  }

  /** Moves a finished temporary file into place, then records its metadata. */
  private async commit(key: string, tmp: string, meta: Meta): Promise<void> {
    const data = this.dataPath(key);
    const metaFile = this.metaPath(key);
    const metaTmp = await this.tmpPath();
    await writeFile(metaTmp, JSON.stringify(meta));
    await mkdir(dirname(data), { recursive: true });
    await mkdir(dirname(metaFile), { recursive: true });
    await rename(tmp, data);
    await rename(metaTmp, metaFile);
  }

  private async readMeta(key: string): Promise<Meta> {
    checkKey(key);
    try {
      return JSON.parse(await readFile(this.metaPath(key), 'utf8')) as Meta;
    } catch (cause) {
      throw notFoundOr(key, cause);
    }
  }
}

function notFoundOr(key: string, cause: unknown): StoreError {
  if ((cause as NodeJS.ErrnoException)?.code === 'ENOENT') return new ObjectNotFoundError(key);
  if (cause instanceof StoreError) return cause;
  return new StoreError('file system error', { key, cause, retriable: true });
}

function toReadable(source: Readable | AsyncIterable<Uint8Array>): Readable {
  return source instanceof Readable ? source : Readable.from(source, { objectMode: false });
}
