import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '@ada/tensor';
import { createClassifier, type Classifier } from '@ada/models';
import type { Dataset } from '@ada/data';
import { PAPER_SGD } from './optimizer/sgd_nesterov.ts';
import {
  disposeTrainState,
  trainClassifier,
  type TrainOptions,
  type TrainState,
} from './train_loop.ts';

beforeAll(async () => {
  await initBackend({ log: false });
});

/** 48 images 16x16 of 4 classes: the class sets which channel is bright, plus noise. */
function toyDataset(): Dataset {
  const n = 48;
  const size = 16 * 16 * 3;
  const images = new Uint8Array(n * size);
  const labels = new Uint8Array(n);
  let s = 12345;
  const rand = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
  for (let i = 0; i < n; i++) {
    const y = i % 4;
    labels[i] = y;
    for (let p = 0; p < 16 * 16; p++) {
      for (let c = 0; c < 3; c++) {
        const bright = y === 3 ? 0.5 : c === y ? 0.8 : 0.2;
        images[i * size + p * 3 + c] = Math.round(
          255 * Math.min(1, Math.max(0, bright + 0.3 * (rand() - 0.5))),
        );
      }
    }
  }
  return {
    name: 'toy',
    images,
    labels,
    shape: [n, 16, 16, 3],
    classNames: ['r', 'g', 'b', 'grey'],
  };
}

const makeModel = (seed: number): Classifier =>
  createClassifier('resnet18-w0.125', { numClasses: 4, seed });

function baseOptions(model: Classifier, train: Dataset): TrainOptions {
  return {
    model,
    train,
    batchSize: 8,
    epochs: 2,
    baseLr: 0.05,
    warmupEpochs: 0.5,
    sgd: PAPER_SGD,
    seed: 7,
  };
}

function copyWeights(model: Classifier): Record<string, Float32Array> {
  return Object.fromEntries(
    Object.entries(model.getWeights()).map(([k, v]) => [k, v.dataSync() as Float32Array]),
  );
}

describe('trainClassifier (pre-act ResNet-18 w0.125, 48 toy images 16x16, batch 8, 2 epochs)', () => {
  it('runs 12 steps and lowers the training loss', async () => {
    const model = makeModel(1);
    const losses: number[] = [];
    const epochEnds: [number, number][] = [];
    const res = await trainClassifier({
      ...baseOptions(model, toyDataset()),
      onProgress: (p) => losses.push(p.loss),
      onEpochEnd: (epoch, meanLoss) => {
        epochEnds.push([epoch, meanLoss]);
      },
    });
    expect(res).toMatchObject({ status: 'completed', steps: 12, totalSteps: 12 });
    // onEpochEnd gets each epoch's mean loss: steps 0-5, then 6-11.
    const mean = (a: number[]): number => a.reduce((x, y) => x + y, 0) / a.length;
    expect(epochEnds.map(([e]) => e)).toEqual([0, 1]);
    expect(epochEnds[0]![1]).toBeCloseTo(mean(losses.slice(0, 6)), 5);
    expect(epochEnds[1]![1]).toBeCloseTo(mean(losses.slice(6, 12)), 5);
    expect(res.finalLoss).toBeCloseTo(epochEnds[1]![1], 5);
    const first = (losses[0]! + losses[1]! + losses[2]!) / 3;
    const last = (losses[9]! + losses[10]! + losses[11]!) / 3;
    expect(last).toBeLessThan(first);
    model.dispose();
  });

  it('resumed after a cancel at step 5 ends with exactly the weights of an uninterrupted run', async () => {
    const train = toyDataset();
    const full = makeModel(1);
    await trainClassifier(baseOptions(full, train));
    const expected = copyWeights(full);
    full.dispose();

    const interrupted = makeModel(1);
    const controller = new AbortController();
    let saved: TrainState | undefined;
    const res = await trainClassifier({
      ...baseOptions(interrupted, train),
      signal: controller.signal,
      onProgress: (p) => {
        if (p.step === 5) controller.abort();
      },
      checkpoint: {
        every: 100,
        save: async (state) => {
          if (saved) disposeTrainState(saved);
          saved = {
            step: state.step,
            weights: Object.fromEntries(
              Object.entries(state.weights).map(([k, v]) => [k, tf.clone(v)]),
            ),
            optimizer: Object.fromEntries(
              Object.entries(state.optimizer).map(([k, v]) => [k, tf.clone(v)]),
            ),
          };
        },
      },
    });
    expect(res).toMatchObject({ status: 'cancelled', steps: 5 });
    expect(saved?.step).toBe(5);
    interrupted.dispose();

    const resumed = makeModel(99); // a different initialisation: everything must come from the checkpoint
    const res2 = await trainClassifier({ ...baseOptions(resumed, train), resume: saved! });
    expect(res2).toMatchObject({ status: 'completed', steps: 12 });
    const got = copyWeights(resumed);
    expect(Object.keys(got).sort()).toEqual(Object.keys(expected).sort());
    for (const k of Object.keys(expected))
      expect(Array.from(got[k]!)).toEqual(Array.from(expected[k]!));
    disposeTrainState(saved!);
    resumed.dispose();
  });

  it('leaves tf.memory().numTensors unchanged', async () => {
    const model = makeModel(3);
    const before = tf.memory().numTensors;
    await trainClassifier(baseOptions(model, toyDataset()));
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('rejects a batch larger than the training set, naming the argument', async () => {
    const model = makeModel(4);
    await expect(
      trainClassifier({ ...baseOptions(model, toyDataset()), batchSize: 64 }),
    ).rejects.toThrow(/Argument 'batchSize' \(64\) exceeds the training set size \(48\)/);
    model.dispose();
  });
});
