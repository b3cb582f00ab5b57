/**
 * One classifier training step as the diagnostics time it: forward in training mode on a fixed
 * random batch, cross-entropy, gradients of every trainable variable, SGD Nesterov update
 * (PAPER_SGD, lr 0.01), then the loss read back, as `trainClassifier` does per step.
 */
import * as tf from '@tensorflow/tfjs-core';
import { createClassifier } from '@ada/models';
import type { ClassifierPreset } from '@ada/models';
import { crossEntropy, SgdNesterov, PAPER_SGD } from '@ada/training';
import type { SgdUpdateMode } from '@ada/training';

export interface TrainStep {
  /**
   * One step; resolves when the loss has been read, with the wall-clock ms of the optimizer's
   * `step` call (the native, wasm and cpu backends run kernels synchronously, so that is the
   * update's own time).
   */
  step(): Promise<{ updateMs: number }>;
  /** One inference forward of the same batch. */
  forward(): Promise<void>;
  dispose(): void;
}

/** A model of `preset` (seed 1), a batch of `batch` 32x32 images and an optimizer in `update` mode. */
export function makeTrainStep(
  preset: ClassifierPreset,
  update: SgdUpdateMode,
  batch = 64,
): TrainStep {
  const model = createClassifier(preset, { seed: 1 });
  const x = tf.randomUniform([batch, 32, 32, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
  const labels = tf.tensor1d(
    Array.from({ length: batch }, (_, i) => i % 10),
    'int32',
  );
  const opt = new SgdNesterov(PAPER_SGD, { update });
  const trainable = new Set(model.trainableVariables);
  const params = Object.entries(model.getWeights())
    .filter(([, t]) => trainable.has(t as tf.Variable))
    .map(([name, t]) => ({ name, variable: t as tf.Variable }));
  return {
    async step() {
      const { value, grads } = tf.variableGrads(
        () => crossEntropy(model.apply(x, { training: true }) as tf.Tensor2D, labels),
        params.map((p) => p.variable),
      );
      const t0 = performance.now();
      opt.step(
        params.map((p) => ({ ...p, grad: grads[p.variable.name]! })),
        0.01,
      );
      const updateMs = performance.now() - t0;
      await value.data();
      tf.dispose([value, ...Object.values(grads)]);
      return { updateMs };
    },
    async forward() {
      const y = model.apply(x, { training: false });
      await y.data();
      y.dispose();
    },
    dispose() {
      opt.dispose();
      model.dispose();
      tf.dispose([x, labels]);
    },
  };
}
