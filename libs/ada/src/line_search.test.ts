import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import type { Tensor4D } from '@tensorflow/tfjs-core';
import { ssim } from '@ada/metrics';
import { beforeAll, describe, expect, it } from 'vitest';
import { ssimLineSearch } from './line_search.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** 6 images [6,16,16,3]: smooth clean images; corruptions of rising strength (noise, inversion, flat). */
function pair(): { x: Tensor4D; xHat: Tensor4D } {
  return tf.tidy(() => {
    const base = tf.randomUniform([6, 4, 4, 3], 0.2, 0.8, 'float32', 11) as Tensor4D;
    const x = tf.image.resizeBilinear(base, [16, 16]);
    const noise = tf.randomUniform([6, 16, 16, 3], -1, 1, 'float32', 12);
    const amount = tf.tensor([0.02, 0.05, 0.6, 1.0, 0, 0], [6, 1, 1, 1]);
    const noisy = tf.clipByValue(tf.add(x, tf.mul(noise, amount)), 0, 1);
    // image 4: inverted; image 5: noise only
    const inverted = tf.sub(1, x);
    const pure = tf.div(tf.add(noise, 1), 2);
    const sel = (i: number) => tf.slice(noisy, [i, 0, 0, 0], [1, 16, 16, 3]);
    const xHat = tf.concat([
      sel(0),
      sel(1),
      sel(2),
      sel(3),
      tf.slice(inverted, [4, 0, 0, 0], [1, 16, 16, 3]),
      tf.slice(pure, [5, 0, 0, 0], [1, 16, 16, 3]),
    ]);
    return { x: x as Tensor4D, xHat: xHat as Tensor4D };
  });
}

describe('ssimLineSearch ([6,16,16,3], 9 gammas)', () => {
  it.each([0.3, 0.6, 0.9])(
    't = %s: fires exactly where SSIM < t; output SSIM >= t - 0.02 there; untouched elsewhere',
    (t) => {
      const { x, xHat } = pair();
      const before = ssim(x, xHat);
      const s0 = before.dataSync();
      const res = ssimLineSearch(x, xHat, { threshold: t });
      const out = res.images.arraySync();
      const hat = xHat.arraySync();
      const after = ssim(x, res.images).dataSync();
      let firedCount = 0;
      for (let b = 0; b < 6; b++) {
        expect(res.fired[b]).toBe(s0[b]! < t);
        if (res.fired[b]) {
          firedCount++;
          expect(after[b]).toBeGreaterThanOrEqual(t - 0.02);
          expect(res.gamma[b]).toBeGreaterThanOrEqual(0);
          expect(res.gamma[b]).toBeLessThan(1);
          expect(res.ssimAfter[b]).toBeCloseTo(after[b]!, 5);
        } else {
          expect(res.gamma[b]).toBe(1);
          expect(out[b]).toEqual(hat[b]);
        }
      }
      expect(firedCount).toBeGreaterThan(0);
      expect(firedCount).toBeLessThan(6);
      tf.dispose([x, xHat, before, res.images]);
    },
  );

  it('never returns less corruption than the best feasible grid point (t = 0.6, 9 gammas)', () => {
    const { x, xHat } = pair();
    const res = ssimLineSearch(x, xHat, { threshold: 0.6 });
    res.fired.forEach((f, b) => {
      if (!f) return;
      const xb = tf.slice(x, [b, 0, 0, 0], [1, 16, 16, 3]) as Tensor4D;
      const hb = tf.slice(xHat, [b, 0, 0, 0], [1, 16, 16, 3]) as Tensor4D;
      let bestGrid = 0;
      for (let k = 0; k <= 8; k++) {
        const s = ssim(xb, tf.add(xb, tf.mul(k / 8, tf.sub(hb, xb))) as Tensor4D).dataSync()[0]!;
        if (s >= 0.6) bestGrid = k / 8;
      }
      expect(res.gamma[b]).toBeGreaterThanOrEqual(bestGrid - 1e-9);
    });
    tf.dispose([x, xHat, res.images]);
  });

  it("guard 'none' (the paper's rule alone) still blends only where it fires, gamma in [0, 1]", () => {
    const { x, xHat } = pair();
    const res = ssimLineSearch(x, xHat, { threshold: 0.6, guard: 'none' });
    res.fired.forEach((f, b) => {
      expect(res.gamma[b]).toBeGreaterThanOrEqual(0);
      expect(res.gamma[b]).toBeLessThanOrEqual(1);
      if (!f) expect(res.gamma[b]).toBe(1);
    });
    tf.dispose([x, xHat, res.images]);
  });

  it('leaks no tensors', () => {
    const { x, xHat } = pair();
    const before = tf.memory().numTensors;
    ssimLineSearch(x, xHat, { threshold: 0.6 }).images.dispose();
    ssimLineSearch(x, xHat, { threshold: -0.5 }).images.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, xHat]);
  });
});
