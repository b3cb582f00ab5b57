import * as tf from '@tensorflow/tfjs-core';
import type { Tensor4D } from '@tensorflow/tfjs-core';
import type { Norm } from './names.ts';

/** Guards divisions by per-example norms (AutoAttack uses the same 1e-12). */
export const NORM_EPS = 1e-12;

/** Per-example l_2 norm of x [B, ...] as [B, 1, 1, 1]. */
export function l2NormPerExample(x: Tensor4D): Tensor4D {
  return tf.tidy(() => tf.sqrt(tf.sum(tf.square(x), [1, 2, 3], true)) as Tensor4D);
}

/**
 * Projects `xAdv` [B, H, W, C] onto the intersection of the `norm` ball of radius `eps` around
 * `x` and the box [0, 1]: for l_inf the clip to [x - eps, x + eps]; for l_2 the radial rescale
 * of x_adv - x to norm <= eps; then the clip to [0, 1]. The box clip never leaves the ball
 * (each coordinate moves towards x, which lies in [0, 1]), so the result is in both sets.
 *
 * ```ts
 * const p = projectToBall(xAdv, x, 'linf', 8 / 255); // same shape, float32
 * ```
 */
export function projectToBall(xAdv: Tensor4D, x: Tensor4D, norm: Norm, eps: number): Tensor4D {
  return tf.tidy(() => {
    let inBall: Tensor4D;
    if (norm === 'linf') {
      inBall = tf.minimum(tf.maximum(xAdv, tf.sub(x, eps)), tf.add(x, eps));
    } else {
      const delta = tf.sub(xAdv, x) as Tensor4D;
      const n = l2NormPerExample(delta);
      const scale = tf.div(tf.minimum(n, eps), tf.add(n, NORM_EPS));
      inBall = tf.add(x, tf.mul(delta, scale));
    }
    return tf.clipByValue(inBall, 0, 1) as Tensor4D;
  });
}

/**
 * Selects per example: `a[i]` where `mask[i]`, else `b[i]` (a, b [B, H, W, C]; mask of length B).
 */
export function selectExamples(mask: readonly boolean[], a: Tensor4D, b: Tensor4D): Tensor4D {
  return tf.tidy(() => {
    const m = tf.tensor4d(
      Float32Array.from(mask, (v) => (v ? 1 : 0)),
      [mask.length, 1, 1, 1],
    );
    return tf.add(tf.mul(a, m), tf.mul(b, tf.sub(1, m))) as Tensor4D;
  });
}

/** A float32 [B, 1, 1, 1] tensor of per-example scalars (step sizes). */
export function perExampleScalars(values: ArrayLike<number>): Tensor4D {
  return tf.tensor4d(Float32Array.from(values), [values.length, 1, 1, 1]);
}
