import { CLASSIFIER_PRESETS } from './names.ts';
import type { ClassifierPreset } from './names.ts';
import { createPreActResNet, preActResNetConfig } from './preact_resnet.ts';
import type { Classifier, PreActResNetConfig } from './types.ts';

/**
 * Builds a classifier from a preset name (plus overrides such as `numClasses` or `seed`) or from
 * a full config, e.g. the one stored in a checkpoint.
 *
 * ```ts
 * const net = createClassifier('resnet18-w0.25', { seed: 1 });
 * const same = createClassifier(net.config);
 * ```
 */
export function createClassifier(
  preset: ClassifierPreset | PreActResNetConfig,
  overrides: Partial<
    Pick<PreActResNetConfig, 'numClasses' | 'seed' | 'bnMomentum' | 'bnEpsilon'>
  > = {},
): Classifier {
  if (typeof preset !== 'string') return createPreActResNet({ ...preset, ...overrides });
  const entry = CLASSIFIER_PRESETS[preset];
  if (entry === undefined) {
    throw new Error(
      `Argument 'preset' passed to 'createClassifier' must be one of ${Object.keys(CLASSIFIER_PRESETS).join(', ')}, got '${String(preset)}'`,
    );
  }
  return createPreActResNet(preActResNetConfig(entry.depth, { width: entry.width, ...overrides }));
}
