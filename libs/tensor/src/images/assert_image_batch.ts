import type * as tf from '@tensorflow/tfjs-core';

/**
 * Throws unless `x` is an image batch as the platform passes them around: a float32 tensor of
 * shape [N, H, W, 3] (NHWC, RGB, values meant to lie in [0, 1]; the range is not checked, as
 * that would need a read back from the device). `argName` and `fnName` name the caller in the
 * message, the way tfjs ops do.
 *
 * ```ts
 * assertImageBatch(images, 'x', 'ssim');
 * // Error: Argument 'x' passed to 'ssim' must be a float32 image batch of shape [N, H, W, 3], but got a int32 tensor of shape [2,32,32]
 * ```
 */
export function assertImageBatch(
  x: tf.Tensor,
  argName: string,
  fnName: string,
): asserts x is tf.Tensor4D {
  if (x.rank !== 4 || x.shape[3] !== 3 || x.dtype !== 'float32') {
    throw new Error(
      `Argument '${argName}' passed to '${fnName}' must be a float32 image batch of shape [N, H, W, 3], but got a ${x.dtype} tensor of shape [${x.shape.join(',')}]`,
    );
  }
}
