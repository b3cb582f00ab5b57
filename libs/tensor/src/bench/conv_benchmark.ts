import * as tf from '@tensorflow/tfjs-core';
import { timeMs } from './time_ms.ts';
import type { TimeOptions } from './time_ms.ts';

/** One convolution to benchmark: x [batch, size, size, inChannels], a k x k filter. */
export interface ConvSpec {
  batch: number;
  size: number;
  inChannels: number;
  outChannels: number;
  kernel: number;
  stride: number;
  pad: 'same' | 'valid';
}

export interface ConvTiming {
  /** Multiply-adds x 2 of the forward pass. */
  forwardFlops: number;
  forwardMs: number;
  /** Forward, then gradients with respect to input and filter (a training step's work). */
  forwardBackwardMs: number;
  forwardGflops: number;
  /** Counted as 3x the forward FLOPs: forward, input gradient, filter gradient. */
  forwardBackwardGflops: number;
  /** forwardBackwardGflops / forwardGflops: 1 means a training step costs exactly 3 forwards. */
  ratio: number;
}

/** `batch x outH x outW x outC x k x k x inC x 2` for the spec. */
export function convFlops(spec: ConvSpec): number {
  const out =
    spec.pad === 'same'
      ? Math.ceil(spec.size / spec.stride)
      : Math.ceil((spec.size - spec.kernel + 1) / spec.stride);
  return (
    2 * spec.batch * out * out * spec.outChannels * spec.kernel * spec.kernel * spec.inChannels
  );
}

/**
 * Times the forward and forward+backward pass of one convolution on the current backend, with
 * random float32 inputs. The backward pass is what autodiff runs for this layer in training:
 * given an upstream gradient dy (random, passed to `tf.grads` as `dy`, so no loss ops are timed),
 * the gradients with respect to x and w.
 *
 * ```ts
 * const t = await benchmarkConv({ batch: 32, size: 32, inChannels: 64, outChannels: 64,
 *   kernel: 3, stride: 1, pad: 'same' });
 * console.log(t.forwardGflops, t.forwardBackwardGflops, t.ratio);
 * ```
 */
export async function benchmarkConv(
  spec: ConvSpec,
  options: TimeOptions = {},
): Promise<ConvTiming> {
  for (const key of ['batch', 'size', 'inChannels', 'outChannels', 'kernel', 'stride'] as const) {
    if (!Number.isInteger(spec[key]) || spec[key] < 1) {
      throw new Error(
        `Argument 'spec.${key}' passed to 'benchmarkConv' must be a positive integer, but got ${spec[key]}`,
      );
    }
  }
  const x = tf.randomUniform(
    [spec.batch, spec.size, spec.size, spec.inChannels],
    -1,
    1,
    'float32',
    1,
  );
  const w = tf.randomUniform(
    [spec.kernel, spec.kernel, spec.inChannels, spec.outChannels],
    -0.1,
    0.1,
    'float32',
    2,
  );
  const forward = (a: tf.Tensor, b: tf.Tensor): tf.Tensor4D =>
    tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, spec.stride, spec.pad);
  const dy = tf.tidy(() => tf.randomUniform(forward(x, w).shape, -1, 1, 'float32', 3));
  const grads = tf.grads((a: tf.Tensor, b: tf.Tensor) => forward(a, b));
  try {
    const forwardMs = await timeMs(() => forward(x, w), options);
    const forwardBackwardMs = await timeMs(() => grads([x, w], dy), options);
    const forwardFlops = convFlops(spec);
    const forwardGflops = forwardFlops / forwardMs / 1e6;
    const forwardBackwardGflops = (3 * forwardFlops) / forwardBackwardMs / 1e6;
    return {
      forwardFlops,
      forwardMs,
      forwardBackwardMs,
      forwardGflops,
      forwardBackwardGflops,
      ratio: forwardBackwardGflops / forwardGflops,
    };
  } finally {
    tf.dispose([x, w, dy]);
  }
}

/** The target case: 3x3, 64 -> 64 channels, 32x32 inputs, batch 32, 'same'. */
export const HEADLINE_CONV: ConvSpec = {
  batch: 32,
  size: 32,
  inChannels: 64,
  outChannels: 64,
  kernel: 3,
  stride: 1,
  pad: 'same',
};

/** "conv 3x3 64->64 32x32 batch 32", plus " stride 2" and " valid" where they apply. */
export function describeConv(spec: ConvSpec): string {
  return (
    `conv ${spec.kernel}x${spec.kernel} ${spec.inChannels}->${spec.outChannels} ` +
    `${spec.size}x${spec.size} batch ${spec.batch}` +
    (spec.stride !== 1 ? ` stride ${spec.stride}` : '') +
    (spec.pad === 'valid' ? ' valid' : '')
  );
}

/** One line summarising a `benchmarkConv` result, as `ada info` prints it. */
export function formatHeadline(backend: string, spec: ConvSpec, t: ConvTiming): string {
  return (
    `${describeConv(spec)} on ${backend}: forward ${t.forwardMs.toFixed(1)} ms ` +
    `(${t.forwardGflops.toFixed(1)} GFLOP/s), forward+backward ${t.forwardBackwardMs.toFixed(1)} ms ` +
    `(${t.forwardBackwardGflops.toFixed(1)} GFLOP/s, ${(100 * t.ratio).toFixed(0)}% of forward)`
  );
}
