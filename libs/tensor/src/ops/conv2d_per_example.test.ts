import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { initBackend } from '../backend.ts';
import type { Tensor2D, Tensor4D, Tensor5D } from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  conv2dPerExample,
  defaultPerExampleConvImpl,
  type PerExampleConvImpl,
  type PerExamplePad,
} from './conv2d_per_example.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Direct nested-loop convolution in Float64 with TensorFlow's 'same'/'valid' geometry. */
function reference(
  x: Float32Array,
  xs: number[],
  w: Float32Array,
  ws: number[],
  bias: Float32Array | undefined,
  [sh, sw]: [number, number],
  pad: PerExamplePad,
): { data: Float64Array; shape: number[] } {
  const [B, H, W, Ci] = xs as [number, number, number, number];
  const [, kh, kw, , Co] = ws as [number, number, number, number, number];
  const geo = (n: number, k: number, s: number): [number, number] => {
    if (pad === 'valid') return [Math.ceil((n - k + 1) / s), 0];
    const out = Math.ceil(n / s);
    return [out, Math.floor(Math.max((out - 1) * s + k - n, 0) / 2)];
  };
  const [Ho, pt] = geo(H, kh, sh);
  const [Wo, pl] = geo(W, kw, sw);
  const out = new Float64Array(B * Ho * Wo * Co);
  for (let b = 0; b < B; b++)
    for (let oh = 0; oh < Ho; oh++)
      for (let ow = 0; ow < Wo; ow++)
        for (let o = 0; o < Co; o++) {
          let s = bias ? bias[b * Co + o]! : 0;
          for (let i = 0; i < kh; i++)
            for (let j = 0; j < kw; j++) {
              const r = oh * sh + i - pt;
              const c = ow * sw + j - pl;
              if (r < 0 || r >= H || c < 0 || c >= W) continue;
              for (let q = 0; q < Ci; q++) {
                s +=
                  x[((b * H + r) * W + c) * Ci + q]! *
                  w[(((b * kh + i) * kw + j) * Ci + q) * Co + o]!;
              }
            }
          out[((b * Ho + oh) * Wo + ow) * Co + o] = s;
        }
  return { data: out, shape: [B, Ho, Wo, Co] };
}

const cases: Array<{
  x: [number, number, number, number];
  k: [number, number];
  co: number;
  s: [number, number];
  pad: PerExamplePad;
  bias: boolean;
}> = [
  { x: [3, 7, 6, 2], k: [3, 3], co: 4, s: [1, 1], pad: 'same', bias: true },
  { x: [3, 7, 6, 2], k: [3, 3], co: 4, s: [2, 2], pad: 'same', bias: false },
  { x: [2, 8, 9, 3], k: [5, 4], co: 2, s: [1, 2], pad: 'valid', bias: true },
  { x: [2, 8, 9, 3], k: [4, 2], co: 3, s: [3, 1], pad: 'same', bias: true },
  { x: [1, 5, 5, 1], k: [1, 1], co: 2, s: [1, 1], pad: 'valid', bias: false },
];

describe.each(cases)(
  'conv2dPerExample x $x kernel $k Co $co strides $s pad $pad bias $bias',
  (c) => {
    const wShape = [c.x[0], c.k[0], c.k[1], c.x[3], c.co] as [
      number,
      number,
      number,
      number,
      number,
    ];
    const x = () => tf.randomUniform(c.x, -1, 1, 'float32', 1) as Tensor4D;
    const w = () => tf.randomUniform(wShape, -1, 1, 'float32', 2) as Tensor5D;
    const b = () =>
      c.bias ? (tf.randomUniform([c.x[0], c.co], -1, 1, 'float32', 3) as Tensor2D) : undefined;

    it.each<PerExampleConvImpl>(['loop', 'batched'])(
      '%s matches a direct Float64 convolution',
      (impl) => {
        const [tx, tw, tb] = [x(), w(), b()];
        const y = conv2dPerExample(tx, tw, tb, { strides: c.s, pad: c.pad, impl });
        const ref = reference(
          tx.dataSync() as Float32Array,
          c.x,
          tw.dataSync() as Float32Array,
          wShape,
          tb?.dataSync() as Float32Array | undefined,
          c.s,
          c.pad,
        );
        expect(y.shape).toEqual(ref.shape);
        const got = y.dataSync();
        for (let i = 0; i < got.length; i++)
          expect(Math.abs(got[i]! - ref.data[i]!)).toBeLessThan(1e-4);
        tf.dispose([tx, tw, y, ...(tb ? [tb] : [])]);
      },
    );

    it('loop and batched have equal gradients w.r.t. x, w and bias', () => {
      const [tx, tw, tb] = [x(), w(), b()];
      const probe = (impl: PerExampleConvImpl) =>
        tf.grads((...args: tf.Tensor[]) => {
          const y = conv2dPerExample(
            args[0] as Tensor4D,
            args[1] as Tensor5D,
            args[2] as Tensor2D | undefined,
            { strides: c.s, pad: c.pad, impl },
          );
          // A non-uniform weighting so that every output position matters differently.
          const r = tf.randomUniform(y.shape, -1, 1, 'float32', 9);
          return tf.sum(tf.mul(y, r));
        })(tb ? [tx, tw, tb] : [tx, tw]);
      const gl = probe('loop');
      const gb = probe('batched');
      expect(gl.length).toBe(tb ? 3 : 2);
      gl.forEach((g, i) => {
        expect(g.shape).toEqual(gb[i]!.shape);
        const a = g.dataSync();
        const d = gb[i]!.dataSync();
        let maxAbs = 0;
        for (let k = 0; k < a.length; k++) maxAbs = Math.max(maxAbs, Math.abs(a[k]!));
        expect(maxAbs).toBeGreaterThan(0);
        for (let k = 0; k < a.length; k++) expect(Math.abs(a[k]! - d[k]!)).toBeLessThan(1e-4);
      });
      tf.dispose([tx, tw, ...(tb ? [tb] : []), ...gl, ...gb]);
    });
  },
);

describe('conv2dPerExample arguments and memory', () => {
  it('picks loop on wasm/cpu and batched on GPU backends', () => {
    expect(defaultPerExampleConvImpl('wasm')).toBe('loop');
    expect(defaultPerExampleConvImpl('cpu')).toBe('loop');
    expect(defaultPerExampleConvImpl('webgl')).toBe('batched');
    expect(defaultPerExampleConvImpl('tensorflow')).toBe('batched');
  });

  it('names the argument at fault', () => {
    const x = tf.zeros([2, 4, 4, 3]) as Tensor4D;
    const w = tf.zeros([3, 3, 3, 3, 1]) as Tensor5D;
    const b = tf.zeros([2, 2]) as Tensor2D;
    const w2 = tf.zeros([2, 3, 3, 3, 1]) as Tensor5D;
    expect(() => conv2dPerExample(x, w)).toThrow(
      /Argument 'w' passed to 'conv2dPerExample' must be \[2,kh,kw,3,Co\]/,
    );
    expect(() => conv2dPerExample(x, w2, b)).toThrow(/Argument 'bias'/);
    tf.dispose([x, w, b, w2]);
  });

  it.each<PerExampleConvImpl>(['loop', 'batched'])(
    '%s leaks no tensors in forward and backward ([2,6,6,2] x [2,3,3,2,3])',
    (impl) => {
      const x = tf.randomUniform([2, 6, 6, 2]) as Tensor4D;
      const w = tf.randomUniform([2, 3, 3, 2, 3]) as Tensor5D;
      const before = tf.memory().numTensors;
      conv2dPerExample(x, w, undefined, { impl, strides: 2 }).dispose();
      tf.grads((a: tf.Tensor, b: tf.Tensor) =>
        tf.sum(conv2dPerExample(a as Tensor4D, b as Tensor5D, undefined, { impl })),
      )([x, w]).forEach((g) => g.dispose());
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([x, w]);
    },
  );
});

describe('conv2dPerExample on wasm ([3,7,6,2] x [3,3,3,2,4], stride 2, same, bias)', () => {
  it('loop and batched equal the direct convolution and have equal gradients', async () => {
    await initBackend({ backend: 'wasm', log: false });
    try {
      const x = tf.randomUniform([3, 7, 6, 2], -1, 1, 'float32', 1) as Tensor4D;
      const w = tf.randomUniform([3, 3, 3, 2, 4], -1, 1, 'float32', 2) as Tensor5D;
      const b = tf.randomUniform([3, 4], -1, 1, 'float32', 3) as Tensor2D;
      const ref = reference(
        x.dataSync() as Float32Array,
        [3, 7, 6, 2],
        w.dataSync() as Float32Array,
        [3, 3, 3, 2, 4],
        b.dataSync() as Float32Array,
        [2, 2],
        'same',
      );
      const grads = (impl: PerExampleConvImpl) =>
        tf.grads((...args: tf.Tensor[]) =>
          tf.sum(
            tf.square(
              conv2dPerExample(args[0] as Tensor4D, args[1] as Tensor5D, args[2] as Tensor2D, {
                strides: 2,
                impl,
              }),
            ),
          ),
        )([x, w, b]);
      for (const impl of ['loop', 'batched'] as const) {
        const y = conv2dPerExample(x, w, b, { strides: 2, impl });
        const got = y.dataSync();
        for (let i = 0; i < got.length; i++)
          expect(Math.abs(got[i]! - ref.data[i]!)).toBeLessThan(1e-4);
        y.dispose();
      }
      const gl = grads('loop');
      const gb = grads('batched');
      gl.forEach((g, i) => {
        const p = g.dataSync();
        const q = gb[i]!.dataSync();
        for (let k = 0; k < p.length; k++) expect(Math.abs(p[k]! - q[k]!)).toBeLessThan(1e-3);
      });
      tf.dispose([x, w, b, ...gl, ...gb]);
    } finally {
      await initBackend({ backend: 'cpu', log: false });
    }
  });
});
