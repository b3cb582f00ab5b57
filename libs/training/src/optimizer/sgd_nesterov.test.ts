import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, it } from 'vitest';
import { SgdNesterov } from './sgd_nesterov.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** PyTorch's SGD update written out in float64 for f(w) = 0.5 * a * w^2 (grad = a * w). */
function referenceTrajectory(
  w0: number,
  a: number,
  lrs: number[],
  mu: number,
  wd: number,
  nesterov: boolean,
): number[] {
  let w = w0;
  let v: number | undefined;
  const out: number[] = [];
  for (const lr of lrs) {
    const g = a * w + wd * w;
    v = v === undefined ? g : mu * v + g;
    w -= lr * (nesterov ? g + mu * v : v);
    out.push(w);
  }
  return out;
}

describe('SgdNesterov', () => {
  for (const nesterov of [true, false]) {
    it(`follows the PyTorch SGD update (nesterov=${nesterov}, mu 0.9, wd 1e-4) on a quadratic [3]`, () => {
      const a = [0.5, 2, 3];
      const w = tf.variable(tf.tensor1d([1, -2, 0.25]), true, 'w');
      const opt = new SgdNesterov({ momentum: 0.9, nesterov, weightDecay: 1e-4 });
      const lrs = [0.1, 0.05, 0.2, 0.1, 0.01];
      const got: number[][] = [];
      for (const lr of lrs) {
        const { value, grads } = tf.variableGrads(
          () => tf.mul(0.5, tf.sum(tf.mul(tf.tensor1d(a), tf.square(w)))) as tf.Scalar,
          [w],
        );
        opt.step([{ name: 'w', variable: w, grad: grads[w.name] }], lr);
        tf.dispose([value, grads]);
        got.push(Array.from(w.dataSync()));
      }
      for (let i = 0; i < 3; i++) {
        const expected = referenceTrajectory([1, -2, 0.25][i]!, a[i]!, lrs, 0.9, 1e-4, nesterov);
        for (let s = 0; s < lrs.length; s++) expect(got[s]![i]).toBeCloseTo(expected[s]!, 5);
      }
      opt.dispose();
      w.dispose();
    });
  }

  it('restores its momentum exactly from getState/setState', () => {
    let made = 0;
    const mk = () => tf.variable(tf.tensor1d([1, 2]), true, `p${made++}`);
    const loss = (v: tf.Variable) => () => tf.sum(tf.square(v)) as tf.Scalar;
    const runSteps = (opt: SgdNesterov, v: tf.Variable, n: number) => {
      for (let i = 0; i < n; i++) {
        const { value, grads } = tf.variableGrads(loss(v), [v]);
        opt.step([{ name: 'p', variable: v, grad: grads[v.name] }], 0.1);
        tf.dispose([value, grads]);
      }
    };
    const a = mk();
    const optA = new SgdNesterov({ momentum: 0.9, nesterov: true, weightDecay: 0 });
    runSteps(optA, a, 4);

    const b = mk();
    const optB = new SgdNesterov({ momentum: 0.9, nesterov: true, weightDecay: 0 });
    runSteps(optB, b, 2);
    const state = optB.getState();
    const weights = tf.clone(b);
    const optC = new SgdNesterov({ momentum: 0.9, nesterov: true, weightDecay: 0 });
    const c = tf.variable(weights, true, 'restored');
    // Momentum buffers are keyed by the stable parameter name, not by tf.Variable#name.
    optC.setState(state);
    runSteps(optC, c, 2);
    expect(Array.from(c.dataSync())).toEqual(Array.from(a.dataSync()));
    tf.dispose([a, b, c, weights, ...Object.values(state)]);
    [optA, optB, optC].forEach((o) => o.dispose());
  });

  it('keeps tf.memory().numTensors flat across steps', () => {
    const v = tf.variable(tf.ones([4, 4]), true, 'leak');
    const opt = new SgdNesterov({ momentum: 0.9, nesterov: true, weightDecay: 1e-4 });
    const stepOnce = () => {
      const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(v)) as tf.Scalar, [v]);
      opt.step([{ name: 'p', variable: v, grad: grads[v.name] }], 0.1);
      tf.dispose([value, grads]);
    };
    stepOnce();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) stepOnce();
    expect(tf.memory().numTensors).toBe(before);
    opt.dispose();
    v.dispose();
  });

  it('rejects a negative learning rate naming the argument', () => {
    const opt = new SgdNesterov({ momentum: 0.9, nesterov: true, weightDecay: 0 });
    expect(() => opt.step([], -1)).toThrow(/Argument 'lr'/);
  });
});
