import { fmix32 } from '@ada/data';

/**
 * Per-example seeds: `exampleSeed(seed, index, stream)` mixes a run seed, an example index and
 * a stream number (one per augmentation stage, so stages draw independently) into a uint32
 * with the murmur3 finaliser. Same inputs, same seed, on every machine; neighbouring indices
 * give unrelated seeds.
 *
 * ```ts
 * const s = exampleSeed(42, 7, STREAMS.padCropFlip); // seed for example 7's crop and flip
 * ```
 */
export function exampleSeed(seed: number, index: number, stream = 0): number {
  for (const [name, v] of [
    ['seed', seed],
    ['index', index],
    ['stream', stream],
  ] as const) {
    if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) {
      throw new RangeError(
        `Argument '${name}' passed to 'exampleSeed' must be an integer in [0, 2^32), got ${v}`,
      );
    }
  }
  let h = fmix32(seed ^ 0x9e3779b9);
  h = fmix32((h ^ index) >>> 0);
  h = fmix32((h ^ Math.imul(stream + 1, 0x85ebca6b)) >>> 0);
  return h >>> 0;
}

/** One seed per example of a batch whose first example has index `start`. */
export function batchSeeds(seed: number, start: number, count: number, stream = 0): number[] {
  return Array.from({ length: count }, (_, i) => exampleSeed(seed, start + i, stream));
}

/** Stream numbers of the pipeline stages (see `exampleSeed`). */
export const STREAMS = {
  padCropFlip: 1,
  ada: 2,
  augmix: 3,
  deepaugment: 4,
} as const;
