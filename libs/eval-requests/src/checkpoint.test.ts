import { createHash } from 'node:crypto';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClassifier, saveClassifier } from '@ada/models';
import { initBackend } from '@ada/tensor';
import { loadRequestedClassifier, readCheckpointFiles } from './checkpoint.ts';
import { EvalRequestError } from './errors.ts';
import { storeAndBus } from './test_fixtures.ts';

const { store, dispose } = storeAndBus('eval-checkpoint-');
const FOLDER = 'runs/c1/ckpt/4';
const MANIFEST = `${FOLDER}/manifest.json`;
let sha256 = '';

beforeAll(async () => {
  await initBackend({ log: false });
  const model = createClassifier('resnet18-w0.125', { numClasses: 10, seed: 1 });
  const sink = { put: async (k: string, b: Uint8Array) => void (await store.put(k, b)) };
  await saveClassifier(sink, FOLDER, model, { step: 4 });
  model.dispose();
  sha256 = createHash('sha256')
    .update(await store.get(MANIFEST))
    .digest('hex');
  // Not a checkpoint: a manifest that is not JSON.
  await store.put('runs/c1/ckpt/bad/manifest.json', new TextEncoder().encode('{ nope'));
});

afterAll(dispose);

describe('readCheckpointFiles', () => {
  it('reads the manifest and every file it lists, from the manifest key or the folder', async () => {
    for (const key of [MANIFEST, FOLDER, `${FOLDER}/`]) {
      const { checkpointKey, files } = await readCheckpointFiles(store, { key, step: 4, sha256 });
      expect(checkpointKey).toBe(FOLDER);
      expect(Object.keys(files)).toContain(MANIFEST);
      expect(Object.keys(files).length).toBeGreaterThanOrEqual(2);
      for (const k of Object.keys(files)) expect(k.startsWith(`${FOLDER}/`)).toBe(true);
    }
  });

  it('refuses a checkpoint whose manifest sha256 is not the one the request names', async () => {
    const wrong = 'f'.repeat(64);
    const p = readCheckpointFiles(store, { key: MANIFEST, step: 4, sha256: wrong });
    await expect(p).rejects.toBeInstanceOf(EvalRequestError);
    await expect(p).rejects.toMatchObject({
      field: 'checkpoint.sha256',
      retriable: false,
      message: `checkpoint '${MANIFEST}' has manifest sha256 ${sha256}, the request names ${wrong}`,
    });
    await expect(
      loadRequestedClassifier(store, { key: MANIFEST, step: 4, sha256: wrong }),
    ).rejects.toMatchObject({ field: 'checkpoint.sha256' });
  });

  it('a missing checkpoint or a manifest that is not one fails naming checkpoint.key', async () => {
    await expect(
      readCheckpointFiles(store, { key: 'runs/none/ckpt/1/manifest.json', step: 1 }),
    ).rejects.toMatchObject({
      field: 'checkpoint.key',
      message: expect.stringContaining(
        "checkpoint 'runs/none/ckpt/1/manifest.json' is not in the store (missing 'runs/none/ckpt/1/manifest.json'",
      ),
    });
    await expect(
      readCheckpointFiles(store, { key: 'runs/c1/ckpt/bad', step: 1 }),
    ).rejects.toMatchObject({ name: 'EvalRequestError', field: 'checkpoint.key' });
  });
});

describe('loadRequestedClassifier', () => {
  it('loads the classifier (10 classes) with or without a sha256, leaking no tensors', async () => {
    for (const ref of [
      { key: MANIFEST, step: 4, sha256 },
      { key: FOLDER, step: 4 },
    ]) {
      const before = tf.memory().numTensors;
      const model = await loadRequestedClassifier(store, ref);
      expect(model.numClasses).toBe(10);
      model.dispose();
      expect(tf.memory().numTensors).toBe(before);
    }
  });
});
