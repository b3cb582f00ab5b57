import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClassifier, fileCheckpointStore, loadClassifier } from '@ada/models';
import { initBackend } from '@ada/tensor';
import { fileCheckpointIO } from './checkpoint_io.ts';

let dir: string;
beforeAll(async () => {
  await initBackend({ log: false });
  dir = await mkdtemp(join(tmpdir(), 'ada-ckpt-io-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('fileCheckpointIO', () => {
  it('keeps only the latest step and loads it back', async () => {
    const io = fileCheckpointIO();
    const net = createClassifier('resnet18-w0.125', { numClasses: 10, seed: 3 });
    const meta = { setup: 'nominal', seed: 0, model: 'resnet18-w0.125' };
    for (const step of [50, 100]) {
      await io.save(dir, { step, weights: net.getWeights(), optimizer: {} }, meta);
    }
    const back = await io.load(dir);
    expect(back?.step).toBe(100);
    tf.dispose(Object.values(back!.weights));
    await expect(loadClassifier(fileCheckpointStore(dir), 'step-50')).rejects.toThrow(/step-50/);
    net.dispose();
  });

  it('an `ada run` checkpoint loads as a classifier (ada attack / ssim-hist --checkpoint)', async () => {
    const io = fileCheckpointIO();
    const net = createClassifier('resnet18-w0.125', { numClasses: 7, seed: 5 });
    await io.save(
      dir,
      { step: 3, weights: net.getWeights(), optimizer: {} },
      { setup: 'ada', seed: 1, model: 'resnet18-w0.125' },
    );
    const { classifier, step } = await loadClassifier(fileCheckpointStore(dir), 'step-3');
    expect(step).toBe(3);
    const x = tf.randomUniform([2, 32, 32, 3], 0, 1, 'float32', 9) as tf.Tensor4D;
    const a = net.apply(x, { training: false });
    const b = classifier.apply(x, { training: false });
    expect(b.shape).toEqual([2, 7]);
    expect(Array.from(await b.data())).toEqual(Array.from(await a.data()));
    tf.dispose([x, a, b]);
    net.dispose();
    classifier.dispose();
  });

  it('a corrupt latest.json is an error naming the file', async () => {
    const bad = join(dir, 'corrupt');
    await mkdir(bad, { recursive: true });
    await writeFile(join(bad, 'latest.json'), '{"key": "step-');
    await expect(fileCheckpointIO().load(bad)).rejects.toThrow(
      /corrupt.latest\.json is not valid JSON .*the file is corrupt/,
    );
  });
});
