import type { PreActResNetConfig } from './types.ts';

/**
 * Named classifier presets. `resnet50` is the paper's model; the narrow ResNet-18 variants are
 * for CPU runs (`-w0.25`: widths 16, 32, 64, 128).
 */
export const CLASSIFIER_PRESETS = {
  resnet18: { depth: 18, width: 1 },
  'resnet18-w0.5': { depth: 18, width: 0.5 },
  'resnet18-w0.25': { depth: 18, width: 0.25 },
  'resnet18-w0.125': { depth: 18, width: 0.125 },
  resnet50: { depth: 50, width: 1 },
  'resnet50-w0.25': { depth: 50, width: 0.25 },
} as const satisfies Record<string, Pick<PreActResNetConfig, 'depth' | 'width'>>;

/** A preset name, e.g. `'resnet18-w0.25'`. */
export type ClassifierPreset = keyof typeof CLASSIFIER_PRESETS;

/** Every preset name, in a fixed order. */
export const CLASSIFIER_PRESET_NAMES = Object.keys(CLASSIFIER_PRESETS) as ClassifierPreset[];
