import * as tf from '@tensorflow/tfjs-core';
import type { Tensor4D } from '@tensorflow/tfjs-core';
import { initBackend } from '@ada/tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lossAndGradient } from './gradient.ts';
import { margins, misclassified, perExampleLoss, type LossSpec } from './losses.ts';
import { randomImages, toyConvNet, type ToyConvNet } from './testing/toy_models.ts';

let net: ToyConvNet;
let x: Tensor4D;

beforeAll(async () => {
  await initBackend({ log: () => undefined });
  net = toyConvNet({ classes: 5, seed: 2, shape: [6, 6, 3] });
  x = randomImages(2, [6, 6, 3], 3);
});

afterAll(() => {
  net.dispose();
  x.dispose();
});

describe('per-example losses on logits [2, 5]', () => {
  const z = [
    [3, 1, 2, 0, -1],
    [0, 4, 1, 2, 3],
  ];
  const values = z.flat();

  it('ce, dlr and targeted dlr equal their formulas', () => {
    const zt = tf.tensor2d(z);
    const y = [0, 2];
    const ce = perExampleLoss({ kind: 'ce' }, zt, values, y).arraySync();
    const lse = (r: number[]) => Math.log(r.reduce((a, v) => a + Math.exp(v), 0));
    expect(ce[0]).toBeCloseTo(lse(z[0]!) - 3, 5);
    expect(ce[1]).toBeCloseTo(lse(z[1]!) - 1, 5);
    const dlr = perExampleLoss({ kind: 'dlr' }, zt, values, y).arraySync();
    // Row 0: y = top class: -(3 - 2) / (3 - 1). Row 1: -(1 - 4) / (4 - 2).
    expect(dlr[0]).toBeCloseTo(-0.5, 6);
    expect(dlr[1]).toBeCloseTo(1.5, 6);
    const t = perExampleLoss({ kind: 'dlr-targeted', targets: [2, 4] }, zt, values, y).arraySync();
    // Row 0: -(3 - 2) / (3 - (1 + 0) / 2). Row 1: -(1 - 3) / (4 - (2 + 1) / 2).
    expect(t[0]).toBeCloseTo(-1 / 2.5, 6);
    expect(t[1]).toBeCloseTo(2 / 2.5, 6);
    zt.dispose();
  });

  it('margins and misclassified agree', () => {
    expect(Array.from(margins(values, [0, 2], 5))).toEqual([1, -3]);
    expect(misclassified(values, [0, 2], 5)).toEqual([false, true]);
  });

  it('rejects too few classes for the DLR losses, naming the loss', () => {
    const zt = tf.tensor2d([[1, 2, 3]]);
    expect(() =>
      perExampleLoss({ kind: 'dlr-targeted', targets: [0] }, zt, [1, 2, 3], [1]),
    ).toThrow(/'dlr-targeted' needs at least 4 classes/);
    zt.dispose();
  });
});

describe('lossAndGradient (tf.grad on the wasm backend) vs central finite differences', () => {
  const specs: LossSpec[] = [
    { kind: 'ce' },
    { kind: 'dlr' },
    { kind: 'dlr-targeted', targets: [3, 4] },
    { kind: 'margin-targeted', targets: [0, 4] },
  ];
  it.each(specs)('$kind on a toy conv net [2,6,6,3]', (spec) => {
    const y = [1, 2];
    const before = tf.memory().numTensors;
    const { grad, loss } = lossAndGradient(net, x, y, spec);
    const g = grad.dataSync();
    const base = x.dataSync();
    const lossAt = (data: Float32Array): Float32Array =>
      tf.tidy(() => {
        const xv = tf.tensor4d(data, x.shape);
        const z = net.apply(xv);
        return perExampleLoss(spec, z, z.dataSync(), y).dataSync() as Float32Array;
      });
    expect(Array.from(lossAt(Float32Array.from(base)))).toEqual(
      Array.from(loss).map((v) => expect.closeTo(v, 5)),
    );
    const h = 1e-3;
    const d = base.length / 2;
    for (const i of [0, 17, 40, d + 5, d + 60, 2 * d - 1]) {
      const plus = Float32Array.from(base);
      const minus = Float32Array.from(base);
      plus[i]! += h;
      minus[i]! -= h;
      const b = i < d ? 0 : 1;
      const fd = (lossAt(plus)[b]! - lossAt(minus)[b]!) / (2 * h);
      expect(Math.abs(fd - g[i]!)).toBeLessThan(2e-3 + 0.05 * Math.abs(fd));
    }
    grad.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
