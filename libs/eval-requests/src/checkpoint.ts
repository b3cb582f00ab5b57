import { createHash } from 'node:crypto';
import type { CheckpointRefV1 } from '@ada/contracts';
import { CheckpointError, loadClassifier, parseManifest, type Classifier } from '@ada/models';
import { ObjectNotFoundError, type ArtifactStore } from '@ada/store';
import { EvalRequestError } from './errors.ts';

/** The bytes of one checkpoint: its folder key and every file by key (the manifest included). */
export interface CheckpointFiles {
  checkpointKey: string;
  files: Record<string, Uint8Array>;
}

/**
 * Reads the files of the checkpoint a request names (`checkpoint.key`: the manifest key, or its
 * folder) from the store: the manifest, then every file it lists. When the request gives
 * `checkpoint.sha256`, the manifest bytes must hash to it, or the request is refused before any
 * weight is read. Errors name the field: a missing object or a bad manifest `checkpoint.key`, a
 * checksum that does not match `checkpoint.sha256`. Store outages pass through (retriable).
 *
 * ```ts
 * const { checkpointKey, files } = await readCheckpointFiles(store, request.checkpoint);
 * // checkpointKey 'runs/r1/ckpt/7', files['runs/r1/ckpt/7/manifest.json'], ...
 * ```
 */
export async function readCheckpointFiles(
  store: ArtifactStore,
  ref: CheckpointRefV1,
): Promise<CheckpointFiles> {
  const folder = ref.key.replace(/\/manifest\.json$/, '').replace(/\/+$/, '');
  const manifestKey = `${folder}/manifest.json`;
  try {
    const manifestBytes = await store.get(manifestKey);
    const sha256 = createHash('sha256').update(manifestBytes).digest('hex');
    if (ref.sha256 !== undefined && ref.sha256 !== sha256) {
      throw new EvalRequestError(
        `checkpoint '${ref.key}' has manifest sha256 ${sha256}, the request names ${ref.sha256}`,
        'checkpoint.sha256',
      );
    }
    const manifest = parseManifest(manifestKey, manifestBytes);
    const files: Record<string, Uint8Array> = { [manifestKey]: manifestBytes };
    for (const f of [manifest.files.weights, manifest.files.optimizer]) {
      if (f !== undefined) files[`${folder}/${f.path}`] = await store.get(`${folder}/${f.path}`);
    }
    return { checkpointKey: folder, files };
  } catch (e) {
    if (e instanceof ObjectNotFoundError) {
      throw new EvalRequestError(
        `checkpoint '${ref.key}' is not in the store (missing '${e.key ?? manifestKey}'; expected a published <folder>/manifest.json)`,
        'checkpoint.key',
      );
    }
    if (e instanceof CheckpointError && !e.retriable) {
      throw new EvalRequestError(e.message, 'checkpoint.key');
    }
    throw e;
  }
}

/**
 * The classifier of the checkpoint a request names, read and checked by `readCheckpointFiles`
 * (optimizer state, if stored, is dropped). A checkpoint that does not hold a classifier fails
 * naming `checkpoint.key`. The caller disposes the classifier.
 *
 * ```ts
 * const model = await loadRequestedClassifier(store, request.checkpoint);
 * try { ... } finally { model.dispose(); }
 * ```
 */
export async function loadRequestedClassifier(
  store: ArtifactStore,
  ref: CheckpointRefV1,
): Promise<Classifier> {
  const { checkpointKey, files } = await readCheckpointFiles(store, ref);
  const source = {
    get: async (key: string): Promise<Uint8Array> => {
      const bytes = files[key];
      if (bytes === undefined)
        throw new CheckpointError(`Checkpoint file '${key}' is missing`, key);
      return bytes;
    },
  };
  try {
    const { classifier, optimizer } = await loadClassifier(source, checkpointKey);
    for (const t of Object.values(optimizer ?? {})) t.dispose();
    return classifier;
  } catch (e) {
    if (e instanceof CheckpointError && !e.retriable) {
      throw new EvalRequestError(e.message, 'checkpoint.key');
    }
    throw e;
  }
}
