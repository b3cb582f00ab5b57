import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import type { StepRule } from './names.ts';

/** How far one step moves a block (see `StepRule`). */
export interface StepSettings {
  rule: StepRule;
  /** `sign`: the per-coordinate step alpha (the paper: median radius / 4). */
  stepSize: number;
  /** `l2-block`: the block's radius nu_i; the step's l2 length is `l2StepFraction * radius`. */
  radius: number;
  /** `l2-block`: the fraction of the radius one step moves (default 0.25). */
  l2StepFraction: number;
  /** Axis 0 of `beta` and `grad` indexes examples, each stepped on its own. */
  perExample: boolean;
}

/**
 * One ascent step of AdA's inner maximisation on one parameter block, before projection:
 * - `sign`: beta + alpha sign(g) (iterated FGSM, the paper);
 * - `l2-block`: beta + f r g / ||g||_2, the norm taken per example with `perExample`; a zero
 *   gradient leaves beta where it is. The gradient is scaled by its largest magnitude before the
 *   norm, so tiny gradients (whose squares underflow float32) still give a unit direction.
 *
 * @param beta offsets, float32, any shape ([B, ...block] with `perExample`).
 * @param grad the gradient of the (summed) loss with respect to `beta`, same shape.
 * @returns a new tensor of `beta`'s shape (not projected).
 *
 * ```ts
 * ascentStep(tf.tensor([0, 0]), tf.tensor([3, 4]), { rule: 'l2-block', radius: 1, l2StepFraction: 0.5, stepSize: 0, perExample: false });
 * // [0.3, 0.4]
 * ```
 */
export function ascentStep(beta: Tensor, grad: Tensor, s: StepSettings): Tensor {
  if (!beta.shape.every((d, i) => d === grad.shape[i]) || beta.rank !== grad.rank) {
    throw new Error(
      `Arguments 'beta' and 'grad' passed to 'ascentStep' must have one shape, got [${beta.shape}] and [${grad.shape}]`,
    );
  }
  switch (s.rule) {
    case 'sign':
      return tf.tidy(() => tf.add(beta, tf.mul(tf.sign(grad), s.stepSize)));
    case 'l2-block':
      return tf.tidy(() => {
        const draws = s.perExample ? (grad.shape[0] ?? 1) : 1;
        const flat = tf.reshape(grad, [draws, -1]);
        const peak = tf.max(tf.abs(flat), 1, true);
        const scaled = tf.div(flat, tf.maximum(peak, 1e-30)); // entries in [-1, 1]
        const norm = tf.norm(scaled, 'euclidean', 1, true); // >= 1 unless the gradient is 0
        const dir = tf.div(scaled, tf.maximum(norm, 1));
        return tf.add(beta, tf.mul(tf.reshape(dir, grad.shape), s.l2StepFraction * s.radius));
      });
    default: {
      const never: never = s.rule;
      throw new RangeError(`Unknown step rule '${String(never)}'`);
    }
  }
}

/**
 * The l2 length of one `sign` step relative to each block's radius, alpha sqrt(d_i) / nu_i: the
 * largest distance one step can move block i, in units of its radius (an upper bound: entries of
 * the gradient that are exactly 0 do not move). Above 2, one step from anywhere in the ball
 * reaches the surface whatever the start. Since alpha and nu_i both scale with nu, the ratios do
 * not depend on nu.
 *
 * @param sizes the number of entries d_i of every block.
 * @param radii nu_i per block.
 * @param stepSize alpha (the paper: `medianRadius(radii) / 4`).
 * @returns one ratio per block (Infinity for a block of radius 0).
 *
 * ```ts
 * signStepRatios([4, 100], [0.2, 1], 0.1); // [1, 1]
 * ```
 */
export function signStepRatios(
  sizes: readonly number[],
  radii: readonly number[],
  stepSize: number,
): number[] {
  if (sizes.length !== radii.length) {
    throw new Error(
      `Arguments 'sizes' and 'radii' passed to 'signStepRatios' must have one length, got ${sizes.length} and ${radii.length}`,
    );
  }
  return sizes.map((d, i) =>
    radii[i]! > 0 ? (stepSize * Math.sqrt(d)) / radii[i]! : Number.POSITIVE_INFINITY,
  );
}
