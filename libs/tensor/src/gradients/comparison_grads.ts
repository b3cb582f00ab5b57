import * as tf from '@tensorflow/tfjs-core';
import type { GradConfig } from '@tensorflow/tfjs-core';

/**
 * Comparison and logical kernels whose outputs are boolean and whose gradient is zero almost
 * everywhere. tfjs registers no gradient for them, so `tf.grad` through the usual pattern
 * `tf.where(tf.greater(x, 0), a(x), b(x))` fails with "gradient function not found for
 * Greater". Each gets float32 zeros shaped like its inputs.
 */
const ZERO_GRADIENT_KERNELS = [
  tf.Greater,
  tf.GreaterEqual,
  tf.Less,
  tf.LessEqual,
  tf.Equal,
  tf.NotEqual,
  tf.LogicalAnd,
  tf.LogicalOr,
  tf.LogicalNot,
  tf.LogicalXor,
  tf.IsNan,
  tf.IsFinite,
  tf.IsInf,
] as const;

/** Input names of each kernel, as its tfjs op passes them. */
function inputNames(kernelName: string): string[] {
  return kernelName === tf.LogicalNot ||
    kernelName === tf.IsNan ||
    kernelName === tf.IsFinite ||
    kernelName === tf.IsInf
    ? ['x']
    : ['a', 'b'];
}

export const comparisonGradConfigs: GradConfig[] = ZERO_GRADIENT_KERNELS.map((kernelName) => ({
  kernelName,
  inputsToSave: inputNames(kernelName),
  gradFunc: (_dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) =>
    Object.fromEntries(
      inputNames(kernelName).map((name, i) => [name, () => tf.zeros(saved[i]!.shape, 'float32')]),
    ),
}));
