import * as tf from '@tensorflow/tfjs-core';
import type { Tensor4D } from '@tensorflow/tfjs-core';
import { initBackend } from '@ada/tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from './rng.ts';
import { metaPseudoGaussian, pseudoGaussian, square, squareP } from './square.ts';
import { randomImages, toyConvNet, type ToyConvNet } from './testing/toy_models.ts';

let net: ToyConvNet;
let x: Tensor4D;
let labels: number[];

beforeAll(async () => {
  await initBackend({ log: () => undefined });
  net = toyConvNet({ classes: 10, seed: 7 });
  x = randomImages(16, [8, 8, 3], 8);
  labels = Array.from(tf.tidy(() => tf.argMax(net.apply(x), 1).dataSync()));
});

afterAll(() => {
  net.dispose();
  x.dispose();
});

describe('Square attack pieces', () => {
  it('p schedule: p_init halves at 10, 50, 200, ... of 10000 rescaled queries', () => {
    expect(squareP(0.8, 1, 10000)).toBe(0.8);
    expect(squareP(0.8, 10, 10000)).toBe(0.8);
    expect(squareP(0.8, 11, 10000)).toBe(0.4);
    expect(squareP(0.8, 51, 10000)).toBe(0.2);
    expect(squareP(0.8, 9000, 10000)).toBe(0.8 / 512);
    expect(squareP(0.8, 2, 1000)).toBe(0.4); // 2 / 1000 -> 20 / 10000
  });

  it('pseudo-Gaussian blocks have unit norm; the meta block has halves of opposite sign', () => {
    const g = pseudoGaussian(3, 5);
    expect(g.reduce((a, v) => a + v * v, 0)).toBeCloseTo(1, 12);
    expect(g[1 * 5 + 2]).toBe(Math.max(...g)); // the centre is the peak
    const m = metaPseudoGaussian(5, createRng(1));
    expect(m.reduce((a, v) => a + v * v, 0)).toBeCloseTo(1, 12);
    expect(Math.max(...m)).toBeGreaterThan(0);
    expect(Math.min(...m)).toBeLessThan(0);
  });
});

describe('square on a toy conv net [16,8,8,3]', () => {
  it.each([
    ['linf', 0.05],
    ['l2', 0.5],
  ] as const)(
    '%s eps %f: stays in the ball and [0, 1], fooled ones are misclassified, seeded',
    (norm, eps) => {
      const before = tf.memory().numTensors;
      const run = (seed: number) =>
        square(net, x, labels, { norm, eps, queries: 100, seed, batchSize: 8 });
      const a = run(1);
      const b = run(1);
      const c = run(2);
      expect(Array.from(a.adversarial.dataSync())).toEqual(Array.from(b.adversarial.dataSync()));
      expect(Array.from(a.adversarial.dataSync())).not.toEqual(
        Array.from(c.adversarial.dataSync()),
      );
      const [size, lo, hi] = tf.tidy(() => {
        const d = tf.sub(a.adversarial, x);
        const s =
          norm === 'linf' ? tf.max(tf.abs(d)) : tf.max(tf.sqrt(tf.sum(tf.square(d), [1, 2, 3])));
        return [
          s.dataSync()[0]!,
          tf.min(a.adversarial).dataSync()[0]!,
          tf.max(a.adversarial).dataSync()[0]!,
        ];
      });
      expect(size).toBeLessThanOrEqual(eps * (1 + 1e-5));
      expect(lo).toBeGreaterThanOrEqual(0);
      expect(hi).toBeLessThanOrEqual(1);
      const pred = Array.from(tf.tidy(() => tf.argMax(net.apply(a.adversarial), 1).dataSync()));
      a.fooled.forEach((f, i) => expect(pred[i] !== labels[i]).toBe(f));
      expect(a.fooled.filter(Boolean).length).toBeGreaterThan(0);
      expect(a.gradientEvaluations).toBe(0);
      expect(a.forwardEvaluations).toBeGreaterThanOrEqual(16);
      expect(a.forwardEvaluations).toBeLessThanOrEqual(16 * 100);
      tf.dispose([a.adversarial, b.adversarial, c.adversarial]);
      expect(tf.memory().numTensors).toBe(before);
    },
  );

  it('eps 0 changes nothing and fools nothing', () => {
    const r = square(net, x, labels, { norm: 'linf', eps: 0, queries: 20 });
    expect(r.fooled.some(Boolean)).toBe(false);
    expect(Array.from(r.adversarial.dataSync())).toEqual(Array.from(x.dataSync()));
    r.adversarial.dispose();
  });
});
