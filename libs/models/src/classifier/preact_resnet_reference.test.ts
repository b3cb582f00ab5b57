import '@tensorflow/tfjs-backend-cpu';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor4D } from '@tensorflow/tfjs-core';
import { readNpy } from '@ada/data';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadClassifier } from '../checkpoint/classifier_checkpoint.ts';
import { fileCheckpointStore } from '../checkpoint/file_checkpoint_store.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const fixtures = fileURLToPath(new URL('../../fixtures/', import.meta.url));
const npy = async (name: string): Promise<{ data: Float32Array; shape: number[] }> => {
  const a = readNpy(await readFile(join(fixtures, 'preact_resnet18_tiny', name)));
  return { data: a.data as Float32Array, shape: a.shape };
};

describe('PreActResNet-18 (width 0.0625) against the NumPy reference of scripts/make_resnet_fixture.py', () => {
  it.each([
    ['eval', false],
    ['train', true],
  ] as const)('%s-mode logits of x [3, 16, 16, 3] match to 1e-3', async (mode, training) => {
    const { classifier } = await loadClassifier(
      fileCheckpointStore(fixtures),
      'preact_resnet18_tiny',
    );
    const input = await npy('input.npy');
    const expected = await npy(`logits_${mode}.npy`);
    const x = tf.tensor4d(input.data, input.shape as [number, number, number, number]);
    const logits = classifier.apply(x as Tensor4D, { training });
    expect(logits.shape).toEqual(expected.shape);
    const got = logits.dataSync();
    const scale = Math.max(...Array.from(expected.data, Math.abs));
    expected.data.forEach((v, i) =>
      expect(Math.abs(got[i]! - v)).toBeLessThan(1e-3 * Math.max(1, scale)),
    );
    tf.dispose([x, logits]);
    classifier.dispose();
  });
});
