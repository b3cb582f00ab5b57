import * as tf from '@tensorflow/tfjs-core';
import type { DepthToSpaceAttrs, GradConfig, NamedAttrMap } from '@tensorflow/tfjs-core';

/**
 * Gradient of `tf.depthToSpace` (pixel shuffle, the upsampling layer of the EDSR and RDN
 * super-resolution networks), which tfjs registers for no backend. The op only moves values,
 * so its gradient is the inverse move, space-to-depth: dy [N, H*b, W*b, C] ->
 * dx [N, H, W, b*b*C] with dx[n, h, w, (i*b + j)*C + c] = dy[n, h*b + i, w*b + j, c]. Built from
 * 4-D reshapes and one transpose, so it runs on every backend. NHWC only (tfjs's op is NHWC).
 *
 * ```ts
 * const g = tf.grad((x) => tf.sum(tf.depthToSpace(x, 2)))(tf.ones([1, 2, 2, 4])); // ones [1,2,2,4]
 * ```
 */
export function spaceToDepth(dy: tf.Tensor4D, blockSize: number): tf.Tensor4D {
  const [n, hb, wb, c] = dy.shape;
  if (hb % blockSize !== 0 || wb % blockSize !== 0) {
    throw new Error(
      `Argument 'dy' passed to 'spaceToDepth' must have height and width divisible by ${blockSize}, but has shape [${dy.shape.join(',')}]`,
    );
  }
  const h = hb / blockSize;
  const w = wb / blockSize;
  return tf.tidy(() => {
    const rows = tf.reshape(dy, [n * h, blockSize, w, blockSize * c]);
    const moved = tf.transpose(rows, [0, 2, 1, 3]); // [N*H, W, b(i), b*C (j, c)]
    return tf.reshape(moved, [n, h, w, blockSize * blockSize * c]);
  });
}

export const depthToSpaceGradConfig: GradConfig = {
  kernelName: tf.DepthToSpace,
  gradFunc: (dy: tf.Tensor | tf.Tensor[], _saved: tf.Tensor[], attrs: NamedAttrMap) => {
    const { blockSize, dataFormat } = attrs as unknown as DepthToSpaceAttrs;
    if (dataFormat !== 'NHWC') {
      throw new Error(
        `The gradient of depthToSpace supports dataFormat 'NHWC', not '${dataFormat}'`,
      );
    }
    return { x: () => spaceToDepth(dy as tf.Tensor4D, blockSize) };
  },
};
