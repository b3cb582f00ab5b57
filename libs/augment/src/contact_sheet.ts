import type { CorruptionNetwork } from '@ada/models';
import * as tf from '@tensorflow/tfjs-core';
import { augmix, type AugMixConfig } from './augmix/augment_and_mix.ts';
import { deepAugmentBatch } from './deepaugment/batch.ts';
import { groupInstance } from './deepaugment/generate.ts';
import { padCropFlip, type PadCropFlipConfig } from './pad_crop_flip.ts';
import { exampleSeed, STREAMS } from './seeds.ts';

/** The augmentations a contact sheet can show. */
export const CONTACT_SHEET_KINDS = ['pad-crop-flip', 'augmix', 'deepaugment'] as const;
export type ContactSheetKind = (typeof CONTACT_SHEET_KINDS)[number];

export interface ContactSheetOptions {
  /** Augmented variants per image, one column each after the clean one (default 7). */
  readonly variants?: number;
  readonly seed?: number;
  /** Networks for `deepaugment` (required for it). */
  readonly networks?: readonly CorruptionNetwork[];
  readonly padCropFlip?: PadCropFlipConfig;
  readonly augmix?: AugMixConfig;
}

/**
 * A contact sheet of one augmentation: for each of the N input images (NHWC float32 in [0, 1]),
 * a row holding the clean image and `variants` augmented versions (variant v of every row uses
 * the seed of (seed, v), so a column shares one DeepAugment network instance). Returns
 * float32 NHWC [N * (variants + 1), H, W, 3] in [0, 1], row-major for `writeImageGrid(..., N,
 * variants + 1)`, plus one caption per cell.
 *
 * ```ts
 * const { images, captions, rows, cols } = await augmentContactSheet('augmix', x);
 * const png = writeImageGrid(images, rows, cols, { scale: 3, labels: captions });
 * ```
 */
export async function augmentContactSheet(
  kind: ContactSheetKind,
  x: tf.Tensor4D,
  options: ContactSheetOptions = {},
): Promise<{
  images: { data: Float32Array; shape: number[] };
  captions: string[];
  rows: number;
  cols: number;
}> {
  const [n, h, w] = x.shape;
  const variants = options.variants ?? 7;
  const seed = options.seed ?? 0;
  if (!Number.isInteger(variants) || variants < 1) {
    throw new RangeError(
      `Argument 'variants' passed to 'augmentContactSheet' must be a positive integer, got ${variants}`,
    );
  }
  if (kind === 'deepaugment' && !options.networks?.length) {
    throw new RangeError(
      `Argument 'networks' passed to 'augmentContactSheet' is required for 'deepaugment'`,
    );
  }
  const columns: Float32Array[] = [(await x.data()) as Float32Array];
  const captions: string[][] = [Array.from({ length: n }, () => 'clean')];
  for (let v = 0; v < variants; v++) {
    const seeds = Array.from({ length: n }, (_, i) =>
      exampleSeed(seed, i * 1000 + v, STREAMS.augmix),
    );
    let y: tf.Tensor4D;
    let caption = `${kind} ${v + 1}`;
    switch (kind) {
      case 'pad-crop-flip':
        y = padCropFlip(x, seeds, options.padCropFlip ?? {});
        break;
      case 'augmix':
        y = augmix(x, seeds, options.augmix ?? {});
        break;
      case 'deepaugment': {
        y = deepAugmentBatch(options.networks!, x, seed, { groupSize: n, firstGroup: v });
        const { params, draw } = groupInstance(options.networks!, seed, v);
        tf.dispose(params);
        caption = draw.weightOps.map((o) => o.replace(/_/g, ' ').slice(0, 10)).join('/');
        break;
      }
      default: {
        const never: never = kind;
        throw new Error(`Unknown contact sheet kind '${String(never)}'`);
      }
    }
    columns.push((await y.data()) as Float32Array);
    y.dispose();
    captions.push(Array.from({ length: n }, () => caption));
  }
  const cols = variants + 1;
  const size = h * w * 3;
  const data = new Float32Array(n * cols * size);
  for (let r = 0; r < n; r++)
    for (let c = 0; c < cols; c++)
      data.set(columns[c]!.subarray(r * size, (r + 1) * size), (r * cols + c) * size);
  const flatCaptions: string[] = [];
  for (let r = 0; r < n; r++) for (let c = 0; c < cols; c++) flatCaptions.push(captions[c]![r]!);
  return { images: { data, shape: [n * cols, h, w, 3] }, captions: flatCaptions, rows: n, cols };
}
