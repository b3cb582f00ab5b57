import type { Tensor } from '@tensorflow/tfjs-core';

/**
 * Per-block radii of AdA's perturbation set: nu_i = nu * ||phi_i||_2 for every parameter block
 * (each layer's weights and, separately, its biases), computed in Float64 on the host.
 *
 * @param params phi, one tensor per block (any shape, float32).
 * @param nu relative radius (paper: 0.015).
 * @returns one radius per block, >= 0 (0 for an all-zero block, which then cannot move).
 *
 * ```ts
 * blockRadii(net.params, 0.015); // [0.41, 0.002, ...]
 * ```
 */
export function blockRadii(params: readonly Tensor[], nu: number): number[] {
  if (!(nu >= 0) || !Number.isFinite(nu)) {
    throw new RangeError(
      `Argument 'nu' passed to 'blockRadii' must be a finite number >= 0, got ${nu}`,
    );
  }
  return params.map((p) => {
    const v = p.dataSync();
    let s = 0;
    for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
    return nu * Math.sqrt(s);
  });
}

/** The median of the radii (mean of the two middle values for an even count). */
export function medianRadius(radii: readonly number[]): number {
  if (radii.length === 0)
    throw new RangeError(`Argument 'radii' passed to 'medianRadius' must not be empty`);
  const s = [...radii].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
