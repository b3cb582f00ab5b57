import * as tf from '@tensorflow/tfjs-core';
import type { Tensor4D } from '@tensorflow/tfjs-core';
import { initBackend } from '@ada/tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { robustAccuracy, runEnsemble, type EnsembleOptions } from './ensemble.ts';
import { ensembleTable, formatTable } from './report_table.ts';
import { randomImages, toyConvNet, type ToyConvNet } from './testing/toy_models.ts';

let net: ToyConvNet;
let x: Tensor4D;
let labels: number[];

/** Small budgets: the toy model is weak, and the test must stay fast. */
const settings: EnsembleOptions['settings'] = {
  'apgd-ce': { iterations: 10 },
  'apgd-t': { iterations: 10, targetClasses: 3 },
  square: { queries: 100 },
};

beforeAll(async () => {
  await initBackend({ log: () => undefined });
  net = toyConvNet({ classes: 10, seed: 7 });
  x = randomImages(24, [8, 8, 3], 8);
  const preds = Array.from(tf.tidy(() => tf.argMax(net.apply(x), 1).dataSync()));
  // Flip 4 labels: clean accuracy 20/24.
  labels = preds.map((p, i) => (i % 6 === 0 ? (p + 1) % 10 : p));
});

afterAll(() => {
  net.dispose();
  x.dispose();
});

describe('runEnsemble (apgd-ce, apgd-t, square) on a toy conv net [24,8,8,3]', () => {
  it.each(['linf', 'l2'] as const)('%s: eps 0 leaves robust accuracy = clean accuracy', (norm) => {
    const r = robustAccuracy(net, x, labels, { norm, eps: 0, settings, seed: 1 });
    expect(r.cleanAccuracy).toBeCloseTo(20 / 24, 10);
    expect(r.robustAccuracy).toBeCloseTo(20 / 24, 10);
    expect(r.perAttack.map((a) => [a.attack, a.attacked, a.fooled])).toEqual([
      ['apgd-ce', 20, 0],
      ['apgd-t', 20, 0],
      ['square', 20, 0],
    ]);
  });

  it.each([
    ['linf', 0.25],
    ['l2', 3],
  ] as const)(
    '%s eps %f (large): robust accuracy ~0, each attack only on the survivors',
    (norm, eps) => {
      const before = tf.memory().numTensors;
      const progress: number[] = [];
      const r = runEnsemble(net, x, labels, {
        norm,
        eps,
        settings,
        seed: 1,
        onProgress: (p) => progress.push(p.attackIndex),
      });
      expect(r.cleanAccuracy).toBeCloseTo(20 / 24, 10);
      expect(r.robustAccuracy).toBeLessThanOrEqual(1 / 24);
      let robust = 20;
      for (const a of r.perAttack) {
        expect(a.attacked).toBe(robust);
        robust -= a.fooled;
        expect(a.robustAccuracy).toBeCloseTo(robust / 24, 10);
      }
      expect(r.robust.filter(Boolean).length).toBe(robust);
      expect(r.gradientEvaluations).toBe(
        r.perAttack.reduce((s, a) => s + a.gradientEvaluations, 0),
      );
      expect(r.gradientEvaluations).toBeGreaterThan(0);
      expect(progress.length).toBeGreaterThan(0);
      // The adversarial images: in the ball, and misclassified exactly where not robust.
      const pred = Array.from(tf.tidy(() => tf.argMax(net.apply(r.adversarial), 1).dataSync()));
      r.robust.forEach((ok, i) => expect(pred[i] === labels[i]).toBe(ok));
      const size = tf.tidy(() => {
        const d = tf.sub(r.adversarial, x);
        return (
          norm === 'linf' ? tf.max(tf.abs(d)) : tf.max(tf.sqrt(tf.sum(tf.square(d), [1, 2, 3])))
        ).dataSync()[0]!;
      });
      expect(size).toBeLessThanOrEqual(eps * (1 + 1e-5));
      r.adversarial.dispose();
      expect(tf.memory().numTensors).toBe(before);
      const table = ensembleTable(r);
      expect(table.rows.map((row) => row.label)).toEqual([
        'clean',
        'apgd-ce',
        'apgd-t',
        'square',
        `robust (${norm}, eps ${eps})`,
      ]);
      expect(formatTable(table)).toContain('apgd-t');
    },
  );

  it('is deterministic by seed', () => {
    const run = () =>
      runEnsemble(net, x, labels, {
        norm: 'linf',
        eps: 0.01,
        settings,
        seed: 5,
        attacks: ['apgd-ce', 'square'],
      });
    const a = run();
    const b = run();
    expect(a.robust).toEqual(b.robust);
    expect(a.perAttack.map((p) => p.fooled)).toEqual(b.perAttack.map((p) => p.fooled));
    expect(Array.from(a.adversarial.dataSync())).toEqual(Array.from(b.adversarial.dataSync()));
    tf.dispose([a.adversarial, b.adversarial]);
  });

  it('rejects unknown attacks and bad eps, naming the option', () => {
    expect(() =>
      runEnsemble(net, x, labels, { norm: 'linf', eps: 0.1, attacks: ['fab' as 'pgd'] }),
    ).toThrow(/unknown attack 'fab'/);
    expect(() => runEnsemble(net, x, labels, { norm: 'linf', eps: Number.NaN })).toThrow(
      /'options.eps' passed to 'runEnsemble'/,
    );
  });
});
