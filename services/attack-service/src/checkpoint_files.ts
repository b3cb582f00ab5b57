import { createHash } from 'node:crypto';
import type { CheckpointRefV1 } from '@ada/contracts';
import { CheckpointError, parseManifest } from '@ada/models';
import { ObjectNotFoundError, type ArtifactStore } from '@ada/store';
import { AttackRequestError } from './params.ts';

/**
 * Reads the files of the checkpoint a request names (`checkpoint.key`: the manifest key, or its
 * folder) from the store: the manifest, then every file it lists. Checks `checkpoint.sha256`
 * against the manifest bytes. Missing objects and bad manifests fail naming the field.
 */
export async function readCheckpointFiles(
  store: ArtifactStore,
  ref: CheckpointRefV1,
): Promise<{ checkpointKey: string; files: Record<string, Uint8Array> }> {
  const folder = ref.key.replace(/\/manifest\.json$/, '').replace(/\/+$/, '');
  const manifestKey = `${folder}/manifest.json`;
  try {
    const manifestBytes = await store.get(manifestKey);
    const sha256 = createHash('sha256').update(manifestBytes).digest('hex');
    if (ref.sha256 !== undefined && ref.sha256 !== sha256) {
      throw new AttackRequestError(
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
      throw new AttackRequestError(
        `checkpoint '${ref.key}' is not in the store (missing '${e.key ?? manifestKey}'; expected a published <folder>/manifest.json)`,
        'checkpoint.key',
      );
    }
    if (e instanceof CheckpointError) throw new AttackRequestError(e.message, 'checkpoint.key');
    throw e;
  }
}
