import type { NamedTensorMap, Tensor2D, Tensor4D, Variable } from '@tensorflow/tfjs-core';

/** How a classifier's forward pass runs. */
export interface ClassifierApplyOptions {
  /**
   * true: batch normalisation uses the statistics of the current batch and updates its running
   * averages (see `PreActResNetConfig.bnMomentum`); false (default): it uses the running averages
   * and changes nothing.
   */
  training?: boolean;
}

/** Depths of the pre-activation ResNet family that the platform builds. */
export type PreActResNetDepth = 18 | 50;

/** Everything needed to rebuild a pre-activation ResNet (stored in checkpoints). */
export interface PreActResNetConfig {
  readonly arch: 'preact-resnet';
  /** 18: BasicBlock [2, 2, 2, 2]; 50: Bottleneck [3, 4, 6, 3] with expansion 4. */
  readonly depth: PreActResNetDepth;
  /** Multiplies the stage widths 64, 128, 256, 512 (rounded, at least 1). Default 1. */
  readonly width: number;
  readonly numClasses: number;
  /**
   * Running-average decay of batch normalisation: running = m * running + (1 - m) * batch
   * (Keras convention; m = 0.9 equals PyTorch's `momentum=0.1`). Default 0.9.
   */
  readonly bnMomentum: number;
  /** Added to the variance in batch normalisation. Default 1e-5 (PyTorch's). */
  readonly bnEpsilon: number;
  /** Seed of the random initialisation. */
  readonly seed: number;
}

/**
 * An image classifier with explicit `tf.Variable`s, so that training code controls every update.
 *
 * Inputs are NHWC float32 images in [0, 1] (normalisation happens inside); outputs are logits
 * [B, numClasses].
 *
 * ```ts
 * const net = createClassifier('resnet18-w0.25');
 * const logits = net.apply(x, { training: false }); // [B, 10]
 * const { value, grads } = tf.variableGrads(() => loss(net.apply(x, { training: true })), net.trainableVariables);
 * ```
 */
export interface Classifier {
  readonly config: PreActResNetConfig;
  readonly numClasses: number;
  /** Variables that gradient descent updates, in a fixed order (no running statistics). */
  readonly trainableVariables: readonly Variable[];
  /** logits [B, numClasses] for x [B, H, W, 3] in [0, 1]. */
  apply(x: Tensor4D, options?: ClassifierApplyOptions): Tensor2D;
  /**
   * Every variable by its stable name (e.g. `stage1/block0/conv1/kernel`,
   * `stage1/block0/bn1/moving_mean`), running statistics included. The tensors are the live
   * variables: read or clone them, never dispose them.
   */
  getWeights(): NamedTensorMap;
  /** Assigns every variable from `weights`; names and shapes must match `getWeights()` exactly. */
  setWeights(weights: NamedTensorMap): void;
  /** Frees every variable. */
  dispose(): void;
}
