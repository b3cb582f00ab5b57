import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.ts';
import { inspectNativePackage } from '../native.ts';
import { relativeError, runOn, seededValues } from './test_util.ts';

const require = createRequire(import.meta.url);
const nativeBuilt = ((): boolean => {
  try {
    const pkg = require.resolve('@tensorflow/tfjs-node/package.json');
    return inspectNativePackage(dirname(pkg)).addonPresent;
  } catch {
    return false;
  }
})();

type Pad = 'same' | 'valid' | [[0, 0], [number, number], [number, number], [0, 0]];

/** Gradients of sum(conv2d(x, w) * r) for x and w, built from seeded values on the current backend. */
function convGrads(
  xShape: [number, number, number, number],
  wShape: [number, number, number, number],
  stride: number,
  pad: Pad,
): tf.Tensor[] {
  const x = tf.tensor4d(
    seededValues(
      xShape.reduce((a, b) => a * b),
      1,
    ),
    xShape,
  );
  const w = tf.tensor4d(
    seededValues(
      wShape.reduce((a, b) => a * b),
      2,
    ),
    wShape,
  );
  const f = (a: tf.Tensor, b: tf.Tensor): tf.Tensor => {
    const y = tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, stride, pad);
    const r = tf.tensor(seededValues(y.size, 3), y.shape);
    return tf.sum(tf.mul(y, r));
  };
  return tf.grads(f)([x, w]);
}

// tfjs-node refused explicit padding in both conv gradients; the classifiers use it.
describe.runIf(nativeBuilt)('conv2d gradients with explicit padding on the native backend', () => {
  beforeAll(async () => {
    await initBackend({ backend: 'tensorflow', log: false });
  });

  const cases: Array<
    [string, [number, number, number, number], [number, number, number, number], number, Pad]
  > = [
    [
      'x [2,8,8,3] w 3x3x3x4 stride 1 explicit [1,1]',
      [2, 8, 8, 3],
      [3, 3, 3, 4],
      1,
      [
        [0, 0],
        [1, 1],
        [1, 1],
        [0, 0],
      ],
    ],
    [
      'x [2,9,9,4] w 3x3x4x5 stride 2 explicit [1,1]',
      [2, 9, 9, 4],
      [3, 3, 4, 5],
      2,
      [
        [0, 0],
        [1, 1],
        [1, 1],
        [0, 0],
      ],
    ],
    [
      'x [1,8,7,2] w 3x3x2x3 stride 2 explicit [0,1],[1,0]',
      [1, 8, 7, 2],
      [3, 3, 2, 3],
      2,
      [
        [0, 0],
        [0, 1],
        [1, 0],
        [0, 0],
      ],
    ],
    [
      'x [2,8,8,3] w 1x1x3x4 stride 2 explicit [0,0]',
      [2, 8, 8, 3],
      [1, 1, 3, 4],
      2,
      [
        [0, 0],
        [0, 0],
        [0, 0],
        [0, 0],
      ],
    ],
    ['x [2,8,8,3] w 3x3x3x4 stride 1 same (unwrapped)', [2, 8, 8, 3], [3, 3, 3, 4], 1, 'same'],
  ];
  for (const [name, xs, ws, stride, pad] of cases) {
    it(`${name}: dx and dw match the cpu backend`, async () => {
      const before = tf.memory().numTensors;
      const native = await runOn('tensorflow', () => convGrads(xs, ws, stride, pad));
      expect(tf.memory().numTensors).toBe(before);
      const cpu = await runOn('cpu', () => convGrads(xs, ws, stride, pad));
      await tf.setBackend('tensorflow');
      expect(native).toHaveLength(2);
      for (let i = 0; i < 2; i++) expect(relativeError(native[i]!, cpu[i]!)).toBeLessThan(1e-5);
    });
  }
});

describe.runIf(nativeBuilt)('round on the native backend', () => {
  it('leaves int32 [3, -2, 7] unchanged (TensorFlow 2.21 returns zeros) and rounds float32 half to even', async () => {
    await initBackend({ backend: 'tensorflow', log: false });
    const [ints, floats] = await runOn('tensorflow', () => [
      tf.round(tf.tensor1d([3, -2, 7], 'int32')),
      tf.round(tf.tensor1d([0.4, 1.6, 2.5, -1.5])),
    ]);
    expect(Array.from(ints!)).toEqual([3, -2, 7]);
    expect(Array.from(floats!)).toEqual([0, 2, 2, -2]);
  });
});
