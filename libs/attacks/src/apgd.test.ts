import * as tf from '@tensorflow/tfjs-core';
import type { Tensor2D, Tensor4D } from '@tensorflow/tfjs-core';
import { initBackend } from '@ada/tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apgdCheckpoints, apgdRun } from './apgd_core.ts';
import { apgdCe } from './apgd_ce.ts';
import { apgdT } from './apgd_t.ts';
import { multiTargeted } from './multitargeted.ts';
import { pgd } from './pgd.ts';
import { randomImages, toyConvNet, type ToyConvNet } from './testing/toy_models.ts';
import type { AttackModel } from './types.ts';

let net: ToyConvNet;
let x: Tensor4D;
let labels: number[];

beforeAll(async () => {
  await initBackend({ log: () => undefined });
  net = toyConvNet({ classes: 10, seed: 7 });
  x = randomImages(32, [8, 8, 3], 8);
  labels = Array.from(tf.tidy(() => tf.argMax(net.apply(x), 1).dataSync()));
});

afterAll(() => {
  net.dispose();
  x.dispose();
});

describe('APGD step-size schedule', () => {
  it("checkpoints for 100 iterations are the paper's p_j = p_{j-1} + max(p_{j-1} - p_{j-2} - 0.03, 0.06)", () => {
    const p = [0, 0.22];
    while (p.at(-1)! + Math.max(p.at(-1)! - p.at(-2)! - 0.03, 0.06) <= 1) {
      p.push(p.at(-1)! + Math.max(p.at(-1)! - p.at(-2)! - 0.03, 0.06));
    }
    expect(apgdCheckpoints(100)).toEqual(p.slice(1).map((v) => Math.round(100 * v)));
    expect(apgdCheckpoints(100)).toEqual([22, 41, 57, 70, 80, 87, 93, 99]);
  });

  it('halves the step size at every checkpoint when the loss never increases (constant model)', () => {
    // Logits do not depend on x: the loss is flat, no step increases it, so condition 1
    // (at most rho of the steps increased the loss) holds at all 8 checkpoints.
    const flat: AttackModel = {
      apply: (v: Tensor4D) =>
        tf.tidy(() =>
          tf.add(
            tf.mul(tf.sum(v, [1, 2, 3], true).reshape([v.shape[0], 1]), 0),
            tf.tensor2d([[2, 0, 0, 0]]),
          ),
        ) as Tensor2D,
    };
    const xs = tf.slice(x, [0, 0, 0, 0], [2, -1, -1, -1]);
    const out = apgdRun(flat, xs, [0, 0], {
      norm: 'linf',
      eps: 0.1,
      iterations: 100,
      loss: { kind: 'ce' },
      seed: 0,
      momentum: 0.75,
      rho: 0.75,
    });
    expect(Array.from(out.stepSize)).toEqual(
      [0.2 / 256, 0.2 / 256].map((v) => expect.closeTo(v, 9)),
    );
    expect(out.fooled).toEqual([false, false]);
    expect(out.gradientEvaluations).toBe(2 * 101);
    tf.dispose([xs, out.adversarial]);
  });
});

describe('APGD vs PGD on a toy conv net [32,8,8,3], 10 classes, same gradient budget (21)', () => {
  it.each([
    ['linf', 0.005],
    ['linf', 0.01],
    ['l2', 0.05],
    ['l2', 0.1],
  ] as const)('%s eps %f: APGD-CE fools at least as many as PGD', (norm, eps) => {
    const p = pgd(net, x, labels, { norm, eps, steps: 21, seed: 1 });
    const a = apgdCe(net, x, labels, { norm, eps, iterations: 20, seed: 1 });
    expect(a.gradientEvaluations).toBeLessThanOrEqual(p.gradientEvaluations + 32);
    const count = (f: boolean[]) => f.filter(Boolean).length;
    expect(count(a.fooled)).toBeGreaterThanOrEqual(count(p.fooled));
    expect(count(p.fooled)).toBeGreaterThan(0);
    expect(count(a.fooled)).toBeLessThan(32);
    tf.dispose([p.adversarial, a.adversarial]);
  });
});

describe('APGD-CE / APGD-T determinism, batching, memory', () => {
  it('same seed: identical images; other seed: different random start', () => {
    const run = (seed: number) =>
      apgdCe(net, x, labels, { norm: 'linf', eps: 0.005, iterations: 5, seed });
    const [a, b, c] = [run(3), run(3), run(4)];
    expect(Array.from(a.adversarial.dataSync())).toEqual(Array.from(b.adversarial.dataSync()));
    expect(a.fooled).toEqual(b.fooled);
    expect(Array.from(a.adversarial.dataSync())).not.toEqual(Array.from(c.adversarial.dataSync()));
    tf.dispose([a.adversarial, b.adversarial, c.adversarial]);
  });

  it('APGD-T: batch size does not change what it finds on examples of the first batch', () => {
    const a = apgdT(net, x, labels, {
      norm: 'l2',
      eps: 0.05,
      iterations: 5,
      targetClasses: 2,
      batchSize: 32,
    });
    expect(a.adversarial.shape).toEqual(x.shape);
    expect(a.fooled).toHaveLength(32);
    // Every reported success is a misclassification.
    const pred = Array.from(tf.tidy(() => tf.argMax(net.apply(a.adversarial), 1).dataSync()));
    a.fooled.forEach((f, i) => {
      if (f) expect(pred[i]).not.toBe(labels[i]);
    });
    tf.dispose(a.adversarial);
  });

  it('leaks no tensors (apgdCe and pgd with 2 restarts, apgdT, multiTargeted, batches of 10)', () => {
    const before = tf.memory().numTensors;
    const a = apgdCe(net, x, labels, {
      norm: 'l2',
      eps: 0.05,
      iterations: 6,
      restarts: 2,
      batchSize: 10,
    });
    const b = apgdT(net, x, labels, {
      norm: 'linf',
      eps: 0.003,
      iterations: 6,
      targetClasses: 2,
      batchSize: 10,
    });
    const c = pgd(net, x, labels, { norm: 'l2', eps: 0.05, steps: 4, restarts: 2, batchSize: 10 });
    const d = multiTargeted(net, x, labels, {
      norm: 'linf',
      eps: 0.003,
      steps: 3,
      targetClasses: 2,
      batchSize: 10,
    });
    tf.dispose([a.adversarial, b.adversarial, c.adversarial, d.adversarial]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('reports progress per iteration and rejects bad options naming them', () => {
    const steps: number[] = [];
    const r = apgdCe(net, x, labels, {
      norm: 'linf',
      eps: 0.001,
      iterations: 4,
      batchSize: 32,
      onProgress: (p) => steps.push(p.step),
    });
    expect(steps).toEqual([1, 2, 3, 4]);
    r.adversarial.dispose();
    expect(() => apgdCe(net, x, labels, { norm: 'linf', eps: -1 })).toThrow(
      /'options.eps' passed to 'apgdCe'/,
    );
    expect(() => apgdCe(net, x, labels, { norm: 'l1' as 'l2', eps: 1 })).toThrow(/'options.norm'/);
    expect(() => apgdT(net, x, labels.slice(1), { norm: 'l2', eps: 1 })).toThrow(
      /'labels' passed to 'apgdT'/,
    );
    expect(() => apgdCe(net, x, labels, { norm: 'l2', eps: 1, iterations: 0 })).toThrow(
      /'options.iterations'/,
    );
  });
});
