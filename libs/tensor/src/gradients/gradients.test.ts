import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.ts';
import { runOn, seededValues, wasmVsCpu } from '../kernels/test_util.ts';

/**
 * The survey of the ops our models train through: forward and gradient on wasm against the
 * cpu backend (relative error < 1e-4), on odd sizes, stride 2, 'same' and 'valid'.
 */
beforeAll(async () => {
  await initBackend({ backend: 'wasm', log: false });
});

const T = (shape: number[], seed: number): tf.Tensor =>
  tf.tensor(
    seededValues(
      shape.reduce((a, b) => a * b, 1),
      seed,
    ),
    shape,
  );
const T4 = (shape: [number, number, number, number], seed: number): tf.Tensor4D =>
  T(shape, seed) as tf.Tensor4D;
/** Loss that weights every output differently, so no gradient cancels by symmetry. */
const weighted = (y: tf.Tensor, seed = 99): tf.Scalar => tf.sum(tf.mul(y, T(y.shape, seed)));

const CASES: Array<[string, () => tf.Tensor[]]> = [
  [
    'fused conv2d + bias + relu [2,7,7,3] k3 stride 2 same',
    () =>
      tf.grads((x: tf.Tensor, w: tf.Tensor, b: tf.Tensor) =>
        weighted(
          tf.fused.conv2d({
            x: x as tf.Tensor4D,
            filter: w as tf.Tensor4D,
            bias: b,
            strides: 2,
            pad: 'same',
            activation: 'relu',
          }),
        ),
      )([T([2, 7, 7, 3], 1), T([3, 3, 3, 4], 2), T([4], 3)]),
  ],
  [
    'conv2d [2,9,8,4] k3 stride 2 valid',
    () =>
      tf.grads((x: tf.Tensor, w: tf.Tensor) =>
        weighted(tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 2, 'valid')),
      )([T([2, 9, 8, 4], 1), T([3, 3, 4, 5], 2)]),
  ],
  [
    'conv2d [2,7,7,4] k1 stride 2 same (ResNet shortcut)',
    () =>
      tf.grads((x: tf.Tensor, w: tf.Tensor) =>
        weighted(tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 2, 'same')),
      )([T([2, 7, 7, 4], 1), T([1, 1, 4, 6], 2)]),
  ],
  [
    'conv2dTranspose [2,4,4,5] -> [2,8,8,3] stride 2 same',
    () =>
      tf.grads((x: tf.Tensor, w: tf.Tensor) =>
        weighted(tf.conv2dTranspose(x as tf.Tensor4D, w as tf.Tensor4D, [2, 8, 8, 3], 2, 'same')),
      )([T([2, 4, 4, 5], 1), T([3, 3, 3, 5], 2)]),
  ],
  [
    'batchNorm with batch moments [2,5,3,3]',
    () =>
      tf.grads((x: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
        const { mean, variance } = tf.moments(x, [0, 1, 2]);
        return weighted(tf.batchNorm(x, mean, variance, b, g, 1e-5));
      })([T([2, 5, 3, 3], 1), T([3], 2), T([3], 3)]),
  ],
  ['relu [3,5]', () => [tf.grad((x: tf.Tensor) => weighted(tf.relu(x)))(T([3, 5], 1))]],
  [
    'add with broadcast [2,3,4] + [4]',
    () =>
      tf.grads((a: tf.Tensor, b: tf.Tensor) => weighted(tf.add(a, b)))([
        T([2, 3, 4], 1),
        T([4], 2),
      ]),
  ],
  [
    'avgPool [2,7,7,3] 3x3 stride 2 same',
    () => [
      tf.grad((x: tf.Tensor) => weighted(tf.avgPool(x as tf.Tensor4D, 3, 2, 'same')))(
        T([2, 7, 7, 3], 1),
      ),
    ],
  ],
  [
    'maxPool [2,7,7,3] 3x3 stride 2 same',
    () => [
      tf.grad((x: tf.Tensor) => weighted(tf.maxPool(x as tf.Tensor4D, 3, 2, 'same')))(
        T([2, 7, 7, 3], 1),
      ),
    ],
  ],
  [
    'maxPool [2,6,6,3] 2x2 stride 2 valid',
    () => [
      tf.grad((x: tf.Tensor) => weighted(tf.maxPool(x as tf.Tensor4D, 2, 2, 'valid')))(
        T([2, 6, 6, 3], 1),
      ),
    ],
  ],
  [
    'global mean [2,5,5,3] over H, W',
    () => [tf.grad((x: tf.Tensor) => weighted(tf.mean(x, [1, 2])))(T([2, 5, 5, 3], 1))],
  ],
  [
    'matMul [5,7] x [7,3]',
    () =>
      tf.grads((a: tf.Tensor, b: tf.Tensor) =>
        weighted(tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D)),
      )([T([5, 7], 1), T([7, 3], 2)]),
  ],
  [
    'softmax cross-entropy [3,4]',
    () => [
      tf.grad((x: tf.Tensor) =>
        tf.losses.softmaxCrossEntropy(tf.oneHot(tf.tensor1d([1, 0, 3], 'int32'), 4), x),
      )(T([3, 4], 1)),
    ],
  ],
  [
    'depthToSpace [2,3,5,12] block 2',
    () => [
      tf.grad((x: tf.Tensor) => weighted(tf.depthToSpace(x as tf.Tensor4D, 2)))(
        T([2, 3, 5, 12], 1),
      ),
    ],
  ],
  [
    'resizeBilinear [2,5,5,3] -> [9,9]',
    () => [
      tf.grad((x: tf.Tensor) => weighted(tf.image.resizeBilinear(x as tf.Tensor4D, [9, 9])))(
        T([2, 5, 5, 3], 1),
      ),
    ],
  ],
  [
    'resizeBilinear [2,5,5,3] -> [10,10] half-pixel centers',
    () => [
      tf.grad((x: tf.Tensor) =>
        weighted(tf.image.resizeBilinear(x as tf.Tensor4D, [10, 10], false, true)),
      )(T([2, 5, 5, 3], 1)),
    ],
  ],
  [
    'concat on channels [2,3,3,2] + [2,3,3,3]',
    () =>
      tf.grads((a: tf.Tensor, b: tf.Tensor) => weighted(tf.concat([a, b], 3)))([
        T([2, 3, 3, 2], 1),
        T([2, 3, 3, 3], 2),
      ]),
  ],
  [
    'slice [2,5,5,3] -> [2,3,2,3]',
    () => [
      tf.grad((x: tf.Tensor) => weighted(tf.slice(x, [0, 1, 1, 0], [2, 3, 2, 3])))(
        T([2, 5, 5, 3], 1),
      ),
    ],
  ],
  [
    'pad [2,3,3,3] by (1,2),(2,1)',
    () => [
      tf.grad((x: tf.Tensor) =>
        weighted(
          tf.pad(x, [
            [0, 0],
            [1, 2],
            [2, 1],
            [0, 0],
          ]),
        ),
      )(T([2, 3, 3, 3], 1)),
    ],
  ],
  [
    'mirrorPad reflect [2,3,3,3] by 1',
    () => [
      tf.grad((x: tf.Tensor) =>
        weighted(
          tf.mirrorPad(
            x,
            [
              [0, 0],
              [1, 1],
              [1, 1],
              [0, 0],
            ],
            'reflect',
          ),
        ),
      )(T([2, 3, 3, 3], 1)),
    ],
  ],
  [
    'clipByValue [-0.3, 0.4] on [3,5]',
    () => [tf.grad((x: tf.Tensor) => weighted(tf.clipByValue(x, -0.3, 0.4)))(T([3, 5], 1))],
  ],
  [
    'leakyRelu 0.2 on [3,5]',
    () => [tf.grad((x: tf.Tensor) => weighted(tf.leakyRelu(x, 0.2)))(T([3, 5], 1))],
  ],
  ['sigmoid [3,5]', () => [tf.grad((x: tf.Tensor) => weighted(tf.sigmoid(x)))(T([3, 5], 1))]],
  ['tanh [3,5]', () => [tf.grad((x: tf.Tensor) => weighted(tf.tanh(x)))(T([3, 5], 1))]],
  [
    'where(greater(x, 0), x^2, 3x) on [3,5]',
    () => [
      tf.grad((x: tf.Tensor) => weighted(tf.where(tf.greater(x, 0), tf.square(x), tf.mul(x, 3))))(
        T([3, 5], 1),
      ),
    ],
  ],
  [
    'gather rows [2,0,2] of [4,5]',
    () => [
      tf.grad((x: tf.Tensor) => weighted(tf.gather(x, tf.tensor1d([2, 0, 2], 'int32'))))(
        T([4, 5], 1),
      ),
    ],
  ],
];

describe('gradients on wasm match cpu', () => {
  it.each(CASES)('%s', async (_name, f) => {
    expect(await wasmVsCpu(f)).toBeLessThan(1e-4);
  });
});

/**
 * Adjoint test for a linear op f: <J^T dy, v> = <dy, f(v)>. Used where the cpu backend cannot
 * serve as reference (its ResizeBilinearGrad swaps height and width for non-square images).
 */
async function adjointGap(f: (x: tf.Tensor) => tf.Tensor, xShape: number[]): Promise<number> {
  const [lhs, rhs] = await runOn('wasm', () =>
    tf.tidy(() => {
      const v = T(xShape, 11);
      const fv = f(v);
      const dy = T(fv.shape, 12);
      const g = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(f(x), dy)))(T(xShape, 13));
      return [tf.sum(tf.mul(g, v)), tf.sum(tf.mul(dy, fv))];
    }),
  );
  return Math.abs(lhs![0]! - rhs![0]!) / Math.abs(rhs![0]!);
}

describe('gradients of linear ops are adjoint to the forward op on wasm', () => {
  it('resizeBilinear [2,5,6,3] -> [9,11] (non-square)', async () => {
    expect(
      await adjointGap((x) => tf.image.resizeBilinear(x as tf.Tensor4D, [9, 11]), [2, 5, 6, 3]),
    ).toBeLessThan(1e-5);
  });
  it('resizeBilinear [1,6,4,2] -> [3,7] align corners (down and up)', async () => {
    expect(
      await adjointGap(
        (x) => tf.image.resizeBilinear(x as tf.Tensor4D, [3, 7], true),
        [1, 6, 4, 2],
      ),
    ).toBeLessThan(1e-5);
  });
  it('depthToSpace [2,3,4,18] block 3', async () => {
    expect(
      await adjointGap((x) => tf.depthToSpace(x as tf.Tensor4D, 3), [2, 3, 4, 18]),
    ).toBeLessThan(1e-5);
  });
});

describe('maxPool gradient on wasm', () => {
  it('routes each window gradient to its maximum: [1,4,4,1] 2x2 stride 2 valid', async () => {
    const v = seededValues(16, 1);
    const expected = new Float32Array(16);
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 2; j++) {
        let at = -1;
        for (let a = 0; a < 2; a++) {
          for (let b = 0; b < 2; b++) {
            const k = (2 * i + a) * 4 + 2 * j + b;
            if (at < 0 || v[k]! > v[at]!) at = k;
          }
        }
        expected[at] = 2 * v[at]!;
      }
    }
    const [g] = await runOn('wasm', () =>
      tf.grad((x: tf.Tensor) => tf.sum(tf.square(tf.maxPool(x as tf.Tensor4D, 2, 2, 'valid'))))(
        tf.tensor4d(v, [1, 4, 4, 1]),
      ),
    );
    expect(Array.from(g!)).toEqual(Array.from(expected));
  });
});

describe('training step memory on wasm', () => {
  it('keeps tf.memory().numTensors flat over repeated backward passes of a conv block [4,8,8,3]', () => {
    const w1 = tf.variable(T4([3, 3, 3, 8], 1));
    const w2 = tf.variable(T4([3, 3, 8, 8], 2));
    const w3 = tf.variable(T4([1, 1, 3, 8], 3));
    const gamma = tf.variable(tf.ones([3]));
    const beta = tf.variable(tf.zeros([3]));
    const x = T4([4, 8, 8, 3], 4);
    const optimizer = tf.train.sgd(0.01);
    const step = (): void => {
      optimizer.minimize(() => {
        const { mean, variance } = tf.moments(x, [0, 1, 2]);
        const h = tf.relu(tf.batchNorm(x, mean, variance, beta, gamma, 1e-5)) as tf.Tensor4D;
        const a = tf.conv2d(tf.relu(tf.conv2d(h, w1, 2, 'same')), w2, 1, 'same');
        const y = tf.add(a, tf.conv2d(h, w3, 2, 'same'));
        const logits = tf.reshape(tf.mean(y, [1, 2]), [4, 8]);
        return tf.losses.softmaxCrossEntropy(
          tf.oneHot(tf.tensor1d([0, 1, 2, 3], 'int32'), 8),
          logits,
        );
      });
    };
    step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) step();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([w1, w2, w3, gamma, beta, x]);
    optimizer.dispose();
  });
});
