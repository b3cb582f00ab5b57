import '@tensorflow/tfjs-backend-cpu';
import { mkdtemp, readFile, readdir, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor4D } from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createClassifier } from '../classifier/create_classifier.ts';
import { loadCheckpoint, saveCheckpoint } from './checkpoint.ts';
import { CheckpointError } from './checkpoint_error.ts';
import { loadClassifier, saveClassifier } from './classifier_checkpoint.ts';
import { fileCheckpointStore } from './file_checkpoint_store.ts';

let root: string;

beforeAll(async () => {
  await tf.setBackend('cpu');
});
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'ada-ckpt-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const momentumOf = (net: ReturnType<typeof createClassifier>): tf.NamedTensorMap =>
  Object.fromEntries(
    Object.entries(net.getWeights())
      .filter(([, v]) => (v as tf.Variable).trainable)
      .map(([n, v]) => [`momentum/${n}`, tf.mul(v, 0.5)]),
  );

describe('checkpoint round trips', () => {
  it('resnet18-w0.125 weights, BN running stats and optimiser state survive save + load', async () => {
    const store = fileCheckpointStore(root);
    const net = createClassifier('resnet18-w0.125', { seed: 4 });
    const x = tf.randomUniform([2, 16, 16, 3], 0, 1, 'float32', 1) as Tensor4D;
    tf.dispose(net.apply(x, { training: true })); // non-trivial running statistics
    const momentum = momentumOf(net);
    const manifest = await saveClassifier(store, 'run-1/step-7', net, {
      step: 7,
      optimizer: momentum,
      extra: { epoch: 2 },
    });
    expect(manifest.files.weights.tensors).toHaveLength(Object.keys(net.getWeights()).length);
    expect(manifest.files.weights.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect((await readdir(join(root, 'run-1', 'step-7'))).sort()).toEqual([
      'manifest.json',
      'optimizer.bin',
      'weights.bin',
    ]);

    const before = tf.memory().numTensors;
    const loaded = await loadClassifier(store, 'run-1/step-7');
    expect(loaded.step).toBe(7);
    expect(loaded.extra).toEqual({ epoch: 2 });
    expect(loaded.classifier.config).toEqual(net.config);
    for (const [name, t] of Object.entries(net.getWeights())) {
      expect(loaded.classifier.getWeights()[name]!.dataSync()).toEqual(t.dataSync());
    }
    for (const [name, t] of Object.entries(momentum)) {
      expect(loaded.optimizer![name]!.shape).toEqual(t.shape);
      expect(loaded.optimizer![name]!.dataSync()).toEqual(t.dataSync());
    }
    tf.tidy(() => {
      expect(loaded.classifier.apply(x).arraySync()).toEqual(net.apply(x).arraySync());
    });
    loaded.classifier.dispose();
    tf.dispose(Object.values(loaded.optimizer!));
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, ...Object.values(momentum)]);
    net.dispose();
  });

  it('int32 tensors, empty optimiser and an overwrite of the same key', async () => {
    const store = fileCheckpointStore(root);
    const a = {
      w: tf.tensor2d([
        [1.5, -2],
        [3, 4],
      ]),
      count: tf.tensor1d([3, -7], 'int32'),
      empty: tf.zeros([0, 3]),
    };
    await saveCheckpoint(store, 'k', { arch: 'toy', config: { n: 1 }, step: 0, weights: a });
    await saveCheckpoint(store, 'k', { arch: 'toy', config: { n: 2 }, step: 1, weights: a });
    const ck = await loadCheckpoint(store, 'k');
    expect(ck.config).toEqual({ n: 2 });
    expect(ck.step).toBe(1);
    expect(ck.optimizer).toBeUndefined();
    expect(ck.weights['count']!.dtype).toBe('int32');
    expect(Array.from(ck.weights['count']!.dataSync())).toEqual([3, -7]);
    expect(ck.weights['w']!.arraySync()).toEqual([
      [1.5, -2],
      [3, 4],
    ]);
    expect(ck.weights['empty']!.shape).toEqual([0, 3]);
    expect((await readdir(root + '/k')).sort()).toEqual(['manifest.json', 'weights.bin']); // no temp files left
    tf.dispose([...Object.values(a), ...Object.values(ck.weights)]);
  });
});

describe('checkpoint integrity', () => {
  const save = async (): Promise<void> => {
    const w = { a: tf.tensor1d([1, 2, 3, 4]), b: tf.tensor2d([[5, 6]]) };
    const m = { 'momentum/a': tf.tensor1d([0.1, 0.2, 0.3, 0.4]) };
    await saveCheckpoint(fileCheckpointStore(root), 'c', {
      arch: 'toy',
      config: {},
      step: 3,
      weights: w,
      optimizer: m,
    });
    tf.dispose([...Object.values(w), ...Object.values(m)]);
  };

  it('a truncated weight file fails naming the file', async () => {
    await save();
    await truncate(join(root, 'c', 'weights.bin'), 10);
    const err = await loadCheckpoint(fileCheckpointStore(root), 'c').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CheckpointError);
    expect((err as CheckpointError).key).toBe('c/weights.bin');
    expect((err as Error).message).toMatch(
      /'c\/weights.bin' is truncated: 10 bytes, the manifest says 24/,
    );
  });

  it('a tampered optimiser file (same length) fails the sha256 check, leaking nothing', async () => {
    await save();
    const path = join(root, 'c', 'optimizer.bin');
    const bytes = await readFile(path);
    bytes[3] = bytes[3]! ^ 0x01;
    await writeFile(path, bytes);
    const before = tf.memory().numTensors;
    await expect(loadCheckpoint(fileCheckpointStore(root), 'c')).rejects.toThrow(
      /'c\/optimizer.bin' is corrupt or tampered: sha256/,
    );
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a truncated manifest fails naming the manifest; a missing checkpoint names its manifest', async () => {
    await save();
    await truncate(join(root, 'c', 'manifest.json'), 40);
    await expect(loadCheckpoint(fileCheckpointStore(root), 'c')).rejects.toThrow(
      /manifest 'c\/manifest.json' is not valid JSON/,
    );
    await expect(loadCheckpoint(fileCheckpointStore(root), 'nope')).rejects.toThrow(
      /'nope\/manifest.json' does not exist/,
    );
  });

  it('an edited manifest (wrong tensor layout) fails instead of decoding garbage', async () => {
    await save();
    const path = join(root, 'c', 'manifest.json');
    const m = JSON.parse(await readFile(path, 'utf8')) as {
      files: { weights: { tensors: Array<{ shape: number[] }> } };
    };
    m.files.weights.tensors[0]!.shape = [5];
    await writeFile(path, JSON.stringify(m));
    await expect(loadCheckpoint(fileCheckpointStore(root), 'c')).rejects.toThrow(
      /Manifest entry 'a' of 'c\/weights.bin' does not fit/,
    );
  });

  it('rejects keys that leave the store and bad arguments', async () => {
    const store = fileCheckpointStore(root);
    await expect(store.put('../x', new Uint8Array(1))).rejects.toThrow(/Argument 'key'/);
    await expect(store.get('/etc/passwd')).rejects.toThrow(/Argument 'key'/);
    const w = { a: tf.tensor1d([1]) };
    await expect(
      saveCheckpoint(store, 'x', { arch: 'toy', config: {}, step: -1, weights: w }),
    ).rejects.toThrow(/data.step/);
    const b = { a: tf.tensor1d([1], 'bool') };
    await expect(
      saveCheckpoint(store, 'x', { arch: 'toy', config: {}, step: 0, weights: b }),
    ).rejects.toThrow(/float32 or int32, got bool/);
    tf.dispose([w.a, b.a]);
  });

  it('loadClassifier refuses a checkpoint of another architecture', async () => {
    await save();
    await expect(loadClassifier(fileCheckpointStore(root), 'c')).rejects.toThrow(
      /architecture 'toy', not a classifier/,
    );
  });
});
