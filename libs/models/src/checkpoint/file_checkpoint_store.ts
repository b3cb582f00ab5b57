import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { CheckpointError } from './checkpoint_error.ts';
import type { CheckpointStore } from './types.ts';

/** Keys are relative slash paths without `.`/`..` segments, e.g. `runs/r1/ckpt-100/manifest.json`. */
function resolveKey(root: string, key: string): string {
  const parts = key.split('/');
  if (
    key.length === 0 ||
    isAbsolute(key) ||
    parts.some((p) => p === '' || p === '.' || p === '..')
  ) {
    throw new CheckpointError(
      `Argument 'key' passed to the file checkpoint store must be a relative path of non-empty segments without '.' or '..', got '${key}'`,
      key,
    );
  }
  const base = resolve(root);
  const path = resolve(join(base, ...parts));
  if (!path.startsWith(base + sep))
    throw new CheckpointError(`Key '${key}' leaves the store root`, key);
  return path;
}

/**
 * A `CheckpointStore` on the local file system under `root`. `put` writes to a temporary file
 * beside the target, then renames it over the target (atomic on one file system), so readers
 * never see a partial file. `get` of a missing key rejects with a `CheckpointError` naming it.
 *
 * ```ts
 * const store = fileCheckpointStore('data/checkpoints');
 * await saveCheckpoint(store, 'run-1/step-100', { arch, config, step: 100, weights });
 * ```
 */
export function fileCheckpointStore(root: string): CheckpointStore {
  if (typeof root !== 'string' || root.length === 0) {
    throw new Error(
      `Argument 'root' passed to 'fileCheckpointStore' must be a non-empty path, got '${String(root)}'`,
    );
  }
  return {
    async put(key: string, bytes: Uint8Array): Promise<void> {
      const path = resolveKey(root, key);
      const tmp = `${path}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`;
      try {
        await mkdir(dirname(path), { recursive: true });
        await writeFile(tmp, bytes);
        await rename(tmp, path);
      } catch (cause) {
        await rm(tmp, { force: true });
        throw new CheckpointError(`Cannot write '${key}' under '${root}'`, key, true, { cause });
      }
    },
    async get(key: string): Promise<Uint8Array> {
      const path = resolveKey(root, key);
      try {
        return new Uint8Array(await readFile(path));
      } catch (cause) {
        const missing = (cause as NodeJS.ErrnoException).code === 'ENOENT';
        throw new CheckpointError(
          missing
            ? `Checkpoint file '${key}' does not exist under '${root}'`
            : `Cannot read '${key}' under '${root}'`,
          key,
          !missing,
          { cause },
        );
      }
    },
  };
}
