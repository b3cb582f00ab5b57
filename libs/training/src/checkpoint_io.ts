import { readdir, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  fileCheckpointStore,
  loadCheckpoint,
  resolveCheckpoint,
  saveCheckpoint,
} from '@ada/models';
import type { CheckpointIO } from './experiment.ts';

const LATEST = 'latest.json';

/**
 * Training checkpoints in a directory of the embedded filesystem store: each save writes a
 * complete checkpoint under `step-<N>/` (manifest last), then points `latest.json` at it, then
 * deletes older ones — a crash at any moment leaves a loadable latest checkpoint.
 */
export function fileCheckpointIO(): CheckpointIO {
  return {
    async load(dir) {
      if (!existsSync(join(dir, LATEST))) return undefined;
      // The one resolver of checkpoint folders: a corrupt latest.json is an error naming it.
      const { key } = resolveCheckpoint(dir);
      const ckpt = await loadCheckpoint(fileCheckpointStore(dir), key);
      return { step: ckpt.step, weights: ckpt.weights, optimizer: ckpt.optimizer ?? {} };
    },
    async save(dir, state, meta) {
      const store = fileCheckpointStore(dir);
      const key = `step-${state.step}`;
      await saveCheckpoint(store, key, {
        arch: String(meta.model ?? 'classifier'),
        config: meta,
        step: state.step,
        weights: state.weights,
        optimizer: state.optimizer,
      });
      await store.put(
        LATEST,
        new TextEncoder().encode(`${JSON.stringify({ key, step: state.step })}\n`),
      );
      for (const entry of await readdir(dir)) {
        if (entry.startsWith('step-') && entry !== key)
          await rm(join(dir, entry), { recursive: true, force: true });
      }
    },
  };
}
