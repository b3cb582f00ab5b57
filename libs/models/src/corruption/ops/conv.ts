import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Tensor1D, Tensor2D, Tensor4D, Tensor5D } from '@tensorflow/tfjs-core';
import { conv2dPerExample } from '@ada/tensor';

/**
 * The convolution of every corruption network: shared parameters (kernel [kh, kw, Ci, Co], bias
 * [Co]) or, with `perExample`, one kernel [B, kh, kw, Ci, Co] and bias [B, Co] per example
 * (`conv2dPerExample` of @ada/tensor, AdA's per-example offsets). TensorFlow padding semantics.
 *
 * x: float32 [B, H, W, Ci] -> [B, Ho, Wo, Co].
 *
 * ```ts
 * const y = conv(x, params[0], params[1], { perExample: true }); // params[0]: [B, 3, 3, 64, 64]
 * ```
 */
export function conv(
  x: Tensor4D,
  kernel: Tensor,
  bias: Tensor | undefined,
  options: { perExample: boolean; stride?: number; pad?: 'same' | 'valid' },
): Tensor4D {
  const stride = options.stride ?? 1;
  const pad = options.pad ?? 'same';
  if (options.perExample) {
    return conv2dPerExample(x, kernel as Tensor5D, bias as Tensor2D | undefined, {
      strides: stride,
      pad,
    });
  }
  const y = tf.conv2d(x, kernel as Tensor4D, stride, pad);
  return bias === undefined ? y : tf.add(y, bias as Tensor1D);
}
