import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { batchSeeds } from '../seeds.ts';
import { deepAugmentSource } from './source.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// Clean set of 2 images 2x2; DeepAugment 3 copies: copy c of image i has every byte 10 * (c + 1) + i.
const da = {
  images: Uint8Array.from({ length: 6 * 12 }, (_, k) => {
    const row = Math.floor(k / 12);
    return 10 * (Math.floor(row / 2) + 1) + (row % 2);
  }),
  shape: [6, 2, 2, 3] as const,
};

describe('deepAugmentSource (2 clean images 2x2, 3 copies)', () => {
  it('picks either the clean image or a copy of the same example, about 1/4 clean', () => {
    const source = deepAugmentSource(da, 2);
    const x = tf.fill([400, 2, 2, 3], 1) as tf.Tensor4D; // "clean" marker value 1
    const indices = Array.from({ length: 400 }, (_, b) => b % 2);
    const y = source(x, indices, batchSeeds(3, 0, 400));
    const data = y.dataSync();
    let clean = 0;
    for (let b = 0; b < 400; b++) {
      const v = Math.round(data[b * 12]! * 255);
      if (v === 255) clean++;
      else expect([10, 20, 30].map((c) => c + indices[b]!)).toContain(v);
    }
    expect(clean).toBeGreaterThan(60);
    expect(clean).toBeLessThan(140);
    tf.dispose([x, y]);
  });

  it('cleanProbability 0 always takes a copy; no tensors leak', () => {
    const source = deepAugmentSource(da, 2, { cleanProbability: 0 });
    const x = tf.fill([4, 2, 2, 3], 1) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    const y = source(x, [0, 1, 0, 1], [1, 2, 3, 4]);
    expect(Array.from(y.dataSync()).every((v) => v < 0.5)).toBe(true);
    y.dispose();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  it('rejects an index outside the clean set and a count that does not divide', () => {
    expect(() => deepAugmentSource(da, 4)).toThrow(/'cleanCount'/);
    const source = deepAugmentSource(da, 2);
    const x = tf.zeros([1, 2, 2, 3]) as tf.Tensor4D;
    expect(() => source(x, [2], [1])).toThrow(/'indices\[0\]'/);
    x.dispose();
  });
});
