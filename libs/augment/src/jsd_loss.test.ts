import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { RandomState } from '@ada/data';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { augmixLoss, jsdConsistency } from './jsd_loss.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Plain float64 twin of the loss, written from the reference formula. */
function lossPlain(views: number[][][], labels: number[], lambda: number): number {
  const n = labels.length;
  const softmax = (row: number[]): number[] => {
    const mx = Math.max(...row);
    const e = row.map((v) => Math.exp(v - mx));
    const s = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / s);
  };
  const p = views.map((v) => v.map(softmax));
  let ce = 0;
  let jsd = 0;
  for (let b = 0; b < n; b++) {
    ce -= Math.log(p[0]![b]![labels[b]!]!);
    const k = p[0]![b]!.length;
    for (let c = 0; c < k; c++) {
      const m = Math.min(1, Math.max(1e-7, p.reduce((a, pv) => a + pv[b]![c]!, 0) / p.length));
      for (const pv of p) jsd += pv[b]![c]! * (Math.log(pv[b]![c]!) - Math.log(m));
    }
  }
  return ce / n + (lambda * jsd) / (p.length * n);
}

function randomViews(rng: RandomState, views: number, n: number, k: number): number[][][] {
  return Array.from({ length: views }, () =>
    Array.from({ length: n }, () => Array.from({ length: k }, () => rng.normal(0, 2))),
  );
}

describe('augmixLoss / jsdConsistency', () => {
  it('3 views [4, 10], lambda 12: value equals the float64 twin', () => {
    const rng = new RandomState(3);
    const v = randomViews(rng, 3, 4, 10);
    const labels = [1, 7, 3, 0];
    const t = v.map((x) => tf.tensor2d(x));
    const loss = augmixLoss(t[0]!, t.slice(1), tf.tensor1d(labels, 'int32'));
    expect(loss.dataSync()[0]).toBeCloseTo(lossPlain(v, labels, 12), 4);
  });

  it('identical views give a zero consistency term', () => {
    const x = tf.tensor2d(randomViews(new RandomState(1), 1, 3, 5)[0]!);
    expect(jsdConsistency([x, x, x]).dataSync()[0]).toBeCloseTo(0, 6);
  });

  it('gradient w.r.t. every view matches float64 central differences ([3, 5], 3 views)', () => {
    const rng = new RandomState(11);
    const v = randomViews(rng, 3, 3, 5);
    const labels = [4, 0, 2];
    const t = v.map((x) => tf.tensor2d(x));
    const lab = tf.tensor1d(labels, 'int32');
    const grads = tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) =>
      augmixLoss(a as tf.Tensor2D, [b as tf.Tensor2D, c as tf.Tensor2D], lab),
    )(t);
    const h = 1e-5;
    grads.forEach((g, view) => {
      const gd = g.arraySync() as number[][];
      for (let b = 0; b < 3; b++) {
        for (let c = 0; c < 5; c++) {
          const plus = v.map((x) => x.map((r) => r.slice()));
          const minus = v.map((x) => x.map((r) => r.slice()));
          plus[view]![b]![c]! += h;
          minus[view]![b]![c]! -= h;
          const fd = (lossPlain(plus, labels, 12) - lossPlain(minus, labels, 12)) / (2 * h);
          expect(Math.abs(gd[b]![c]! - fd)).toBeLessThan(1e-4 + 1e-3 * Math.abs(fd));
        }
      }
    });
  });

  it('does not leak tensors', () => {
    const a = tf.randomNormal([2, 4]) as tf.Tensor2D;
    const lab = tf.tensor1d([1, 2], 'int32');
    const before = tf.memory().numTensors;
    tf.dispose(augmixLoss(a, [a, a], lab));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects mismatched shapes with the argument named', () => {
    const a = tf.zeros([2, 4]) as tf.Tensor2D;
    const b = tf.zeros([3, 4]) as tf.Tensor2D;
    expect(() => jsdConsistency([a, b])).toThrow(/'views\[1\]'/);
    expect(() => augmixLoss(a, [a], tf.tensor1d([1], 'int32'))).toThrow(/'labels'/);
  });
});
