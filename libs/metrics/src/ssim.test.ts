import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import type { Tensor4D } from '@tensorflow/tfjs-core';
import { readNpy, RandomState } from '@ada/data';
import { initBackend } from '@ada/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { ssim } from './ssim.ts';
import { ssimPlain } from './ssim_plain.ts';

const fixture = (name: string): string =>
  fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
const a = readNpy(readFileSync(fixture('ssim_a.npy')));
const b = readNpy(readFileSync(fixture('ssim_b.npy')));
const expected = JSON.parse(readFileSync(fixture('ssim_expected.json'), 'utf8')) as {
  wang: number[];
};
const shape = a.shape as [number, number, number, number];

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('ssim vs scikit-image (70 pairs, [70,32,32,3], wang settings)', () => {
  it.each(['cpu', 'wasm'] as const)(
    'tfjs ssim on %s agrees to 1e-4 on every pair',
    async (backend) => {
      await initBackend({ backend, log: false });
      const ta = tf.tensor4d(a.data as Float32Array, shape);
      const tb = tf.tensor4d(b.data as Float32Array, shape);
      const got = ssim(ta, tb).dataSync();
      tf.dispose([ta, tb]);
      await initBackend({ backend: 'cpu', log: false });
      expect(got.length).toBe(70);
      for (let k = 0; k < 70; k++) expect(Math.abs(got[k]! - expected.wang[k]!)).toBeLessThan(1e-4);
    },
  );

  it('plain Float64 ssimPlain agrees to 1e-6 on every pair', () => {
    const got = ssimPlain(a.data as Float32Array, b.data as Float32Array, shape);
    for (let k = 0; k < 70; k++) expect(Math.abs(got[k]! - expected.wang[k]!)).toBeLessThan(1e-6);
  });
});

describe('ssim shapes and arguments', () => {
  it('[2,11,11,1] (window-sized) gives one value per image, 1 for identical images', () => {
    const x = tf.randomUniform([2, 11, 11, 1], 0, 1, 'float32', 3) as Tensor4D;
    const s = ssim(x, x).dataSync();
    expect(s.length).toBe(2);
    for (const v of s) expect(v).toBeCloseTo(1, 5);
    x.dispose();
  });

  it('rejects mismatched shapes and images smaller than the window, naming the argument', () => {
    const x = tf.zeros([1, 16, 16, 3]) as Tensor4D;
    const y = tf.zeros([1, 16, 15, 3]) as Tensor4D;
    const z = tf.zeros([1, 10, 10, 3]) as Tensor4D;
    expect(() => ssim(x, y)).toThrow(/same shape/);
    expect(() => ssim(z, z)).toThrow(/Argument 'a' passed to 'ssim' must be at least 11x11/);
    expect(() => ssimPlain(new Float64Array(3), new Float64Array(3), [1, 16, 16, 3])).toThrow(
      /Argument 'a'/,
    );
    tf.dispose([x, y, z]);
  });

  it('leaks no tensors ([3,16,16,3])', () => {
    const x = tf.randomUniform([3, 16, 16, 3], 0, 1, 'float32', 1) as Tensor4D;
    const y = tf.randomUniform([3, 16, 16, 3], 0, 1, 'float32', 2) as Tensor4D;
    const before = tf.memory().numTensors;
    ssim(x, y).dispose();
    tf.grad((v) => tf.sum(ssim(v as Tensor4D, y)))(x).dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, y]);
  });
});

describe('ssim gradient vs finite differences of the Float64 reference ([2,14,13,3])', () => {
  it('d ssim / d b matches central differences at 40 random coordinates', () => {
    const rng = new RandomState(7);
    const shp: [number, number, number, number] = [2, 14, 13, 3];
    const n = shp.reduce((p, d) => p * d, 1);
    const xa = Float64Array.from(rng.randomSampleArray(n));
    const xb = xa.map((v) => Math.min(1, Math.max(0, v + 0.2 * (rng.randomSample() - 0.5))));
    const ta = tf.tensor4d(Float32Array.from(xa), shp);
    const tb = tf.tensor4d(Float32Array.from(xb), shp);
    const g = tf.grad((v) => tf.sum(ssim(ta, v as Tensor4D)))(tb);
    const grad = g.dataSync();
    tf.dispose([ta, tb, g]);
    const total = (arr: Float64Array): number => ssimPlain(xa, arr, shp).reduce((p, v) => p + v, 0);
    const eps = 1e-6;
    let maxErr = 0;
    let maxAbs = 0;
    for (let t = 0; t < 40; t++) {
      const i = rng.randint(0, n);
      const plus = xb.slice();
      const minus = xb.slice();
      plus[i] += eps;
      minus[i] -= eps;
      const fd = (total(plus) - total(minus)) / (2 * eps);
      maxErr = Math.max(maxErr, Math.abs(fd - grad[i]));
      maxAbs = Math.max(maxAbs, Math.abs(fd));
    }
    expect(maxAbs).toBeGreaterThan(1e-3);
    expect(maxErr).toBeLessThan(1e-3 * maxAbs + 1e-5);
  });
});
