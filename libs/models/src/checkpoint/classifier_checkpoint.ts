import type { NamedTensorMap } from '@tensorflow/tfjs-core';
import { createClassifier } from '../classifier/create_classifier.ts';
import { CLASSIFIER_PRESETS, type ClassifierPreset } from '../classifier/names.ts';
import type { Classifier, PreActResNetConfig } from '../classifier/types.ts';
import { loadCheckpoint, saveCheckpoint } from './checkpoint.ts';
import { CheckpointError } from './checkpoint_error.ts';
import type { CheckpointManifest, CheckpointSink, CheckpointSource } from './types.ts';

/**
 * Saves a classifier (config, every variable including BN running statistics) and optionally
 * the optimiser state under `key`.
 *
 * ```ts
 * await saveClassifier(store, 'run-1/step-500', net, { step: 500, optimizer: opt.getState() });
 * ```
 */
export function saveClassifier(
  sink: CheckpointSink,
  key: string,
  classifier: Classifier,
  options: { step: number; optimizer?: NamedTensorMap; extra?: Record<string, unknown> },
): Promise<CheckpointManifest> {
  return saveCheckpoint(sink, key, {
    arch: classifier.config.arch,
    config: classifier.config,
    step: options.step,
    weights: classifier.getWeights(),
    ...(options.optimizer ? { optimizer: options.optimizer } : {}),
    ...(options.extra ? { extra: options.extra } : {}),
  });
}

/**
 * Rebuilds the classifier saved under `key` from its stored config and weights. Returns the
 * optimiser state too (the caller disposes it).
 *
 * ```ts
 * const { classifier, step, optimizer } = await loadClassifier(store, 'run-1/step-500');
 * ```
 */
export async function loadClassifier(
  source: CheckpointSource,
  key: string,
): Promise<{
  classifier: Classifier;
  step: number;
  optimizer?: NamedTensorMap;
  extra?: Record<string, unknown>;
}> {
  const ckpt = await loadCheckpoint(source, key);
  try {
    // `ada run` checkpoints name the classifier preset (e.g. `resnet18-w0.125`) as their
    // architecture; the class count comes from the head's weights.
    const preset = Object.hasOwn(CLASSIFIER_PRESETS, ckpt.arch)
      ? (ckpt.arch as ClassifierPreset)
      : undefined;
    if (ckpt.arch !== 'preact-resnet' && preset === undefined) {
      throw new CheckpointError(
        `Checkpoint '${key}' holds architecture '${ckpt.arch}', not a classifier`,
        key,
      );
    }
    const numClasses = ckpt.weights['head/kernel']?.shape[1];
    if (preset !== undefined && numClasses === undefined) {
      throw new CheckpointError(
        `Checkpoint '${key}' names classifier preset '${preset}' but holds no 'head/kernel' weights`,
        key,
        false,
      );
    }
    const classifier =
      preset === undefined
        ? createClassifier(ckpt.config as PreActResNetConfig)
        : createClassifier(preset, { numClasses: numClasses! });
    try {
      classifier.setWeights(ckpt.weights);
    } catch (cause) {
      classifier.dispose();
      throw new CheckpointError(`Checkpoint '${key}' does not fit its own config`, key, false, {
        cause,
      });
    }
    return {
      classifier,
      step: ckpt.step,
      ...(ckpt.optimizer ? { optimizer: ckpt.optimizer } : {}),
      ...(ckpt.extra ? { extra: ckpt.extra } : {}),
    };
  } catch (error) {
    for (const t of Object.values(ckpt.optimizer ?? {})) t.dispose();
    throw error;
  } finally {
    for (const t of Object.values(ckpt.weights)) t.dispose();
  }
}
