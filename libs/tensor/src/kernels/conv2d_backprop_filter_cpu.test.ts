import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerCpuKernels } from './register_all.ts';
import { relativeError, seededValues } from './test_util.ts';

type Case = [
  n: number,
  h: number,
  w: number,
  cin: number,
  cout: number,
  k: number,
  s: number,
  pad: 'same' | 'valid',
];
const CASES: Case[] = [
  [2, 7, 6, 3, 4, 3, 1, 'same'],
  [2, 8, 9, 3, 4, 3, 2, 'valid'],
  [1, 8, 7, 2, 3, 1, 2, 'same'],
  [3, 9, 9, 2, 3, 5, 2, 'same'],
];

function filterGrad([n, h, w, cin, cout, k, s, pad]: Case): Float32Array {
  return tf.tidy(() => {
    const x = tf.tensor4d(seededValues(n * h * w * cin, 1), [n, h, w, cin]);
    const filterShape: [number, number, number, number] = [k, k, cin, cout];
    const outShape = tf.conv2d(x, tf.zeros(filterShape) as tf.Tensor4D, s, pad).shape;
    const dy = tf.tensor4d(
      seededValues(
        outShape.reduce((a, b) => a * b, 1),
        2,
      ),
      outShape,
    );
    const dw = tf
      .engine()
      .runKernel(
        'Conv2DBackpropFilter',
        { x, dy },
        { strides: [s, s], pad, dataFormat: 'NHWC', filterShape },
      ) as tf.Tensor;
    return dw.dataSync() as Float32Array;
  });
}

// tfjs's own cpu kernel is the reference: computed before ours replaces it.
const reference = new Map<string, Float32Array>();
beforeAll(async () => {
  await tf.setBackend('cpu');
  for (const c of CASES) reference.set(c.join(), Float32Array.from(filterGrad(c)));
  registerCpuKernels();
});

describe('Conv2DBackpropFilter on cpu (via the cpu Conv2D)', () => {
  it.each(CASES)(
    'x [%i,%i,%i,%i] -> %i channels, k=%i stride %i %s matches tfjs cpu kernel',
    (...c) => {
      expect(
        relativeError(filterGrad(c), reference.get(c.join()) ?? new Float32Array(0)),
      ).toBeLessThan(1e-4);
    },
  );

  it('leaks no tensors over repeated calls [2,8,9,3] k3 stride 2', () => {
    filterGrad(CASES[1]!);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) filterGrad(CASES[1]!);
    expect(tf.memory().numTensors).toBe(before);
  });
});
