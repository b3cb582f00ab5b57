import '@tensorflow/tfjs-backend-cpu';
import { RandomState } from '@ada/data';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { padCropFlip, sampleCropFlip } from './pad_crop_flip.ts';
import { batchSeeds } from './seeds.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const ramp = (shape: [number, number, number, number]): tf.Tensor4D =>
  tf.tensor4d(
    Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => (i % 251) / 250),
    shape,
  );

describe('padCropFlip', () => {
  it('[4, 32, 32, 3], pad 4 zero: each example is the window of the zero-padded image at its drawn offset', () => {
    const x = ramp([4, 32, 32, 3]);
    const seeds = batchSeeds(9, 0, 4);
    const y = padCropFlip(x, seeds);
    expect(y.shape).toEqual([4, 32, 32, 3]);
    const padded = tf.pad(x, [
      [0, 0],
      [4, 4],
      [4, 4],
      [0, 0],
    ]);
    seeds.forEach((s, b) => {
      const { top, left, flip } = sampleCropFlip(new RandomState(s), 8, 8);
      let want = tf.slice(padded, [b, top, left, 0], [1, 32, 32, 3]);
      if (flip) want = tf.reverse(want, 2);
      const got = tf.slice(y, [b, 0, 0, 0], [1, 32, 32, 3]);
      expect(Array.from(got.dataSync())).toEqual(Array.from(want.dataSync()));
    });
    tf.dispose([x, y, padded]);
  });

  it('[1, 3, 3, 1], pad 1 reflect, crop 5: mirrors without repeating the edge (numpy reflect)', () => {
    const x = tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);
    const y = padCropFlip(x, [0], { pad: 1, mode: 'reflect', cropSize: 5, flipProbability: 0 });
    // np.pad([[1,2,3],[4,5,6],[7,8,9]], 1, mode='reflect')
    expect(Array.from(y.dataSync())).toEqual([
      5, 4, 5, 6, 5, 2, 1, 2, 3, 2, 5, 4, 5, 6, 5, 8, 7, 8, 9, 8, 5, 4, 5, 6, 5,
    ]);
    tf.dispose([x, y]);
  });

  it('[2, 8, 8, 1], pad 0, flip probability 1: a mirror image', () => {
    const x = ramp([2, 8, 8, 1]);
    const y = padCropFlip(x, [1, 2], { pad: 0, flipProbability: 1 });
    const want = tf.reverse(x, 2);
    expect(Array.from(y.dataSync())).toEqual(Array.from(want.dataSync()));
    tf.dispose([x, y, want]);
  });

  it('offsets cover 0..8 uniformly and about half the examples flip (2000 seeds)', () => {
    const tops = new Array<number>(9).fill(0);
    let flips = 0;
    for (let i = 0; i < 2000; i++) {
      const cf = sampleCropFlip(new RandomState(batchSeeds(5, i, 1)[0]!), 8, 8);
      tops[cf.top]! += 1;
      if (cf.flip) flips++;
    }
    for (const t of tops) expect(t).toBeGreaterThan(150); // expected 222 each
    expect(flips).toBeGreaterThan(900);
    expect(flips).toBeLessThan(1100);
  });

  it('same seeds, same output; the result of an example does not depend on the batch', () => {
    const x = ramp([3, 32, 32, 3]);
    const seeds = batchSeeds(1, 0, 3);
    const a = padCropFlip(x, seeds);
    const b = padCropFlip(tf.slice(x, [2, 0, 0, 0], [1, 32, 32, 3]) as tf.Tensor4D, [seeds[2]!]);
    expect(Array.from(tf.slice(a, [2, 0, 0, 0], [1, 32, 32, 3]).dataSync())).toEqual(
      Array.from(b.dataSync()),
    );
    tf.dispose([x, a, b]);
  });

  it.each(['zero', 'reflect'] as const)(
    '[3, 32, 32, 3], pad 4 %s: the gather (tf) and copy (js) paths agree',
    (mode) => {
      const x = ramp([3, 32, 32, 3]);
      const seeds = batchSeeds(4, 0, 3);
      const a = padCropFlip(x, seeds, { mode, impl: 'tf' });
      const b = padCropFlip(x, seeds, { mode, impl: 'js' });
      expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
      tf.dispose([x, a, b]);
    },
  );

  it('does not leak tensors', () => {
    const x = ramp([2, 32, 32, 3]);
    const before = tf.memory().numTensors;
    tf.dispose(padCropFlip(x, [1, 2], { mode: 'reflect' }));
    tf.dispose(padCropFlip(x, [1, 2], { impl: 'tf' }));
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  it('rejects bad arguments with the argument named', () => {
    const x = ramp([1, 8, 8, 3]);
    expect(() => padCropFlip(x, [1, 2])).toThrow(/'seeds'/);
    expect(() => padCropFlip(x, [1], { pad: -1 })).toThrow(/'pad'/);
    expect(() => padCropFlip(x, [1], { pad: 8, mode: 'reflect' })).toThrow(/'pad'/);
    expect(() => padCropFlip(x, [1], { cropSize: 17 })).toThrow(/'cropSize'/);
    x.dispose();
  });
});
