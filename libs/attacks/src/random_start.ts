import * as tf from '@tensorflow/tfjs-core';
import type { Tensor4D } from '@tensorflow/tfjs-core';
import type { Norm } from './names.ts';
import { projectToBall } from './projection.ts';
import type { Rng } from './rng.ts';

/**
 * Random starting points around x [B, H, W, C], projected into [0, 1]:
 *
 * - `apgd` (AutoAttack's start): l_inf: x + eps * t / max|t| with t uniform in [-1, 1] (a
 *   corner-touching point of the ball); l_2: x + eps * t / ||t||_2 with t standard normal (on
 *   the sphere).
 * - `pgd` (Madry et al.): l_inf: uniform in the cube; l_2: uniform in the ball (normal
 *   direction, radius eps * u^(1/d)).
 */
export function randomStart(
  x: Tensor4D,
  norm: Norm,
  eps: number,
  rng: Rng,
  mode: 'apgd' | 'pgd',
): Tensor4D {
  const [b, h, w, c] = x.shape;
  const d = h * w * c;
  const delta = new Float32Array(b * d);
  for (let i = 0; i < b; i++) {
    const row = delta.subarray(i * d, (i + 1) * d);
    if (norm === 'linf') {
      let max = 0;
      for (let j = 0; j < d; j++) {
        row[j] = 2 * rng.uniform() - 1;
        max = Math.max(max, Math.abs(row[j]!));
      }
      const scale = mode === 'apgd' ? eps / Math.max(max, 1e-12) : eps;
      for (let j = 0; j < d; j++) row[j]! *= scale;
    } else {
      let sq = 0;
      for (let j = 0; j < d; j++) {
        row[j] = rng.normal();
        sq += row[j]! * row[j]!;
      }
      const radius = mode === 'apgd' ? eps : eps * Math.pow(rng.uniform(), 1 / d);
      const scale = radius / Math.max(Math.sqrt(sq), 1e-12);
      for (let j = 0; j < d; j++) row[j]! *= scale;
    }
  }
  return tf.tidy(() =>
    projectToBall(tf.add(x, tf.tensor4d(delta, [b, h, w, c])) as Tensor4D, x, norm, eps),
  );
}
