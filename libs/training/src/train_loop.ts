import * as tf from '@tensorflow/tfjs-core';
import type { Dataset } from '@ada/data';
import type { Classifier } from '@ada/models';
import { epochOrder, gatherBatch, stepSeed } from './batches.ts';
import { crossEntropy } from './loss.ts';
import { SgdNesterov, type SgdConfig } from './optimizer/sgd_nesterov.ts';
import { cosineWithWarmup, scaledLearningRate } from './schedule.ts';

/** One batch as the augmentation pipeline receives it (tensors owned by the trainer). */
export interface TrainBatch {
  images: tf.Tensor4D;
  labels: tf.Tensor1D;
  /** Index of each example in the training set (drives per-example seeds). */
  indices: readonly number[];
  /** Global step (0-based). */
  step: number;
  /** Epoch of the step (0-based). */
  epoch: number;
  /** Seed of this step's random draws (a function of the run seed and the step). */
  seed: number;
  /** The classifier being trained, for adversarial stages (use it in inference mode). */
  model: Classifier;
}

/** What the pipeline hands to the loss: one view, or [clean, augmix1, augmix2] for JSD. */
export interface TrainViews {
  views: tf.Tensor4D[];
  /** Per-example statistics of the pipeline (e.g. AdA's SSIM), collected by the trainer. */
  stats?: Record<string, number[]>;
}

/** The augmentation pipeline of a training step; returned tensors are disposed by the trainer. */
export type TrainAugment = (batch: TrainBatch) => Promise<TrainViews> | TrainViews;

/**
 * The loss of one step from the logits of every view (views concatenated in one forward pass).
 * Default: cross-entropy of the first view.
 */
export type TrainLoss = (logitsPerView: tf.Tensor2D[], labels: tf.Tensor1D) => tf.Scalar;

/** Everything needed to continue a run exactly where it stopped. */
export interface TrainState {
  /** Steps completed. */
  step: number;
  /** Model weights, running statistics included (copies owned by the receiver). */
  weights: tf.NamedTensorMap;
  /** Optimiser momentum buffers keyed by variable name (copies). */
  optimizer: tf.NamedTensorMap;
}

export interface TrainProgress {
  step: number;
  totalSteps: number;
  epoch: number;
  loss: number;
  lr: number;
  imagesPerSecond: number;
  etaSeconds: number;
}

export interface TrainOptions {
  model: Classifier;
  train: Dataset;
  batchSize: number;
  epochs: number;
  /** Learning rate before the linear scaling rule (paper: 0.1). */
  baseLr: number;
  /** Linear warm-up length in epochs (paper: 5 of 300). May be fractional. */
  warmupEpochs: number;
  sgd: SgdConfig;
  seed: number;
  augment?: TrainAugment;
  loss?: TrainLoss;
  /** Resume from this state (its `step` steps are skipped; weights and momentum restored). */
  resume?: TrainState;
  /** Save a checkpoint every `every` steps and at the end (and when cancelled). */
  checkpoint?: { every: number; save(state: TrainState): Promise<void> };
  /** Cancels after the current step; a checkpoint is written first. */
  signal?: AbortSignal;
  onProgress?(progress: TrainProgress): void;
  /**
   * Called after each full epoch with the epoch index (0-based) and the mean training loss of
   * that epoch's steps (those run in this call, after a resume), e.g. for evaluations.
   */
  onEpochEnd?(epoch: number, meanLoss: number): Promise<void> | void;
  /** Receives the pipeline's per-example statistics of every step. */
  onStats?(step: number, stats: Record<string, number[]>): void;
}

export interface TrainResult {
  status: 'completed' | 'cancelled';
  steps: number;
  totalSteps: number;
  /** Mean training loss of the last epoch's steps that ran. */
  finalLoss: number;
  seconds: number;
}

/** Steps of a run: whole batches only (the last partial batch of an epoch is dropped). */
export function stepsPerEpoch(numExamples: number, batchSize: number): number {
  return Math.floor(numExamples / batchSize);
}

function snapshot(model: Classifier, opt: SgdNesterov, step: number): TrainState {
  const weights: tf.NamedTensorMap = {};
  for (const [name, t] of Object.entries(model.getWeights())) weights[name] = tf.clone(t);
  return { step, weights, optimizer: opt.getState() };
}

/** Frees the tensors of a state returned by the trainer. */
export function disposeTrainState(state: TrainState): void {
  tf.dispose([...Object.values(state.weights), ...Object.values(state.optimizer)]);
}

/**
 * The outer minimisation of the paper: SGD with Nesterov momentum and global weight decay,
 * linear warm-up then cosine decay to 0, linear LR scaling with the batch size, over `epochs`
 * passes of `train` in a seeded order; each batch goes through `augment` (pad-crop-flip, AdA,
 * AugMix, ...) before the loss.
 *
 * Determinism: every random draw of step s depends only on (seed, s), and the state saved at a
 * checkpoint (weights, running statistics, momentum, step) is complete, so `resume` continues
 * to the same weights as an uninterrupted run.
 */
export async function trainClassifier(options: TrainOptions): Promise<TrainResult> {
  const { model, train, batchSize, epochs, seed } = options;
  const n = train.shape[0];
  const perEpoch = stepsPerEpoch(n, batchSize);
  if (!(Number.isInteger(batchSize) && batchSize > 0)) {
    throw new RangeError(`Argument 'batchSize' must be a positive integer, got ${batchSize}`);
  }
  if (perEpoch === 0) {
    throw new RangeError(
      `Argument 'batchSize' (${batchSize}) exceeds the training set size (${n})`,
    );
  }
  if (!(Number.isInteger(epochs) && epochs > 0)) {
    throw new RangeError(`Argument 'epochs' must be a positive integer, got ${epochs}`);
  }
  const totalSteps = perEpoch * epochs;
  const schedule = {
    peakLr: scaledLearningRate(options.baseLr, batchSize),
    totalSteps,
    warmupSteps: Math.min(totalSteps, Math.round(options.warmupEpochs * perEpoch)),
  };
  const optimizer = new SgdNesterov(options.sgd);
  const augment: TrainAugment = options.augment ?? ((b) => ({ views: [tf.clone(b.images)] }));
  const lossFn: TrainLoss = options.loss ?? ((logits, labels) => crossEntropy(logits[0]!, labels));

  let step = 0;
  if (options.resume) {
    step = options.resume.step;
    if (step > totalSteps) {
      throw new RangeError(`Resume step ${step} is past the run's ${totalSteps} steps`);
    }
    model.setWeights(options.resume.weights);
    optimizer.setState(options.resume.optimizer);
  }

  // Trainable parameters under their stable names (the momentum buffers' keys).
  const trainable = new Set(model.trainableVariables);
  const params = Object.entries(model.getWeights())
    .filter(([, t]) => trainable.has(t as tf.Variable))
    .map(([name, t]) => ({ name, variable: t as tf.Variable }));
  if (params.length !== trainable.size) {
    throw new Error(
      `model.getWeights() names ${params.length} of the ${trainable.size} trainable variables; every trainable variable needs a stable name`,
    );
  }

  const started = Date.now();
  const startStep = step;
  let order = epochOrder(n, seed, Math.floor(step / perEpoch));
  let orderEpoch = Math.floor(step / perEpoch);
  let lossSum = 0;
  let lossCount = 0;
  let status: TrainResult['status'] = 'completed';
  try {
    while (step < totalSteps) {
      const epoch = Math.floor(step / perEpoch);
      if (epoch !== orderEpoch) {
        order = epochOrder(n, seed, epoch);
        orderEpoch = epoch;
        lossSum = 0;
        lossCount = 0;
      }
      const offset = (step % perEpoch) * batchSize;
      const indices = Array.from(order.subarray(offset, offset + batchSize));
      const { images, labels } = gatherBatch(train, indices);
      const lr = cosineWithWarmup(step, schedule);
      let lossValue: number;
      try {
        const { views, stats } = await augment({
          images,
          labels,
          indices,
          step,
          epoch,
          seed: stepSeed(seed, step),
          model,
        });
        try {
          const { value, grads } = tf.variableGrads(
            () => {
              const input = views.length === 1 ? views[0]! : tf.concat(views, 0);
              const logits = model.apply(input, { training: true });
              const parts = views.length === 1 ? [logits] : tf.split(logits, views.length, 0);
              return lossFn(parts as tf.Tensor2D[], labels);
            },
            params.map((p) => p.variable),
          );
          optimizer.step(
            params.map((p) => ({ ...p, grad: grads[p.variable.name] })),
            lr,
          );
          lossValue = (await value.data())[0]!;
          tf.dispose([value, ...Object.values(grads)]);
        } finally {
          tf.dispose(views);
        }
        if (stats) options.onStats?.(step, stats);
      } finally {
        tf.dispose([images, labels]);
      }
      if (!Number.isFinite(lossValue)) {
        throw new Error(`Training diverged at step ${step}: loss is ${lossValue} (lr ${lr})`);
      }
      step++;
      lossSum += lossValue;
      lossCount++;
      const elapsed = (Date.now() - started) / 1000;
      const rate = ((step - startStep) * batchSize) / Math.max(elapsed, 1e-9);
      options.onProgress?.({
        step,
        totalSteps,
        epoch,
        loss: lossValue,
        lr,
        imagesPerSecond: rate,
        etaSeconds: ((totalSteps - step) * batchSize) / Math.max(rate, 1e-9),
      });
      // Let pending signal handlers (Ctrl-C) run: awaiting tfjs results resolves as microtasks,
      // which never yield to the event loop, so without this a SIGINT waited for the epoch's end.
      await new Promise<void>((resolve) => setImmediate(resolve));
      const cancelled = options.signal?.aborted === true;
      const ckpt = options.checkpoint;
      if (ckpt && (step % ckpt.every === 0 || step === totalSteps || cancelled)) {
        const state = snapshot(model, optimizer, step);
        try {
          await ckpt.save(state);
        } finally {
          disposeTrainState(state);
        }
      }
      if (step % perEpoch === 0) await options.onEpochEnd?.(epoch, lossSum / lossCount);
      if (cancelled && step < totalSteps) {
        status = 'cancelled';
        break;
      }
    }
  } finally {
    optimizer.dispose();
  }
  return {
    status,
    steps: step,
    totalSteps,
    finalLoss: lossCount > 0 ? lossSum / lossCount : NaN,
    seconds: (Date.now() - started) / 1000,
  };
}
