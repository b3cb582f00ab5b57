import type { RandomState } from '@ada/data';
import type { ImageU8 } from './image_u8.ts';
import type { AugMixOpName } from './names.ts';

/**
 * One AugMix operation: a deterministic Pillow-equivalent `apply(img, param)` and the
 * reference's random choice of `param` for a severity (`sampleParam`, which consumes the same
 * draws, in the same order, as google-research/augmix `augmentations.py`). Parameterless ops
 * (autocontrast, equalize) sample nothing and ignore `param`.
 */
export interface AugMixOp {
  readonly name: AugMixOpName;
  apply(img: ImageU8, param: number): ImageU8;
  sampleParam(rng: RandomState, severity: number): number;
}
