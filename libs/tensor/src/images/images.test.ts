import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.ts';
import { assertImageBatch } from './assert_image_batch.ts';
import { imagesFromUint8 } from './images_from_uint8.ts';
import { imagesToUint8 } from './images_to_uint8.ts';

beforeAll(async () => {
  await initBackend({ log: false });
});

describe('imagesFromUint8 / imagesToUint8', () => {
  it('round-trips every byte value exactly (n=2, h=16, w=8)', async () => {
    const bytes = new Uint8Array(2 * 16 * 8 * 3).map((_, i) => (i * 7) % 256);
    const x = imagesFromUint8(bytes, 2, 16, 8);
    expect(x.shape).toEqual([2, 16, 8, 3]);
    expect(x.dtype).toBe('float32');
    const values = await x.data();
    expect(values[1]).toBeCloseTo(7 / 255, 7);
    expect(Math.max(...values)).toBeLessThanOrEqual(1);
    expect(await imagesToUint8(x)).toEqual(bytes);
    x.dispose();
  });

  it('clips out-of-range values and truncates in between steps (n=1, h=1, w=3)', async () => {
    const x = tf.tensor4d(
      [-0.5, 0, 1.5, 0.999, 0.5, 2 / 255 - 0.5 / 255, NaN, 1, 0.25],
      [1, 1, 3, 3],
    );
    expect(Array.from(await imagesToUint8(x))).toEqual([0, 0, 255, 254, 127, 1, 0, 255, 63]);
    x.dispose();
  });

  it('names the argument when the byte count does not match', () => {
    expect(() => imagesFromUint8(new Uint8Array(10), 1, 2, 2)).toThrow(
      "Argument 'data' passed to 'imagesFromUint8' must be a Uint8Array of n*h*w*3 = 12 bytes, but got 10 bytes",
    );
    expect(() => imagesFromUint8(new Uint8Array(0), -1, 2, 2)).toThrow(
      "Argument 'n' passed to 'imagesFromUint8' must be a non-negative integer, but got -1",
    );
  });
});

describe('assertImageBatch', () => {
  it('accepts float32 [N, H, W, 3] and rejects other ranks, channels and dtypes', () => {
    const good = tf.zeros([2, 4, 4, 3]);
    expect(() => assertImageBatch(good, 'x', 'ssim')).not.toThrow();
    const cases: Array<[tf.Tensor, string]> = [
      [tf.zeros([4, 4, 3]), 'float32 tensor of shape [4,4,3]'],
      [tf.zeros([2, 4, 4, 1]), 'float32 tensor of shape [2,4,4,1]'],
      [tf.zeros([2, 4, 4, 3], 'int32'), 'int32 tensor of shape [2,4,4,3]'],
    ];
    for (const [t, detail] of cases) {
      expect(() => assertImageBatch(t, 'x', 'ssim')).toThrow(
        `Argument 'x' passed to 'ssim' must be a float32 image batch of shape [N, H, W, 3], but got a ${detail}`,
      );
      t.dispose();
    }
    good.dispose();
  });
});
