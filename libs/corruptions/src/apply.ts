import { RandomState } from '@ada/data';
import { ALL_CORRUPTIONS, isCorruptionName, type CorruptionName } from './names.ts';
import { CORRUPTIONS } from './register_all.ts';
import type { CorruptionFn, ImageU8, Severity } from './types.ts';

/** How `corruptBatch` seeds the random draws. */
export type Seeding = 'per-image' | 'reference';

export interface CorruptBatchOptions {
  /** Base seed, an integer in [0, 2^32); default 0. Ignored by `'reference'` seeding. */
  seed?: number;
  /**
   * `'per-image'` (default): image i draws from
   * `RandomState(perImageSeed(seed, name, severity, startIndex + i))`, so every image gets its
   * own noise. `'reference'`: `RandomState(severity)` is re-seeded before every image exactly like
   * the reference driver (`np.random.seed(k)`), so all images share the same draws; use it to
   * reproduce the reference files.
   */
  seeding?: Seeding;
  /**
   * Global index of the first image (default 0) for `'per-image'` seeding: image i of this batch
   * is seeded as image `startIndex + i`, so corrupting a dataset shard by shard gives the same
   * bytes as corrupting it in one call.
   */
  startIndex?: number;
}

/** The implementation of `name`, or a RangeError listing the valid names. */
export function getCorruption(name: string): CorruptionFn {
  if (!isCorruptionName(name)) {
    throw new RangeError(
      `Unknown corruption '${name}'; valid names: ${ALL_CORRUPTIONS.join(', ')}`,
    );
  }
  return CORRUPTIONS[name];
}

/** Throws unless `severity` is an integer in 1..5; returns it typed. */
export function checkSeverity(severity: number, caller: string): Severity {
  if (!Number.isInteger(severity) || severity < 1 || severity > 5) {
    throw new RangeError(
      `Argument 'severity' passed to '${caller}' must be an integer in 1..5, got ${severity}`,
    );
  }
  return severity as Severity;
}

/**
 * `np.uint8(x)` on values the corruption already clipped to [0, 255]: truncation toward zero
 * (255.0 stays 255). Values outside [0, 255] (which a correct corruption never returns) are
 * clamped, NaN becomes 0. Uint8 input is returned as is.
 */
export function toUint8(values: Float64Array | Float32Array | Uint8Array): Uint8Array {
  if (values instanceof Uint8Array) return values;
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out[i] = v >= 255 ? 255 : v > 0 ? Math.trunc(v) : 0;
  }
  return out;
}

function checkImage(image: ImageU8, caller: string): void {
  const { height, width, data } = image;
  if (!Number.isInteger(height) || !Number.isInteger(width) || height < 1 || width < 1) {
    throw new RangeError(
      `Argument 'image' passed to '${caller}' must have positive integer height and width, got ${height}x${width}`,
    );
  }
  if (!(data instanceof Uint8Array) || data.length !== height * width * 3) {
    throw new RangeError(
      `Argument 'image' passed to '${caller}' must hold a Uint8Array of ${height}*${width}*3 = ${height * width * 3} HWC RGB values, got ${data?.length}`,
    );
  }
}

/**
 * Applies corruption `name` at `severity` to one uint8 HWC RGB image and converts the result like
 * the reference driver (`np.uint8`, truncation toward zero).
 *
 * ```ts
 * const out = applyCorruption('gaussian_noise', { height: 32, width: 32, data }, 3, new RandomState(3));
 * ```
 */
export function applyCorruption(
  name: CorruptionName | string,
  image: ImageU8,
  severity: number,
  rng: RandomState,
): ImageU8 {
  const fn = getCorruption(name);
  const s = checkSeverity(severity, 'applyCorruption');
  checkImage(image, 'applyCorruption');
  const out = fn(image, s, rng);
  if (out.length !== image.data.length) {
    throw new Error(
      `Corruption '${name}' returned ${out.length} values for a ${image.height}x${image.width}x3 image`,
    );
  }
  return { height: image.height, width: image.width, data: toUint8(out) };
}

/**
 * The seed of image `index` under `'per-image'` seeding: a 32-bit mix of (seed, corruption
 * name, severity, index), so images, severities and corruptions get unrelated MT19937 streams
 * (gaussian_noise and speckle_noise of the same image do not share their normal draws).
 */
export function perImageSeed(
  seed: number,
  name: string,
  severity: Severity,
  index: number,
): number {
  let h = 0x811c9dc5; // FNV-1a of the name
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  h = mix32(h ^ Math.imul(seed >>> 0, 0x9e3779b1));
  h = mix32(h ^ Math.imul(severity, 0x85ebca77));
  h = mix32(h ^ Math.imul(index >>> 0, 0xc2b2ae3d));
  return h >>> 0;
}

function mix32(x: number): number {
  let h = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * Corrupts `n` uint8 HWC RGB images stored back to back in `images` (`[n, h, w, 3]`, C order)
 * and returns a new `Uint8Array` of the same layout.
 *
 * ```ts
 * const out = corruptBatch('shot_noise', test, 10000, 32, 32, 2, { seed: 7 });
 * ```
 */
export function corruptBatch(
  name: CorruptionName | string,
  images: Uint8Array,
  n: number,
  h: number,
  w: number,
  severity: number,
  options: CorruptBatchOptions = {},
): Uint8Array {
  const fn = getCorruption(name);
  const s = checkSeverity(severity, 'corruptBatch');
  for (const [arg, v] of [
    ['n', n],
    ['h', h],
    ['w', w],
  ] as const) {
    if (!Number.isInteger(v) || v < (arg === 'n' ? 0 : 1)) {
      throw new RangeError(
        `Argument '${arg}' passed to 'corruptBatch' must be a ${arg === 'n' ? 'non-negative' : 'positive'} integer, got ${v}`,
      );
    }
  }
  const size = h * w * 3;
  if (!(images instanceof Uint8Array) || images.length !== n * size) {
    throw new RangeError(
      `Argument 'images' passed to 'corruptBatch' must be a Uint8Array of shape [${n}, ${h}, ${w}, 3] (${n * size} values), got ${images?.length}`,
    );
  }
  const seeding = options.seeding ?? 'per-image';
  if (seeding !== 'per-image' && seeding !== 'reference') {
    throw new RangeError(
      `Option 'seeding' passed to 'corruptBatch' must be 'per-image' or 'reference', got ${String(seeding)}`,
    );
  }
  const seed = options.seed ?? 0;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new RangeError(
      `Option 'seed' passed to 'corruptBatch' must be an integer in [0, 2^32), got ${seed}`,
    );
  }
  const startIndex = options.startIndex ?? 0;
  if (!Number.isSafeInteger(startIndex) || startIndex < 0) {
    throw new RangeError(
      `Option 'startIndex' passed to 'corruptBatch' must be a non-negative integer, got ${startIndex}`,
    );
  }
  const out = new Uint8Array(n * size);
  const rng = new RandomState(0);
  for (let i = 0; i < n; i++) {
    rng.seed(seeding === 'reference' ? s : perImageSeed(seed, name, s, startIndex + i));
    const image: ImageU8 = { height: h, width: w, data: images.subarray(i * size, (i + 1) * size) };
    const result = fn(image, s, rng);
    if (result.length !== size) {
      throw new Error(
        `Corruption '${name}' returned ${result.length} values for a ${h}x${w}x3 image`,
      );
    }
    out.set(toUint8(result), i * size);
  }
  return out;
}
