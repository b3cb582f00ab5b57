import * as tf from '@tensorflow/tfjs-core';
import { Round } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, Tensor } from '@tensorflow/tfjs-core';

/**
 * Wraps the native backend's `Round` so that an int32 input comes back unchanged: TensorFlow
 * 2.21's `Round` returns zeros for int32 (tfjs-core's own test suite has one failure for it).
 * Input `x` of any shape; int32 -> a copy of x, every other dtype -> the original kernel.
 *
 * ```ts
 * registerKernel(int32SafeRound(getKernel('Round', 'tensorflow')!));
 * tf.round(tf.tensor1d([3, -2], 'int32')); // [3, -2], not [0, 0]
 * ```
 */
export function int32SafeRound(original: KernelConfig): KernelConfig {
  if (original.kernelName !== Round) {
    throw new Error(
      `Argument 'original' passed to 'int32SafeRound' must be the Round kernel, but is '${original.kernelName}'`,
    );
  }
  const kernelFunc: KernelFunc = (args) => {
    const x = args.inputs.x as Tensor;
    return x.dtype === 'int32' ? tf.clone(x) : original.kernelFunc(args);
  };
  return { ...original, kernelFunc };
}
