import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Tensor1D, Tensor2D, Tensor4D } from '@tensorflow/tfjs-core';
import type { RandomState } from '@ada/data';
import type { CorruptionNetwork } from '@ada/models';
import type { ResolvedAdaConfig } from './config.ts';
import { crossEntropyPerExample } from './cross_entropy.ts';
import { projectL2Ball, sampleL2Ball } from './l2_ball.ts';
import { ascentStep } from './step_rule.ts';

/**
 * A classifier as AdA sees it: images [B, H, W, C] in [0, 1] -> logits [B, K]. It must run in
 * inference mode (batch-norm running statistics, no dropout) and be differentiable with respect
 * to its input; AdA never changes its weights.
 */
export type ClassifierFn = (x: Tensor4D) => Tensor2D;

/** State reported after every step of the inner maximisation. */
export interface OffsetStepInfo {
  /** 1-based step just taken. */
  step: number;
  steps: number;
  /** Per-example cross-entropy at the offsets before this step. */
  loss: Float32Array;
  /** The offsets after this step and its projection (owned by the search; read, do not keep). */
  betas: readonly Tensor[];
}

export interface OffsetSearchOptions {
  config: ResolvedAdaConfig;
  /** nu_i per block (see `blockRadii`). */
  radii: readonly number[];
  /** `sign` rule's per-coordinate step size (paper: median radius / 4); unused by `l2-block`. */
  stepSize: number;
  rng: RandomState;
  onStep?: (info: OffsetStepInfo) => void;
}

/** Result of `maximiseOffsets`; every tensor is new and owned by the caller. */
export interface OffsetSearchResult {
  /** Final offsets: [B, ...block] per example, or [...block] when shared. */
  betas: Tensor[];
  /** c_(phi+beta)(x), clipped to [0, 1] when `config.clip`: float32 [B, H, W, C]. */
  corrupted: Tensor4D;
  /** Per-example cross-entropy at the starting offsets. */
  lossStart: Float32Array;
}

/**
 * AdA's inner maximisation: find offsets beta of the corruption network's parameters, inside the
 * per-block l2 balls ||beta_i|| <= nu_i, that maximise the classifier's cross-entropy on
 * c_(phi+beta)(x) against `labels` (the clean labels, or the permuted ones of
 * `AdaAugmenter` under `attackLabels: 'permuted'`; x + c_(phi+beta)(x) - c_phi(x) with
 * `config.residual`). Starts uniformly in the feasible set (`config.init`),
 * takes `config.steps` iterated-FGSM steps beta_i <- Proj_i(beta_i + stepSize * sign(grad_i))
 * (`config.stepRule` 'sign'; 'l2-block' steps beta_i + l2StepFraction * nu_i * g_i / ||g_i||
 * instead, see `ascentStep`), projecting every block after every step (`config.projection`). Per-example offsets
 * (`config.offsets`) maximise each image's own loss (the gradient of the summed loss with respect
 * to beta_b is that of example b alone); shared offsets maximise the batch's summed loss.
 *
 * @param x clean images float32 [B, H, W, C] in [0, 1].
 * @param labels int32 [B].
 *
 * ```ts
 * const { betas, corrupted } = maximiseOffsets(net, x, y, classify, { config, radii, stepSize, rng });
 * ```
 */
export function maximiseOffsets(
  net: CorruptionNetwork,
  x: Tensor4D,
  labels: Tensor1D,
  classifier: ClassifierFn,
  options: OffsetSearchOptions,
): OffsetSearchResult {
  const { config, radii, stepSize, rng } = options;
  if (radii.length !== net.params.length) {
    throw new Error(
      `Option 'radii' passed to 'maximiseOffsets' must have ${net.params.length} entries, got ${radii.length}`,
    );
  }
  const batch = x.shape[0];
  const perExample = config.offsets === 'per-example';
  const count = perExample ? batch : undefined;

  // Residual form: x - c_phi(x), added to every output, so that beta = 0 reproduces x.
  const gap = config.residual
    ? tf.tidy(() => tf.sub(x, net.apply(x, net.params, { perExample: false })))
    : undefined;
  const corrupt = (betas: readonly Tensor[]): Tensor4D => {
    const params = net.params.map((p, i) => tf.add(p, betas[i]!));
    const raw = net.apply(x, params, { perExample });
    const y: Tensor4D = gap ? tf.add(raw, gap) : raw;
    return config.clip ? tf.clipByValue(y, 0, 1) : y;
  };
  const lossOf = (betas: readonly Tensor[]): Tensor1D =>
    crossEntropyPerExample(classifier(corrupt(betas)), labels);

  let betas: Tensor[] = net.blocks.map((block, i) =>
    config.init === 'uniform'
      ? sampleL2Ball(block.shape, radii[i]!, rng, count)
      : tf.zeros(perExample ? [batch, ...block.shape] : [...block.shape]),
  );
  let lossStart: Float32Array | undefined;
  let corrupted: Tensor4D;
  try {
    for (let step = 1; step <= config.steps; step++) {
      let loss = new Float32Array(batch);
      const grads = tf.grads((...b: Tensor[]) => {
        const ce = lossOf(b);
        loss = Float32Array.from(ce.dataSync());
        return tf.sum(ce);
      })(betas);
      lossStart ??= loss;
      const next = tf.tidy(() =>
        betas.map((b, i) => {
          const moved = ascentStep(b, grads[i]!, {
            rule: config.stepRule,
            stepSize,
            radius: radii[i]!,
            l2StepFraction: config.l2StepFraction,
            perExample,
          });
          return config.projection === 'per-block'
            ? projectL2Ball(moved, radii[i]!, perExample)
            : moved;
        }),
      );
      tf.dispose([...betas, ...grads]);
      betas = next;
      options.onStep?.({ step, steps: config.steps, loss, betas });
    }
    corrupted = tf.tidy(() => corrupt(betas));
  } finally {
    gap?.dispose();
  }
  if (!lossStart) {
    // No steps: the loss at the start is the loss of the returned images.
    lossStart = tf.tidy(() =>
      Float32Array.from(crossEntropyPerExample(classifier(corrupted), labels).dataSync()),
    );
  }
  return { betas, corrupted, lossStart };
}
