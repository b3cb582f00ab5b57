import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Tensor2D, Tensor3D, Tensor4D, Tensor5D } from '@tensorflow/tfjs-core';

/** How `conv2dPerExample` computes: a loop of batch-1 convolutions, or one batched matmul. */
export type PerExampleConvImpl = 'loop' | 'batched';

/** Padding of `conv2dPerExample`, with TensorFlow's meaning of 'same' and 'valid'. */
export type PerExamplePad = 'same' | 'valid';

export interface Conv2dPerExampleOptions {
  /** Strides [sh, sw] or one number for both. Default 1. */
  strides?: number | [number, number];
  /** Default 'same'. */
  pad?: PerExamplePad;
  /** Force an implementation; default `defaultPerExampleConvImpl(tf.getBackend())`. */
  impl?: PerExampleConvImpl;
}

/**
 * The implementation that is fastest on a backend: on wasm and cpu a loop of batch-1
 * convolutions costs about one shared batched convolution, while batched matmuls are slow there
 * (wasm: ~5x slower than one large matmul, plus building the patches); on GPU backends (webgl,
 * webgpu, tensorflow) one batched matmul over image patches avoids B kernel launches.
 */
export function defaultPerExampleConvImpl(backend: string): PerExampleConvImpl {
  return backend === 'wasm' || backend === 'cpu' ? 'loop' : 'batched';
}

/**
 * 2-D convolution where every example of the batch has its own kernel (and bias): example b is
 * `conv2d(x[b], w[b]) + bias[b]`. AdA needs it to run a corruption network with per-example
 * weight offsets phi + beta_b in one forward pass. Differentiable with respect to x, w and bias.
 *
 * Two implementations (`impl`), equal up to float rounding; the default is chosen per backend by
 * `defaultPerExampleConvImpl`:
 * - `loop`: B convolutions of batch 1 (unstack, conv2d, concat);
 * - `batched`: image patches [B, Ho*Wo, kh*kw*Ci] (built from kh*kw slices of the padded input)
 *   times the per-example kernels [B, kh*kw*Ci, Co] in one batched matMul.
 *
 * @param x float32 [B, H, W, Ci].
 * @param w float32 [B, kh, kw, Ci, Co].
 * @param bias optional float32 [B, Co].
 * @returns float32 [B, Ho, Wo, Co]; 'same': Ho = ceil(H / sh), 'valid': Ho = ceil((H - kh + 1) / sh).
 *
 * ```ts
 * const y = conv2dPerExample(x, w, b, { pad: 'same' }); // x [8,32,32,64], w [8,3,3,64,64] -> [8,32,32,64]
 * ```
 */
export function conv2dPerExample(
  x: Tensor4D,
  w: Tensor5D,
  bias?: Tensor2D,
  options: Conv2dPerExampleOptions = {},
): Tensor4D {
  if (x.rank !== 4) {
    throw new Error(
      `Argument 'x' passed to 'conv2dPerExample' must be rank 4 [B,H,W,Ci], got rank ${x.rank}`,
    );
  }
  if (w.rank !== 5) {
    throw new Error(
      `Argument 'w' passed to 'conv2dPerExample' must be rank 5 [B,kh,kw,Ci,Co], got rank ${w.rank}`,
    );
  }
  const [batch, , , ci] = x.shape;
  const [wb, kh, kw, wci, co] = w.shape;
  if (wb !== batch || wci !== ci) {
    throw new Error(
      `Argument 'w' passed to 'conv2dPerExample' must be [${batch},kh,kw,${ci},Co] for x [${x.shape}], got [${w.shape}]`,
    );
  }
  if (bias && (bias.rank !== 2 || bias.shape[0] !== batch || bias.shape[1] !== co)) {
    throw new Error(
      `Argument 'bias' passed to 'conv2dPerExample' must be [${batch},${co}], got [${bias.shape}]`,
    );
  }
  const strides: [number, number] =
    typeof options.strides === 'number'
      ? [options.strides, options.strides]
      : (options.strides ?? [1, 1]);
  if (!strides.every((s) => Number.isInteger(s) && s >= 1)) {
    throw new Error(
      `Option 'strides' passed to 'conv2dPerExample' must be integers >= 1, got [${strides}]`,
    );
  }
  const pad = options.pad ?? 'same';
  if (pad === 'valid' && (x.shape[1] < kh || x.shape[2] < kw)) {
    throw new Error(
      `Argument 'x' passed to 'conv2dPerExample' must be at least ${kh}x${kw} for 'valid' padding, got ${x.shape[1]}x${x.shape[2]}`,
    );
  }
  const impl = options.impl ?? defaultPerExampleConvImpl(tf.getBackend());
  switch (impl) {
    case 'loop':
      return loopImpl(x, w, bias, strides, pad);
    case 'batched':
      return batchedImpl(x, w, bias, strides, pad);
    default: {
      const never: never = impl;
      throw new Error(
        `Option 'impl' passed to 'conv2dPerExample' must be 'loop' or 'batched', got ${String(never)}`,
      );
    }
  }
}

function loopImpl(
  x: Tensor4D,
  w: Tensor5D,
  bias: Tensor2D | undefined,
  strides: [number, number],
  pad: PerExamplePad,
): Tensor4D {
  return tf.tidy(() => {
    const batch = x.shape[0];
    const xs = batch === 1 ? [x] : (tf.split(x, batch, 0) as Tensor4D[]);
    // split + reshape rather than unstack: Unpack's gradient fails when B = 1.
    const [, kh, kw, ci, co] = w.shape;
    const ws = (batch === 1 ? [w] : tf.split(w, batch, 0)).map(
      (t) => tf.reshape(t, [kh, kw, ci, co]) as Tensor4D,
    );
    const bs = bias
      ? (batch === 1 ? [bias] : tf.split(bias, batch, 0)).map((t) => tf.reshape(t, [co]))
      : undefined;
    const ys = xs.map((xb, b) => {
      const y = tf.conv2d(xb, ws[b]!, strides, pad);
      return bs ? tf.add(y, bs[b]!) : y;
    });
    return batch === 1 ? (ys[0] as Tensor4D) : tf.concat4d(ys as Tensor4D[], 0);
  });
}

/** TensorFlow's 'same'/'valid' output size and leading padding along one axis. */
function axisGeometry(
  n: number,
  k: number,
  s: number,
  pad: PerExamplePad,
): { out: number; before: number } {
  if (pad === 'valid') return { out: Math.ceil((n - k + 1) / s), before: 0 };
  const out = Math.ceil(n / s);
  const total = Math.max((out - 1) * s + k - n, 0);
  return { out, before: Math.floor(total / 2) };
}

function batchedImpl(
  x: Tensor4D,
  w: Tensor5D,
  bias: Tensor2D | undefined,
  strides: [number, number],
  pad: PerExamplePad,
): Tensor4D {
  return tf.tidy(() => {
    const [batch, h, wd, ci] = x.shape;
    const [, kh, kw, , co] = w.shape;
    const [sh, sw] = strides;
    const gh = axisGeometry(h, kh, sh, pad);
    const gw = axisGeometry(wd, kw, sw, pad);
    // Pad so that every tap's strided window [i, i + out * s) lies inside the padded image.
    const padH = Math.max(gh.out * sh + kh - 1 - gh.before - h, 0);
    const padW = Math.max(gw.out * sw + kw - 1 - gw.before - wd, 0);
    const xp =
      gh.before || gw.before || padH || padW
        ? tf.pad(x, [
            [0, 0],
            [gh.before, padH],
            [gw.before, padW],
            [0, 0],
          ])
        : x;
    const taps: Tensor4D[] = [];
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++) {
        let t = tf.slice(xp, [0, i, j, 0], [batch, gh.out * sh, gw.out * sw, ci]);
        if (sh > 1 || sw > 1) {
          // Keep every s-th row and column: [B, Ho, sh, Wo, sw, Ci] -> index 0 of the stride axes.
          const r = tf.reshape(t, [batch * gh.out, sh, gw.out, sw * ci]);
          const r0 = tf.slice(r, [0, 0, 0, 0], [batch * gh.out, 1, gw.out, ci]);
          t = tf.reshape(r0, [batch, gh.out, gw.out, ci]);
        }
        taps.push(t);
      }
    }
    const stacked = taps.length === 1 ? tf.expandDims(taps[0]!, 3) : tf.stack(taps, 3);
    const patches = tf.reshape(stacked, [batch, gh.out * gw.out, kh * kw * ci]) as Tensor3D;
    const kernels = tf.reshape(w, [batch, kh * kw * ci, co]) as Tensor3D;
    let y: Tensor = tf.matMul(patches, kernels); // [B, Ho*Wo, Co]
    if (bias) y = tf.add(y, tf.reshape(bias, [batch, 1, co]));
    return tf.reshape(y, [batch, gh.out, gw.out, co]) as Tensor4D;
  });
}
