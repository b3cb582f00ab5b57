/**
 * Names of the 19 corruptions of the CIFAR-10-C reference generator (`make_cifar_c.py` of
 * hendrycks/robustness), in its table order. The names are the function names of the reference,
 * which are also the file names of the published CIFAR-10-C (`<name>.npy`).
 */

/** The 15 common corruptions of the benchmark, in reference order. */
export const COMMON_CORRUPTIONS = [
  'gaussian_noise',
  'shot_noise',
  'impulse_noise',
  'defocus_blur',
  'glass_blur',
  'motion_blur',
  'zoom_blur',
  'snow',
  'frost',
  'fog',
  'brightness',
  'contrast',
  'elastic_transform',
  'pixelate',
  'jpeg_compression',
] as const;

/** The 4 extra (held-out) corruptions, in reference order. */
export const EXTRA_CORRUPTIONS = ['speckle_noise', 'gaussian_blur', 'spatter', 'saturate'] as const;

/** Any of the 19 corruption names. */
export type CorruptionName =
  (typeof COMMON_CORRUPTIONS)[number] | (typeof EXTRA_CORRUPTIONS)[number];

/** All 19 names: the common 15 then the extra 4. */
export const ALL_CORRUPTIONS: readonly CorruptionName[] = [
  ...COMMON_CORRUPTIONS,
  ...EXTRA_CORRUPTIONS,
];

/** Display names as the reference table gives them (e.g. `elastic_transform` -> `Elastic`). */
export const DISPLAY_NAMES: Readonly<Record<CorruptionName, string>> = {
  gaussian_noise: 'Gaussian Noise',
  shot_noise: 'Shot Noise',
  impulse_noise: 'Impulse Noise',
  defocus_blur: 'Defocus Blur',
  glass_blur: 'Glass Blur',
  motion_blur: 'Motion Blur',
  zoom_blur: 'Zoom Blur',
  snow: 'Snow',
  frost: 'Frost',
  fog: 'Fog',
  brightness: 'Brightness',
  contrast: 'Contrast',
  elastic_transform: 'Elastic',
  pixelate: 'Pixelate',
  jpeg_compression: 'JPEG',
  speckle_noise: 'Speckle Noise',
  gaussian_blur: 'Gaussian Blur',
  spatter: 'Spatter',
  saturate: 'Saturate',
};

/** Type guard: whether `name` is one of the 19 corruption names. */
export function isCorruptionName(name: string): name is CorruptionName {
  return (ALL_CORRUPTIONS as readonly string[]).includes(name);
}
