import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { countNativeOps } from '@ada/tensor';
import { startNativeOrSkipReason } from '@ada/tensor/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { PAPER_SGD, SgdNesterov } from './sgd_nesterov.ts';
import type { SgdConfig, SgdUpdateMode } from './sgd_nesterov.ts';

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

  for (const update of ['per-tensor', 'fused'] as const) {
    it(`keeps tf.memory().numTensors flat across steps and frees its tensors on dispose (${update}, w [4,4], b [4])`, () => {
      const v = tf.variable(tf.ones([4, 4]), true, `leak-w-${update}`);
      const b = tf.variable(tf.ones([4]), true, `leak-b-${update}`);
      const start = tf.memory().numTensors;
      const opt = new SgdNesterov({ momentum: 0.9, nesterov: true, weightDecay: 1e-4 }, { update });
      const stepOnce = () => {
        const { value, grads } = tf.variableGrads(
          () => tf.add(tf.sum(tf.square(v)), tf.sum(tf.square(b))) as tf.Scalar,
          [v, b],
        );
        opt.step(
          [
            { name: 'w', variable: v, grad: grads[v.name] },
            { name: 'b', variable: b, grad: grads[b.name] },
          ],
          0.1,
        );
        tf.dispose([value, grads]);
      };
      stepOnce();
      const before = tf.memory().numTensors;
      for (let i = 0; i < 5; i++) stepOnce();
      expect(tf.memory().numTensors).toBe(before);
      opt.dispose();
      expect(tf.memory().numTensors).toBe(start);
      tf.dispose([v, b]);
    });
  }

  it('rejects a negative learning rate naming the argument', () => {
    const opt = new SgdNesterov({ momentum: 0.9, nesterov: true, weightDecay: 0 });
    expect(() => opt.step([], -1)).toThrow(/Argument 'lr'/);
  });
});

// Parameters of several ranks (a scalar included); the loss sum(a/2 w^2 + sin w) has gradients
// that are not proportional to the weights, so momentum, Nesterov and decay all show.
const SHAPES: number[][] = [[3, 4], [4], [], [2, 2, 3, 2]];
const LRS = [0.1, 0.05, 0.2, 0.1, 0.01, 0.3];
const values = (n: number, seed: number): number[] =>
  Array.from({ length: n }, (_, k) => Math.sin(seed * 12.9898 + k * 1.7) * 2);

interface Trajectory {
  /** Every parameter's values after each step. */
  weights: number[][][];
  /** The momentum at the end, by parameter name. */
  state: Record<string, number[]>;
}

/**
 * Runs steps `from` .. `to` - 1 (lr LRS[step]) of `opt` on parameters that start at `start`
 * (else at fixed values); `dropAt` withholds parameter 1's gradient on that step (as a parameter
 * without a gradient gets none). Owns and frees its tensors.
 */
function trajectory(
  opt: SgdNesterov,
  {
    dropAt,
    from = 0,
    to = LRS.length,
    start,
  }: { dropAt?: number; from?: number; to?: number; start?: number[][] } = {},
): Trajectory {
  const size = (shape: number[]) => shape.reduce((a, d) => a * d, 1);
  const vars = SHAPES.map((shape, i) =>
    tf.variable(tf.tensor(start?.[i] ?? values(size(shape), i + 1), shape)),
  );
  const scales = SHAPES.map((shape, i) =>
    tf.tensor(
      values(size(shape), i + 7).map((v) => 1 + Math.abs(v)),
      shape,
    ),
  );
  const weights: number[][][] = [];
  for (let s = from; s < to; s++) {
    const { value, grads } = tf.variableGrads(
      () =>
        tf.addN(
          vars.map((v, i) =>
            tf.sum(tf.add(tf.mul(0.5, tf.mul(scales[i]!, tf.square(v))), tf.sin(v))),
          ),
        ) as tf.Scalar,
      vars,
    );
    opt.step(
      vars.map((v, i) => ({
        name: `p${i}`,
        variable: v,
        grad: s === dropAt && i === 1 ? undefined : grads[v.name],
      })),
      LRS[s]!,
    );
    tf.dispose([value, ...Object.values(grads)]);
    weights.push(vars.map((v) => Array.from(v.dataSync())));
  }
  const stateTensors = opt.getState();
  const state = Object.fromEntries(
    Object.entries(stateTensors).map(([k, t]) => [k, Array.from(t.dataSync())]),
  );
  tf.dispose([...vars, ...scales, ...Object.values(stateTensors)]);
  return { weights, state };
}

/** Largest |a - b| / max(1, |b|) over two trajectories of the same parameters. */
function maxDiff(a: Trajectory, b: Trajectory): number {
  let d = 0;
  const cmp = (x: number[], y: number[]) => {
    expect(x).toHaveLength(y.length);
    x.forEach((v, k) => (d = Math.max(d, Math.abs(v - y[k]!) / Math.max(1, Math.abs(y[k]!)))));
  };
  a.weights.forEach((step, s) => step.forEach((w, i) => cmp(w, b.weights[s]![i]!)));
  expect(Object.keys(a.state).sort()).toEqual(Object.keys(b.state).sort());
  for (const k of Object.keys(b.state)) cmp(a.state[k]!, b.state[k]!);
  return d;
}

const run = (config: SgdConfig, update: SgdUpdateMode, dropAt?: number): Trajectory => {
  const opt = new SgdNesterov(config, { update });
  try {
    return trajectory(opt, { dropAt });
  } finally {
    opt.dispose();
  }
};

const CONFIGS: Array<[string, SgdConfig]> = [
  ['nesterov, mu 0.9, wd 1e-4 (paper)', PAPER_SGD],
  ['plain momentum 0.9, wd 5e-4', { momentum: 0.9, nesterov: false, weightDecay: 5e-4 }],
  ['nesterov, mu 0.5, no weight decay', { momentum: 0.5, nesterov: true, weightDecay: 0 }],
  ['no momentum, wd 1e-3', { momentum: 0, nesterov: false, weightDecay: 1e-3 }],
];

describe('SgdNesterov fused update', () => {
  for (const [label, config] of CONFIGS) {
    it(`equals the per-tensor update on cpu over ${LRS.length} steps with changing lr: ${label}, shapes [3,4] [4] [] [2,2,3,2]`, async () => {
      await tf.setBackend('cpu');
      const want = run(config, 'per-tensor');
      expect(maxDiff(run(config, 'fused'), want)).toBeLessThan(1e-6);
    });

    it(`equals the per-tensor update natively (and cpu's to 1e-5): ${label}`, async ({ skip }) => {
      await tf.setBackend('cpu');
      const cpu = run(config, 'per-tensor');
      const why = await startNativeOrSkipReason();
      if (why !== undefined) skip(why);
      try {
        const perTensor = run(config, 'per-tensor');
        const fused = run(config, 'fused');
        const auto = run(config, 'auto');
        expect(maxDiff(fused, perTensor)).toBeLessThan(1e-6);
        expect(maxDiff(auto, perTensor)).toBeLessThan(1e-6);
        expect(maxDiff(fused, cpu)).toBeLessThan(1e-5);
      } finally {
        await tf.setBackend('cpu');
      }
    });
  }

  it('equals the per-tensor update when a parameter has no gradient on one step (layout changes twice)', async () => {
    await tf.setBackend('cpu');
    for (const [, config] of CONFIGS) {
      const want = run(config, 'per-tensor', 2);
      expect(maxDiff(run(config, 'fused', 2), want)).toBeLessThan(1e-6);
    }
  });

  it('hands its momentum to the per-tensor update through getState/setState and back', async () => {
    await tf.setBackend('cpu');
    const whole = run(PAPER_SGD, 'per-tensor');
    for (const [first, second] of [
      ['fused', 'per-tensor'],
      ['per-tensor', 'fused'],
    ] as const) {
      // Steps 0-2 with one optimizer, steps 3-5 with the other from its saved state.
      const a = new SgdNesterov(PAPER_SGD, { update: first });
      const head = trajectory(a, { to: 3 });
      const saved = a.getState();
      a.dispose();
      const b = new SgdNesterov(PAPER_SGD, { update: second });
      b.setState(saved);
      tf.dispose(Object.values(saved));
      const tail = trajectory(b, { from: 3, start: head.weights[2] });
      b.dispose();
      const joined = { weights: [...head.weights, ...tail.weights], state: tail.state };
      expect(maxDiff(joined, whole)).toBeLessThan(1e-6);
    }
  });

  it(`runs N + 11 TensorFlow ops per step natively instead of 8N (N = ${SHAPES.length} tensors, nesterov, wd)`, async ({
    skip,
  }) => {
    const why = await startNativeOrSkipReason();
    if (why !== undefined) skip(why);
    try {
      const vars = SHAPES.map((s, i) => tf.variable(tf.fill(s, i + 1)));
      const grads = SHAPES.map((s) => tf.fill(s, 0.5));
      const params = vars.map((variable, i) => ({ name: `p${i}`, variable, grad: grads[i] }));
      const opsPerStep = async (update: SgdUpdateMode): Promise<number> => {
        const opt = new SgdNesterov(PAPER_SGD, { update });
        opt.step(params, 0.1); // the first step initialises the momentum (fewer ops)
        const { ops } = await countNativeOps(() => opt.step(params, 0.05));
        opt.dispose();
        return ops;
      };
      const n = SHAPES.length;
      // Pack w and g (2), decay, momentum, Nesterov, w - lr u (8), SplitV + N Reshapes.
      expect(await opsPerStep('fused')).toBe(n + 11);
      expect(await opsPerStep('per-tensor')).toBe(8 * n);
      tf.dispose([...vars, ...grads]);
    } finally {
      await tf.setBackend('cpu');
    }
  });
});
