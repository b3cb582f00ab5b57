import type { Dataset } from '../dataset.ts';
import { DEMO_CLASS_NAMES, DEMO_VARIANTS, type DemoVariant } from './names.ts';
import type { DemoPhotoBank } from './photo_bank.ts';
import { DemoRng } from './rng.ts';
import { DEMO_IMAGE_SIZE, renderDemoImage } from './render_demo_image.ts';

export interface DemoDatasetOptions {
  /** 'train' and 'test' draw from disjoint random streams of the same distribution. */
  split: 'train' | 'test';
  /** Number of images N (labels cycle 0..9, so every class has floor or ceil of N/10). */
  size: number;
  /** Any integer in [0, 2^32); same (seed, split, index), same image. */
  seed: number;
  /** Index of the first image (default 0): `start: k` gives images k..k+size-1 of the stream. */
  start?: number;
  /**
   * 'class' (default): objects wear their class's texture 3 times in 4 and lean to its hue half
   * of the time. 'shape-only': the same images (same draws) with hue and texture drawn
   * independently of the label, so only the shape tells the class: a test of what a model
   * relies on.
   */
  cues?: 'class' | 'shape-only';
  /**
   * 'procedural' (default): the original demo (procedural backgrounds and textures).
   * 'photo': natural-photo backgrounds and object surfaces cut from `photos` (same shapes, same
   * cue rates; see `renderDemoImage`), for image statistics closer to CIFAR-10.
   */
  variant?: DemoVariant;
  /** The photo bank of the 'photo' variant (`loadDemoPhotoBank()`); required by it. */
  photos?: DemoPhotoBank;
}

const SPLIT_STREAM = { train: 1, test: 2 } as const;
/** Offset of the streams that redraw hue and texture for `cues: 'shape-only'`. */
const CUE_STREAM = 16;

/**
 * The synthetic demo dataset: 10 classes of 32x32 RGB images (the object shapes of
 * `DEMO_CLASS_NAMES` with fine class-leaning surface textures and hues, on textured backgrounds
 * with clutter, varied pose, position, scale, colour, occlusion and grain). Image i has label
 * (start + i) % 10 and depends only on (seed, split, start + i). Uint8 NHWC, shape [N, 32, 32, 3].
 *
 * ```ts
 * const train = makeDemoDataset({ split: 'train', size: 10000, seed: 0 });
 * train.shape; // [10000, 32, 32, 3]
 * ```
 */
export function makeDemoDataset(options: DemoDatasetOptions): Dataset {
  const { split, size, seed } = options;
  const start = options.start ?? 0;
  const cues = options.cues ?? 'class';
  if (split !== 'train' && split !== 'test') {
    throw new RangeError(
      `Option 'split' passed to 'makeDemoDataset' must be 'train' or 'test', got ${String(split)}`,
    );
  }
  if (!Number.isInteger(size) || size < 0) {
    throw new RangeError(
      `Option 'size' passed to 'makeDemoDataset' must be a non-negative integer, got ${size}`,
    );
  }
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new RangeError(
      `Option 'seed' passed to 'makeDemoDataset' must be an integer in [0, 2^32), got ${seed}`,
    );
  }
  if (!Number.isInteger(start) || start < 0) {
    throw new RangeError(
      `Option 'start' passed to 'makeDemoDataset' must be a non-negative integer, got ${start}`,
    );
  }
  const variant = options.variant ?? 'procedural';
  if (!(DEMO_VARIANTS as readonly string[]).includes(variant)) {
    throw new RangeError(
      `Option 'variant' passed to 'makeDemoDataset' must be one of ${DEMO_VARIANTS.join(', ')}, got ${String(variant)}`,
    );
  }
  const photos = variant === 'photo' ? options.photos : undefined;
  if (
    variant === 'photo' &&
    (photos === undefined || photos.photos.length < DEMO_CLASS_NAMES.length)
  ) {
    throw new RangeError(
      `Option 'photos' passed to 'makeDemoDataset' must be a photo bank of at least ${DEMO_CLASS_NAMES.length} photos for variant 'photo' (loadDemoPhotoBank(); npm run setup:demo-photos)`,
    );
  }
  if (cues !== 'class' && cues !== 'shape-only') {
    throw new RangeError(
      `Option 'cues' passed to 'makeDemoDataset' must be 'class' or 'shape-only', got ${String(cues)}`,
    );
  }
  const s = DEMO_IMAGE_SIZE;
  const images = new Uint8Array(size * s * s * 3);
  const labels = new Uint8Array(size);
  const k = DEMO_CLASS_NAMES.length;
  for (let i = 0; i < size; i++) {
    const index = start + i;
    labels[i] = index % k;
    renderDemoImage(
      new DemoRng(seed, SPLIT_STREAM[split], index),
      labels[i],
      images,
      i * s * s * 3,
      cues === 'shape-only'
        ? new DemoRng(seed, SPLIT_STREAM[split] + CUE_STREAM, index)
        : undefined,
      photos,
    );
  }
  const prefix = variant === 'photo' ? 'demo-photo' : 'demo';
  return {
    name: cues === 'class' ? `${prefix}-${split}` : `${prefix}-${split}-shape-only`,
    images,
    labels,
    shape: [size, s, s, 3],
    classNames: [...DEMO_CLASS_NAMES],
  };
}
