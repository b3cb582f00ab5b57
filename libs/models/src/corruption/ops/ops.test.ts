import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Tensor4D } from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { areaDownscale } from './area_downscale.ts';
import { pixelShuffle } from './pixel_shuffle.ts';
import { pixelUnshuffle } from './pixel_unshuffle.ts';
import { upsampleNearest } from './upsample_nearest.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const x4 = (shape: [number, number, number, number], seed: number): Tensor4D =>
  tf.randomUniform(shape, -1, 1, 'float32', seed) as Tensor4D;

describe('pixelShuffle', () => {
  it.each([
    [[2, 3, 4, 12], 2],
    [[1, 2, 2, 27], 3],
    [[1, 2, 3, 32], 4],
  ] as const)('x %j scale %d equals tf.depthToSpace', (shape, s) => {
    const x = x4([...shape], 1);
    const y = pixelShuffle(x, s);
    const ref = tf.depthToSpace(x, s, 'NHWC');
    expect(y.shape).toEqual(ref.shape);
    expect(Array.from(y.dataSync())).toEqual(Array.from(ref.dataSync()));
    tf.dispose([x, y, ref]);
  });

  it('is differentiable and rejects channel counts not divisible by s^2', () => {
    const x = x4([1, 2, 2, 8], 2);
    const g = tf.grad((t: Tensor) => tf.sum(tf.square(pixelShuffle(t as Tensor4D, 2))))(x);
    expect(Array.from(g.dataSync())).toEqual(Array.from(tf.mul(x, 2).dataSync()));
    const bad = tf.zeros([1, 2, 2, 6]) as Tensor4D;
    expect(() => pixelShuffle(bad, 2)).toThrow(/Argument 'x' passed to 'pixelShuffle'/);
    tf.dispose([x, g, bad]);
  });
});

describe('pixelUnshuffle', () => {
  it.each([
    [[2, 6, 4, 3], 2],
    [[1, 6, 9, 2], 3],
  ] as const)('x %j scale %d follows the index formula and inverts pixelShuffle', (shape, s) => {
    const x = x4([...shape], 3);
    const y = pixelUnshuffle(x, s);
    const [b, hs, ws, c] = shape;
    expect(y.shape).toEqual([b, hs / s, ws / s, s * s * c]);
    const xv = x.arraySync();
    const yv = y.arraySync();
    for (let n = 0; n < b; n++)
      for (let h = 0; h < hs / s; h++)
        for (let w = 0; w < ws / s; w++)
          for (let i = 0; i < s; i++)
            for (let j = 0; j < s; j++)
              for (let ch = 0; ch < c; ch++)
                expect(yv[n]![h]![w]![(i * s + j) * c + ch]).toBe(
                  xv[n]![h * s + i]![w * s + j]![ch],
                );
    const back = pixelShuffle(y, s);
    expect(Array.from(back.dataSync())).toEqual(Array.from(x.dataSync()));
    tf.dispose([x, y, back]);
  });

  it('is differentiable and rejects sizes not divisible by s', () => {
    const x = x4([1, 4, 4, 3], 4);
    const g = tf.grad((t: Tensor) => tf.sum(tf.square(pixelUnshuffle(t as Tensor4D, 2))))(x);
    expect(Array.from(g.dataSync())).toEqual(Array.from(tf.mul(x, 2).dataSync()));
    const bad = tf.zeros([1, 5, 4, 3]) as Tensor4D;
    expect(() => pixelUnshuffle(bad, 2)).toThrow(/Argument 'x' passed to 'pixelUnshuffle'/);
    tf.dispose([x, g, bad]);
  });
});

describe('upsampleNearest', () => {
  it.each([
    [[2, 3, 4, 5], 2],
    [[1, 2, 2, 3], 3],
  ] as const)('x %j scale %d equals resizeNearestNeighbor', (shape, s) => {
    const x = x4([...shape], 3);
    const y = upsampleNearest(x, s);
    const ref = tf.image.resizeNearestNeighbor(x, [shape[1] * s, shape[2] * s]);
    expect(Array.from(y.dataSync())).toEqual(Array.from(ref.dataSync()));
    tf.dispose([x, y, ref]);
  });

  it('gradient sums each s x s block', () => {
    const x = x4([1, 2, 2, 1], 4);
    const g = tf.grad((t: Tensor) => tf.sum(upsampleNearest(t as Tensor4D, 3)))(x);
    expect(Array.from(g.dataSync())).toEqual([9, 9, 9, 9]);
    tf.dispose([x, g]);
  });
});

describe('areaDownscale', () => {
  it('averages 2x2 blocks of [1, 4, 4, 1]', () => {
    const x = tf.tensor4d(
      Array.from({ length: 16 }, (_, i) => i),
      [1, 4, 4, 1],
    );
    expect(Array.from(areaDownscale(x, 2).dataSync())).toEqual([2.5, 4.5, 10.5, 12.5]);
    expect(() => areaDownscale(x, 3)).toThrow(/multiples of 3/);
    x.dispose();
  });
});
