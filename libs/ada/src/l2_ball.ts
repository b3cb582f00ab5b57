import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import type { RandomState } from '@ada/data';

/**
 * A sample uniform in the l2 ball of radius r in R^d, for `count` independent draws:
 * direction g / ||g|| with g ~ N(0, I_d) (uniform on the sphere), times the radius r * U^(1/d)
 * with U ~ U(0, 1) (the radius law of the uniform distribution on the ball; for large d it sits
 * just under r). Draws come from NumPy's legacy `RandomState` (standard normals, then one
 * uniform per draw), so a seed fixes them.
 *
 * @param shape shape of one draw (d = product of it).
 * @param count number of draws; the result has shape [count, ...shape] (or `shape` when count is
 *   undefined).
 * @returns float32 tensor whose draws each have l2 norm <= r.
 *
 * ```ts
 * const beta = sampleL2Ball([3, 3, 64, 64], 0.4, rng, 16); // [16, 3, 3, 64, 64]
 * ```
 */
export function sampleL2Ball(
  shape: readonly number[],
  radius: number,
  rng: RandomState,
  count?: number,
): Tensor {
  if (!(radius >= 0) || !Number.isFinite(radius)) {
    throw new RangeError(
      `Argument 'radius' passed to 'sampleL2Ball' must be a finite number >= 0, got ${radius}`,
    );
  }
  const d = shape.reduce((p, v) => p * v, 1);
  const n = count ?? 1;
  const out = new Float32Array(n * d);
  for (let k = 0; k < n; k++) {
    const g = rng.standardNormalArray(d);
    let norm = 0;
    for (let i = 0; i < d; i++) norm += g[i]! * g[i]!;
    norm = Math.sqrt(norm);
    const r = radius * Math.pow(rng.randomSample(), 1 / d);
    const scale = norm > 0 ? r / norm : 0;
    // float32 rounding can push the norm a hair above r: shrink by one part in 1e6.
    for (let i = 0; i < d; i++) out[k * d + i] = g[i]! * scale * (1 - 1e-6);
  }
  return tf.tensor(out, count === undefined ? [...shape] : [n, ...shape], 'float32');
}

/**
 * Euclidean projection onto the l2 ball of radius r: beta * min(1, r / ||beta||). With
 * `perExample`, axis 0 indexes independent draws, each projected on its own.
 *
 * @param beta float32, any shape ([B, ...block] with `perExample`).
 * @returns same shape, every draw with norm <= r (0 when r = 0).
 */
export function projectL2Ball(beta: Tensor, radius: number, perExample: boolean): Tensor {
  return tf.tidy(() => {
    if (radius <= 0) return tf.zerosLike(beta);
    const axes = perExample
      ? beta.shape.slice(1).map((_, i) => i + 1)
      : beta.shape.map((_, i) => i);
    if (axes.length === 0) return tf.clipByValue(beta, -radius, radius);
    const norm = tf.sqrt(tf.sum(tf.square(beta), axes, true));
    // r * (1 - 1e-6) keeps the float32 result inside the ball after rounding.
    const factor = tf.minimum(1, tf.div(radius * (1 - 1e-6), tf.maximum(norm, 1e-30)));
    return tf.mul(beta, factor);
  });
}
