import * as tf from '@tensorflow/tfjs-core';
import type { Tensor4D } from '@tensorflow/tfjs-core';
import { initBackend } from '@ada/tensor';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { projectToBall } from './projection.ts';

beforeAll(async () => {
  await initBackend({ log: () => undefined });
});

const SHAPE = [2, 3, 3, 2] as const;
const SIZE = 2 * 3 * 3 * 2;
const arr = (lo: number, hi: number) =>
  fc.array(fc.float({ min: Math.fround(lo), max: Math.fround(hi), noNaN: true }), {
    minLength: SIZE,
    maxLength: SIZE,
  });

function sizes(a: Tensor4D, x: Tensor4D) {
  return tf.tidy(() => {
    const d = tf.sub(a, x);
    return {
      linf: Array.from(tf.max(tf.abs(d), [1, 2, 3]).dataSync()),
      l2: Array.from(tf.sqrt(tf.sum(tf.square(d), [1, 2, 3])).dataSync()),
      min: tf.min(a).dataSync()[0]!,
      max: tf.max(a).dataSync()[0]!,
    };
  });
}

describe('projectToBall [2,3,3,2]', () => {
  it.each(['linf', 'l2'] as const)(
    '%s: lands in the ball and in [0, 1], is idempotent, and keeps points already inside',
    (norm) => {
      fc.assert(
        fc.property(
          arr(0, 1),
          arr(-2, 3),
          fc.float({ min: 0, max: 2, noNaN: true }),
          (xs, as, eps) => {
            const before = tf.memory().numTensors;
            const x = tf.tensor4d(xs, [...SHAPE]);
            const a = tf.tensor4d(as, [...SHAPE]);
            const p = projectToBall(a, x, norm, eps);
            const pp = projectToBall(p, x, norm, eps);
            const s = sizes(p, x);
            for (const v of s[norm]) expect(v).toBeLessThanOrEqual(eps * (1 + 1e-5) + 1e-6);
            expect(s.min).toBeGreaterThanOrEqual(0);
            expect(s.max).toBeLessThanOrEqual(1);
            const drift = tf.tidy(() => tf.max(tf.abs(tf.sub(pp, p))).dataSync()[0]!);
            expect(drift).toBeLessThan(1e-5);
            tf.dispose([x, a, p, pp]);
            expect(tf.memory().numTensors).toBe(before);
          },
        ),
        { numRuns: 60, seed: 11 },
      );
    },
  );

  it('linf equals the coordinate clip to [x - eps, x + eps] and [0, 1]', () => {
    const x = tf.tensor4d([0.5, 0.02, 0.99, 0.3], [1, 2, 2, 1]);
    const a = tf.tensor4d([0.9, -0.5, 0.9, 0.31], [1, 2, 2, 1]);
    const p = projectToBall(a, x, 'linf', 0.1);
    expect(Array.from(p.dataSync())).toEqual([0.6, 0, 0.9, 0.31].map((v) => expect.closeTo(v, 6)));
    tf.dispose([x, a, p]);
  });

  it('l2 rescales the perturbation radially to norm eps', () => {
    const x = tf.tensor4d([0.5, 0.5, 0.5, 0.5], [1, 2, 2, 1]);
    const a = tf.tensor4d([0.8, 0.9, 0.5, 0.5], [1, 2, 2, 1]); // delta (0.3, 0.4): norm 0.5
    const p = projectToBall(a, x, 'l2', 0.25);
    expect(Array.from(p.dataSync())).toEqual(
      [0.65, 0.7, 0.5, 0.5].map((v) => expect.closeTo(v, 6)),
    );
    tf.dispose([x, a, p]);
  });
});
