/**
 * The platform's one 32-bit hash mixer: MurmurHash3's finaliser (`fmix32`). Maps a uint32 to a
 * uint32 so that every input bit flips about half the output bits; a bijection on [0, 2^32).
 * Seeds of examples, streams and attacks are derived with it, so its outputs are part of every
 * run's reproducibility: do not change it (`fmix32.test.ts` pins them).
 *
 * Input: any number (taken as its low 32 bits, `x >>> 0`). Output: an integer in [0, 2^32).
 *
 * ```ts
 * fmix32(0); // 0
 * fmix32(1); // 1364076727
 * ```
 */
export function fmix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
