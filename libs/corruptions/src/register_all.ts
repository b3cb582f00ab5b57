import type { CorruptionFn } from './types.ts';
import type { CorruptionName } from './names.ts';
import { gaussianNoise } from './corruptions/gaussian_noise.ts';
import { shotNoise } from './corruptions/shot_noise.ts';
import { impulseNoise } from './corruptions/impulse_noise.ts';
import { glassBlur } from './corruptions/glass_blur.ts';
import { pixelate } from './corruptions/pixelate.ts';
import { jpegCompression } from './corruptions/jpeg_compression.ts';
import { speckleNoise } from './corruptions/speckle_noise.ts';
import { gaussianBlur } from './corruptions/gaussian_blur.ts';
import { zoomBlur } from './corruptions/zoom_blur.ts';
import { defocusBlur } from './corruptions/defocus_blur.ts';
import { brightness } from './corruptions/brightness.ts';
import { contrast } from './corruptions/contrast.ts';
import { saturate } from './corruptions/saturate.ts';
import { fog } from './corruptions/fog.ts';
import { motionBlur } from './corruptions/motion_blur.ts';
import { snow } from './corruptions/snow.ts';
import { elasticTransform } from './corruptions/elastic_transform.ts';
import { spatter } from './corruptions/spatter.ts';
import { frost } from './corruptions/frost.ts';

/**
 * The one map from corruption name to implementation, all 19 in reference order (the common
 * 15, then the extra 4). Look names up through `getCorruption` to get a clear error for
 * unknown ones.
 */
export const CORRUPTIONS: Readonly<Record<CorruptionName, CorruptionFn>> = {
  gaussian_noise: gaussianNoise,
  shot_noise: shotNoise,
  impulse_noise: impulseNoise,
  defocus_blur: defocusBlur,
  glass_blur: glassBlur,
  motion_blur: motionBlur,
  zoom_blur: zoomBlur,
  snow,
  frost,
  fog,
  brightness,
  contrast,
  elastic_transform: elasticTransform,
  pixelate,
  jpeg_compression: jpegCompression,
  speckle_noise: speckleNoise,
  gaussian_blur: gaussianBlur,
  spatter,
  saturate,
};
