import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.ts';
import { seededValues, wasmVsCpu } from './test_util.ts';

beforeAll(async () => {
  await initBackend({ backend: 'wasm', log: false });
});

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
  [1, 8, 8, 2, 3, 1, 2, 'valid'],
  [1, 8, 7, 2, 3, 1, 2, 'same'],
  [3, 9, 9, 2, 3, 5, 2, 'same'],
  [2, 11, 10, 5, 2, 4, 3, 'valid'],
];

describe('Conv2DBackpropFilter on wasm', () => {
  it.each(CASES)(
    'x [%i,%i,%i,%i] -> %i channels, %ix%i... k=%i stride %i %s matches cpu',
    async (n, h, w, cin, cout, k, s, pad) => {
      const err = await wasmVsCpu(() => {
        const x = tf.tensor4d(seededValues(n * h * w * cin, 1), [n, h, w, cin]);
        const filterShape: [number, number, number, number] = [k, k, cin, cout];
        const outShape = tf.conv2d(x, tf.zeros(filterShape) as tf.Tensor4D, s, pad).shape;
        const size = outShape.reduce((a, b) => a * b, 1);
        const dy = tf.tensor4d(seededValues(size, 2), outShape);
        return tf.engine().runKernel(
          'Conv2DBackpropFilter',
          { x, dy },
          {
            strides: [s, s],
            pad,
            dataFormat: 'NHWC',
            filterShape,
          },
        ) as tf.Tensor;
      });
      expect(err).toBeLessThan(1e-4);
    },
  );

  it('matches cpu for an explicit, asymmetric padding and unequal strides [2,9,8,3] k=3', async () => {
    const err = await wasmVsCpu(() => {
      const x = tf.tensor4d(seededValues(2 * 9 * 8 * 3, 3), [2, 9, 8, 3]);
      const pad: [[number, number], [number, number], [number, number], [number, number]] = [
        [0, 0],
        [2, 0],
        [1, 3],
        [0, 0],
      ];
      const filterShape: [number, number, number, number] = [3, 2, 3, 4];
      const outShape = tf.conv2d(x, tf.zeros(filterShape) as tf.Tensor4D, [2, 1], pad).shape;
      const dy = tf.tensor4d(
        seededValues(
          outShape.reduce((a, b) => a * b, 1),
          4,
        ),
        outShape,
      );
      return tf.engine().runKernel(
        'Conv2DBackpropFilter',
        { x, dy },
        {
          strides: [2, 1],
          pad,
          dataFormat: 'NHWC',
          filterShape,
        },
      ) as tf.Tensor;
    });
    expect(err).toBeLessThan(1e-4);
  });

  it('leaks no tensors across repeated calls [2,8,8,4] k=3 stride 2', () => {
    const x = tf.tensor4d(seededValues(2 * 8 * 8 * 4, 5), [2, 8, 8, 4]);
    const dy = tf.tensor4d(seededValues(2 * 4 * 4 * 4, 6), [2, 4, 4, 4]);
    const run = (): void => {
      tf.engine().runKernel(
        'Conv2DBackpropFilter',
        { x, dy },
        {
          strides: [2, 2],
          pad: 'same',
          dataFormat: 'NHWC',
          filterShape: [3, 3, 4, 4],
        },
      );
    };
    tf.tidy(run);
    const before = tf.memory().numTensors;
    const bytesBefore = (tf.backend() as unknown as { numDataIds(): number }).numDataIds();
    for (let i = 0; i < 5; i++) tf.tidy(run);
    expect(tf.memory().numTensors).toBe(before);
    expect((tf.backend() as unknown as { numDataIds(): number }).numDataIds()).toBe(bytesBefore);
    tf.dispose([x, dy]);
  });
});
