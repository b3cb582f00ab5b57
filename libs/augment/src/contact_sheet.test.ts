import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { augmentContactSheet } from './contact_sheet.ts';
import { tinyCorruptionNetwork } from './testing/tiny_corruption_network.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('augmentContactSheet ([2, 8, 8, 3], 3 variants)', () => {
  it.each(['pad-crop-flip', 'augmix', 'deepaugment'] as const)(
    '%s: rows of clean + variants, clean first, no leak',
    async (kind) => {
      const x = tf.randomUniform([2, 8, 8, 3], 0, 1, 'float32', 7) as tf.Tensor4D;
      const net = tinyCorruptionNetwork(4);
      const before = tf.memory().numTensors;
      const sheet = await augmentContactSheet(kind, x, { variants: 3, networks: [net] });
      expect(tf.memory().numTensors).toBe(before);
      expect(sheet.images.shape).toEqual([8, 8, 8, 3]);
      expect([sheet.rows, sheet.cols]).toEqual([2, 4]);
      expect(sheet.captions).toHaveLength(8);
      const xs = x.dataSync();
      const size = 8 * 8 * 3;
      // Row 1 starts with clean image 1, followed by variants that differ from it.
      expect(Array.from(sheet.images.data.subarray(4 * size, 5 * size))).toEqual(
        Array.from(xs.subarray(size, 2 * size)),
      );
      const variants = [5, 6, 7].map((c) =>
        Array.from(sheet.images.data.subarray(c * size, (c + 1) * size)),
      );
      expect(variants.some((v) => v.some((p, j) => p !== xs[size + j]))).toBe(true);
      net.dispose();
      x.dispose();
    },
  );

  it('deepaugment needs networks', async () => {
    const x = tf.zeros([1, 8, 8, 3]) as tf.Tensor4D;
    await expect(augmentContactSheet('deepaugment', x)).rejects.toThrow(/'networks'/);
    x.dispose();
  });
});
