import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.ts';
import { seededValues, wasmVsCpu } from './test_util.ts';

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

describe('matMul on wasm with transposed operands', () => {
  it.each([
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ])('[5,7] x [7,3] transposeA=%s transposeB=%s matches cpu', async (ta, tb) => {
    const err = await wasmVsCpu(() =>
      tf.matMul(T(ta ? [7, 5] : [5, 7], 1), T(tb ? [3, 7] : [7, 3], 2), ta, tb),
    );
    expect(err).toBeLessThan(1e-4);
  });

  it('batched [2,6,4]^T x [1,6,3] with broadcast matches cpu', async () => {
    const err = await wasmVsCpu(() => tf.matMul(T([2, 6, 4], 1), T([1, 6, 3], 2), true, false));
    expect(err).toBeLessThan(1e-4);
  });

  it('fused matMul + bias + relu, [4,6] x [5,6]^T, matches cpu, and so does its gradient', async () => {
    const err = await wasmVsCpu(() => {
      const f = (a: tf.Tensor, b: tf.Tensor, bias: tf.Tensor): tf.Tensor =>
        tf.fused.matMul({
          a: a as tf.Tensor2D,
          b: b as tf.Tensor2D,
          transposeB: true,
          bias,
          activation: 'relu',
        });
      const a = T([4, 6], 1);
      const b = T([5, 6], 2);
      const bias = T([5], 3);
      const grads = tf.grads((x: tf.Tensor, y: tf.Tensor, z: tf.Tensor) =>
        tf.sum(tf.mul(f(x, y, z), T([4, 5], 4))),
      )([a, b, bias]);
      return [f(a, b, bias), ...grads];
    });
    expect(err).toBeLessThan(1e-4);
  });

  it('leaks no tensors or wasm buffers over repeated transposed products [8,16]^T x [8,4]', () => {
    const a = T([8, 16], 1);
    const b = T([8, 4], 2);
    tf.tidy(() => {
      tf.matMul(a, b, true, false);
    });
    const before = tf.memory().numTensors;
    const dataBefore = (tf.backend() as unknown as { numDataIds(): number }).numDataIds();
    for (let i = 0; i < 4; i++) {
      tf.tidy(() => {
        tf.matMul(a, b, true, false);
        tf.matMul(b, a, true, false);
      });
    }
    expect(tf.memory().numTensors).toBe(before);
    expect((tf.backend() as unknown as { numDataIds(): number }).numDataIds()).toBe(dataBefore);
    tf.dispose([a, b]);
  });
});
