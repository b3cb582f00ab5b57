import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { RandomState } from '@ada/data';
import { beforeAll, describe, expect, it } from 'vitest';
import { projectL2Ball, sampleL2Ball } from './l2_ball.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const norms = (v: Float32Array | Int32Array | Uint8Array, d: number): number[] =>
  Array.from({ length: v.length / d }, (_, k) =>
    Math.sqrt(Array.from(v.slice(k * d, (k + 1) * d)).reduce((s, x) => s + x * x, 0)),
  );

describe('sampleL2Ball', () => {
  it('4000 draws in R^3, r = 2: all inside, mean norm 3/4 r, mean direction 0', () => {
    const t = sampleL2Ball([3], 2, new RandomState(5), 4000);
    expect(t.shape).toEqual([4000, 3]);
    const v = t.dataSync() as Float32Array;
    const n = norms(v, 3);
    expect(Math.max(...n)).toBeLessThanOrEqual(2);
    // E||b|| = r * d / (d + 1) for the uniform ball; sd of the mean ~ 0.008 here.
    expect(n.reduce((s, x) => s + x, 0) / n.length).toBeCloseTo(1.5, 1);
    for (let j = 0; j < 3; j++) {
      let m = 0;
      for (let k = 0; k < 4000; k++) m += v[3 * k + j]!;
      expect(Math.abs(m / 4000)).toBeLessThan(0.05);
    }
    t.dispose();
  });

  it('one shared draw of shape [3,3,2,4] has that shape and norm <= r; same seed, same draw', () => {
    const a = sampleL2Ball([3, 3, 2, 4], 0.5, new RandomState(1));
    const b = sampleL2Ball([3, 3, 2, 4], 0.5, new RandomState(1));
    expect(a.shape).toEqual([3, 3, 2, 4]);
    expect(norms(a.dataSync() as Float32Array, 72)[0]).toBeLessThanOrEqual(0.5);
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
    tf.dispose([a, b]);
  });
});

describe('projectL2Ball', () => {
  it('per-example [3, 4]: shrinks the long rows onto the sphere, keeps the short one', () => {
    const beta = tf.tensor2d([
      [3, 4, 0, 0],
      [0.1, 0, 0, 0],
      [0, 0, 10, 0],
    ]);
    const p = projectL2Ball(beta, 1, true);
    const n = norms(p.dataSync() as Float32Array, 4);
    expect(n[0]).toBeCloseTo(1, 5);
    expect(n[1]).toBeCloseTo(0.1, 7);
    expect(n[2]).toBeCloseTo(1, 5);
    expect(n.every((x) => x <= 1)).toBe(true);
    expect(Array.from(p.dataSync()).slice(0, 2)).toEqual([
      expect.closeTo(0.6, 5),
      expect.closeTo(0.8, 5),
    ]);
    tf.dispose([beta, p]);
  });

  it('shared [2, 2]: one norm over the whole tensor; radius 0 gives zeros', () => {
    const beta = tf.tensor2d([
      [1, 1],
      [1, 1],
    ]);
    const p = projectL2Ball(beta, 1, false);
    expect(norms(p.dataSync() as Float32Array, 4)[0]).toBeCloseTo(1, 5);
    const z = projectL2Ball(beta, 0, false);
    expect(Array.from(z.dataSync())).toEqual([0, 0, 0, 0]);
    tf.dispose([beta, p, z]);
  });
});
