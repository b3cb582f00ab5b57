import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.ts';
import { seededValues, wasmVsCpu } from './test_util.ts';

beforeAll(async () => {
  await initBackend({ backend: 'wasm', log: false });
});

type Pad =
  'same' | 'valid' | [[number, number], [number, number], [number, number], [number, number]];

/** Builds dy for a forward conv of `inputShape` with `filterShape`, and runs the kernel. */
function backpropInput(
  inputShape: [number, number, number, number],
  filterShape: [number, number, number, number],
  strides: [number, number],
  pad: Pad,
): tf.Tensor {
  const filter = tf.tensor4d(
    seededValues(
      filterShape.reduce((a, b) => a * b, 1),
      7,
    ),
    filterShape,
  );
  const outShape = tf.conv2d(tf.zeros(inputShape) as tf.Tensor4D, filter, strides, pad).shape;
  const dy = tf.tensor4d(
    seededValues(
      outShape.reduce((a, b) => a * b, 1),
      8,
    ),
    outShape,
  );
  return tf
    .engine()
    .runKernel(
      'Conv2DBackpropInput',
      { dy, filter },
      { inputShape, strides, pad, dataFormat: 'NHWC' },
    ) as tf.Tensor;
}

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
  [2, 7, 6, 3, 4, 3, 1, 'valid'],
  [2, 8, 9, 3, 4, 3, 2, 'same'],
  [2, 8, 9, 3, 4, 3, 2, 'valid'],
  [2, 9, 9, 3, 4, 3, 2, 'same'],
  [1, 8, 8, 2, 3, 1, 2, 'valid'],
  [1, 8, 7, 2, 3, 1, 2, 'same'],
  [3, 9, 9, 2, 3, 5, 2, 'same'],
  [2, 11, 10, 5, 2, 4, 3, 'valid'],
  [2, 6, 6, 40, 8, 3, 2, 'same'], // wide channels: the block-copy interleave path
];

describe('Conv2DBackpropInput on wasm', () => {
  it.each(CASES)(
    'dx [%i,%i,%i,%i] from %i channels, k=%i stride %i %s matches cpu',
    async (n, h, w, cin, cout, k, s, pad) => {
      const err = await wasmVsCpu(() =>
        backpropInput([n, h, w, cin], [k, k, cin, cout], [s, s], pad),
      );
      expect(err).toBeLessThan(1e-4);
    },
  );

  it('matches cpu for explicit asymmetric padding and strides [2,1], dx [2,9,8,3], k=3x2', async () => {
    const pad: Pad = [
      [0, 0],
      [2, 0],
      [1, 3],
      [0, 0],
    ];
    const err = await wasmVsCpu(() => backpropInput([2, 9, 8, 3], [3, 2, 3, 4], [2, 1], pad));
    expect(err).toBeLessThan(1e-4);
  });

  it('serves tf.conv2dTranspose: [1,5,5,4] -> [1,10,10,2], stride 2 same', async () => {
    const err = await wasmVsCpu(() => {
      const x = tf.tensor4d(seededValues(100, 9), [1, 5, 5, 4]);
      const w = tf.tensor4d(seededValues(72, 10), [3, 3, 2, 4]);
      return tf.conv2dTranspose(x, w, [1, 10, 10, 2], 2, 'same');
    });
    expect(err).toBeLessThan(1e-4);
  });

  it('leaks no tensors across repeated calls, dx [2,8,8,4] k=3 stride 2 and 1', () => {
    tf.tidy(() => {
      backpropInput([2, 8, 8, 4], [3, 3, 4, 4], [2, 2], 'same');
    });
    const before = tf.memory().numTensors;
    const dataBefore = (tf.backend() as unknown as { numDataIds(): number }).numDataIds();
    for (let i = 0; i < 3; i++) {
      tf.tidy(() => {
        backpropInput([2, 8, 8, 4], [3, 3, 4, 4], [2, 2], 'same');
      });
      tf.tidy(() => {
        backpropInput([2, 8, 8, 4], [1, 1, 4, 4], [2, 2], 'valid');
      });
      tf.tidy(() => {
        backpropInput([2, 8, 8, 4], [3, 3, 4, 4], [1, 1], 'same');
      });
    }
    expect(tf.memory().numTensors).toBe(before);
    expect((tf.backend() as unknown as { numDataIds(): number }).numDataIds()).toBe(dataBefore);
  });
});
