import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { FsArtifactStore } from '@ada/store';
import { initBackend } from '@ada/tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClassifierCache, checkpointFolder } from './classifier_cache.ts';
import { saveTestClassifier } from './testing/fixtures.ts';

/** `ClassifierCache` on a filesystem store with fresh resnet18-w0.125 checkpoints. */
const dir = mkdtempSync(join(tmpdir(), 'classifier-cache-'));
const store = new FsArtifactStore({ root: dir });
const x = () => tf.zeros([1, 16, 16, 3]) as tf.Tensor4D;

beforeAll(async () => {
  await initBackend({ log: false });
  await saveTestClassifier(store, 'ckpt/a', { step: 1 });
  await saveTestClassifier(store, 'ckpt/b', { step: 2 });
});

afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('ClassifierCache', () => {
  it('maps manifest keys and folders to one entry', () => {
    expect(checkpointFolder('runs/r1/ckpt/16/manifest.json')).toBe('runs/r1/ckpt/16');
    expect(checkpointFolder('runs/r1/ckpt/16/')).toBe('runs/r1/ckpt/16');
    expect(checkpointFolder('runs/r1/ckpt/16')).toBe('runs/r1/ckpt/16');
  });

  it('loads a key once for concurrent acquires and for its manifest key', async () => {
    const cache = new ClassifierCache(store, { capacity: 2 });
    const [l1, l2] = await Promise.all([
      cache.acquire('ckpt/a'),
      cache.acquire('ckpt/a/manifest.json'),
    ]);
    expect(cache.loads).toBe(1);
    expect(l1.classifier).toBe(l2.classifier);
    expect(l1.step).toBe(1);
    l1.release();
    l2.release();
    cache.clear();
  });

  it('capacity 1: an evicted classifier in use stays usable until its release, then is disposed', async () => {
    const cache = new ClassifierCache(store, { capacity: 1 });
    const a = await cache.acquire('ckpt/a');
    const b = await cache.acquire('ckpt/b');
    expect(cache.keys()).toEqual(['ckpt/b']);
    const logits = a.classifier.apply(x());
    expect(logits.shape).toEqual([1, 10]);
    tf.dispose(logits);
    const before = tf.memory().numTensors;
    a.release();
    expect(tf.memory().numTensors).toBeLessThan(before);
    b.release();
    cache.clear();
  });

  it('reloads for a newer step and fails retriably when the store still holds an older one', async () => {
    const cache = new ClassifierCache(store, { capacity: 2 });
    (await cache.acquire('ckpt/a')).release();
    await saveTestClassifier(store, 'ckpt/a', { step: 5, seed: 3 });
    const newer = await cache.acquire('ckpt/a', { minStep: 5 });
    expect(newer.step).toBe(5);
    expect(cache.loads).toBe(2);
    newer.release();
    await expect(cache.acquire('ckpt/a', { minStep: 9 })).rejects.toMatchObject({
      name: 'RetriableHandlerError',
      retriable: true,
    });
    cache.clear();
  });

  it('reloads when the manifest sha256 changed (revalidate)', async () => {
    const cache = new ClassifierCache(store, { capacity: 2, fingerprint: (k) => store.stat(k) });
    (await cache.acquire('ckpt/b', { revalidate: true })).release();
    (await cache.acquire('ckpt/b', { revalidate: true })).release();
    expect(cache.loads).toBe(1);
    await saveTestClassifier(store, 'ckpt/b', { step: 2, seed: 9 });
    (await cache.acquire('ckpt/b', { revalidate: true })).release();
    expect(cache.loads).toBe(2);
    cache.clear();
  });
});
