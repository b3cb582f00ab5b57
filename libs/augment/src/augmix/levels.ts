import type { RandomState } from '@ada/data';

/**
 * The AugMix reference's level helpers. A severity n (1..10) is turned into a random level in
 * [0.1, n) by `sampleLevel`, and a level into an op parameter by `intParameter` (truncated) or
 * `floatParameter`, both scaling `maxval` by level / 10.
 *
 * ```ts
 * intParameter(5.5, 30);   // 16 (degrees)
 * floatParameter(2, 0.3);  // 0.06 (shear)
 * ```
 */
export function intParameter(level: number, maxval: number): number {
  return Math.trunc((level * maxval) / 10);
}

/** `float(level) * maxval / 10.`, see `intParameter`. */
export function floatParameter(level: number, maxval: number): number {
  return (level * maxval) / 10;
}

/** `np.random.uniform(low=0.1, high=n)`: one draw of `rng`. */
export function sampleLevel(rng: RandomState, n: number): number {
  return rng.uniform(0.1, n);
}

/** The reference's random sign: negates `value` when a uniform draw exceeds 0.5. */
export function randomSign(rng: RandomState, value: number): number {
  return rng.randomSample() > 0.5 ? -value : value;
}
