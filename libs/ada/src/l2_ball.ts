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
 * The norms are computed on the host in Float64 from the float32 values (one read of `beta`):
 * a float32 sum over a large block (an RDN kernel has ~10^5 entries) is off by far more than
 * float32 rounding of the result, which would let offsets end up a few 1e-6 outside the ball.
 * The target radius is r * (1 - 1e-6), so the rounded float32 product stays inside.
 *
 * @param beta float32, any shape ([B, ...block] with `perExample`).
 * @returns same shape, every draw with norm <= r (0 when r = 0).
 *
 * ```ts
 * projectL2Ball(tf.tensor2d([[3, 4]]), 1, true); // [[0.6, 0.8]]
 * ```
 */
export function projectL2Ball(beta: Tensor, radius: number, perExample: boolean): Tensor {
  if (!(radius >= 0) || !Number.isFinite(radius)) {
    throw new RangeError(
      `Argument 'radius' passed to 'projectL2Ball' must be a finite number >= 0, got ${radius}`,
    );
  }
  return tf.tidy(() => {
    if (radius <= 0) return tf.zerosLike(beta);
    const draws = perExample ? (beta.shape[0] ?? 1) : 1;
    const v = beta.dataSync();
    const d = v.length / draws;
    const factors = new Float32Array(draws);
    for (let k = 0; k < draws; k++) {
      let s = 0;
      for (let i = k * d; i < (k + 1) * d; i++) s += v[i]! * v[i]!;
      const norm = Math.sqrt(s);
      factors[k] = norm > radius * (1 - 1e-6) ? (radius * (1 - 1e-6)) / norm : 1;
    }
    if (factors.every((f) => f === 1)) return tf.clone(beta);
    const shape = perExample ? [draws, ...beta.shape.slice(1).map(() => 1)] : [];
    return tf.mul(
      beta,
      tf.tensor(factors.subarray(0, perExample ? draws : 1), perExample ? shape : [], 'float32'),
    );
  });
}
