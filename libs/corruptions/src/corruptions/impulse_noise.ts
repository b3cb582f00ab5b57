import { Pcg64 } from '@ada/data';
import type { CorruptionFn, Severity } from '../types.ts';

/** Fraction of values hit per severity: CIFAR-10-C values. */
export const IMPULSE_NOISE_AMOUNT: Readonly<Record<Severity, number>> = {
  1: 0.01,
  2: 0.02,
  3: 0.03,
  4: 0.05,
  5: 0.07,
};

/**
 * Impulse (salt-and-pepper) noise per channel value, as scikit-image
 * `random_noise(x / 255, mode='s&p', amount=p, seed=s)`: with s = `randint(0, 2^31 - 1)` from the
 * legacy generator (the reference's adaptation A3), a PCG64 `default_rng(s)` draws u1 for every
 * HWC value, then u2 for every value; a value with u1 <= p becomes 1 if u2 <= 0.5 else 0.
 * Output `clip(., 0, 1) * 255`. Severity 1..5: p = 0.01, 0.02, 0.03, 0.05, 0.07.
 *
 * Input: uint8 HWC RGB; output: Float64Array of the same length, values in [0, 255].
 *
 * ```ts
 * const out = impulseNoise({ height: 32, width: 32, data }, 3, new RandomState(3));
 * ```
 */
export const impulseNoise: CorruptionFn = (image, severity, rng) => {
  const p = IMPULSE_NOISE_AMOUNT[severity];
  const src = image.data;
  const n = src.length;
  const gen = Pcg64.fromSeed(rng.randint(0, 2 ** 31 - 1));
  const hit = gen.randomArray(n);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const salt = gen.random() <= 0.5;
    out[i] = hit[i]! <= p ? (salt ? 255 : 0) : (src[i]! / 255) * 255;
  }
  return out;
};
