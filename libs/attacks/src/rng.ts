import { fmix32 } from '@ada/data';

/**
 * A small seeded pseudo-random generator (SplitMix32-style mixing of a 32-bit counter), so
 * every random draw of an attack is reproducible from its seed on every backend.
 *
 * ```ts
 * const rng = createRng(7);
 * rng.uniform(); // [0, 1)
 * rng.int(0, 5); // integer in [0, 5)
 * ```
 */
export interface Rng {
  /** Uniform in [0, 1). */
  uniform(): number;
  /** Integer uniform in [lo, hi); requires hi > lo. */
  int(lo: number, hi: number): number;
  /** -1 or +1 with equal probability. */
  sign(): number;
  /** Standard normal (Box-Muller). */
  normal(): number;
}

export function createRng(seed: number): Rng {
  if (!Number.isFinite(seed)) {
    throw new TypeError(
      `Argument 'seed' passed to 'createRng' must be a finite number, got ${seed}`,
    );
  }
  let state = (Math.floor(seed) ^ 0x9e3779b9) >>> 0;
  const next32 = (): number => {
    state = (state + 0x9e3779b9) >>> 0;
    return fmix32(state);
  };
  const uniform = (): number => next32() / 4294967296;
  return {
    uniform,
    int: (lo, hi) => lo + Math.floor(uniform() * (hi - lo)),
    sign: () => (next32() & 1 ? 1 : -1),
    normal: () => {
      const u = 1 - uniform();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
    },
  };
}

/** A seed derived from a base seed and a path of integers (attack index, batch, restart). */
export function deriveSeed(seed: number, ...path: number[]): number {
  let h = (Math.floor(seed) >>> 0) ^ 0x811c9dc5;
  for (const p of path) {
    h = Math.imul(h ^ (p >>> 0), 0x01000193) >>> 0;
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0;
  }
  return h >>> 0;
}
