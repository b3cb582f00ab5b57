import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToyCorruptionNetwork } from '@ada/ada/testing';
import { makeDemoDataset } from '@ada/data';
import { ssim } from '@ada/metrics';
import { createClassifier, type Classifier, type CorruptionNetwork } from '@ada/models';
import { initBackend } from '@ada/tensor';
import { gatherBatch } from './batches.ts';
import { buildSetupPipeline } from './pipeline.ts';
import {
  presetConfig,
  trainScheduleFrom,
  type AdaRunConfig,
  type ExperimentConfig,
} from './presets.ts';
import { parseSetup } from './setups.ts';
import { trainClassifier } from './train_loop.ts';

let model: Classifier;
let net: CorruptionNetwork;
beforeAll(async () => {
  await initBackend({ log: false });
  model = createClassifier('resnet18-w0.125', { numClasses: 10, seed: 1 });
  net = createToyCorruptionNetwork({ hidden: 4, seed: 2 });
});
afterAll(() => {
  model.dispose();
  net.dispose();
});

describe('buildSetupPipeline: AdA on a fraction of the batch', () => {
  it('corrupts the first half in place, keeps the rest as the nominal pipeline made it', async () => {
    const config = presetConfig('quick');
    config.ada = { ...config.ada, fraction: 0.5, steps: 1, nu: 0.05 };
    const train = makeDemoDataset({ split: 'train', size: 8, seed: 0 });
    const indices = [3, 1, 7, 0, 6, 2, 5, 4];
    const { images, labels } = gatherBatch(train, indices);
    const batch = { images, labels, indices, step: 0, epoch: 0, seed: 0, model };
    const nominal = buildSetupPipeline(parseSetup('nominal'), config, 0, { model });
    const ada = buildSetupPipeline(parseSetup('ada'), config, 0, { model, adaNetwork: net });
    const before = tf.memory().numTensors;
    const fromNominal = await nominal.augment(batch);
    const fromAda = await ada.augment(batch);
    const [clean] = fromNominal.views;
    const [mixed] = fromAda.views;
    // The SSIM of each AdA image goes out as the step's stats (what the run core records).
    expect(fromNominal.stats).toBeUndefined();
    const stepSsim = fromAda.stats?.['ssim'];
    expect(stepSsim).toHaveLength(4);
    expect(mixed!.shape).toEqual([8, 32, 32, 3]);
    // The untouched half: bit-identical to the nominal pipeline (same pad-crop-flip seeds).
    const tailClean = tf.slice(clean!, [4, 0, 0, 0], [4, -1, -1, -1]);
    const tailMixed = tf.slice(mixed!, [4, 0, 0, 0], [4, -1, -1, -1]);
    expect(Array.from(tailMixed.dataSync())).toEqual(Array.from(tailClean.dataSync()));
    // The corrupted half: changed, and each image is still closest to its own clean image (the
    // labels of the batch stay valid for it).
    for (let i = 0; i < 4; i++) {
      const own = tf.slice(mixed!, [i, 0, 0, 0], [1, -1, -1, -1]) as tf.Tensor4D;
      const scores = Array.from({ length: 8 }, (_, j) => {
        const c = tf.slice(clean!, [j, 0, 0, 0], [1, -1, -1, -1]) as tf.Tensor4D;
        const s = ssim(own, c);
        const v = s.dataSync()[0]!;
        tf.dispose([c, s]);
        return v;
      });
      expect(scores.indexOf(Math.max(...scores))).toBe(i);
      expect(stepSsim![i]).toBeCloseTo(scores[i]!, 3);
      expect(scores[i]).toBeLessThan(0.9999);
      own.dispose();
    }
    tf.dispose([tailClean, tailMixed, clean!, mixed!]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([images, labels]);
  });

  it("config.ada.residual reaches the augmenter: with a tiny radius the AdA half stays the nominal pipeline's images", async () => {
    const config = presetConfig('quick');
    config.ada = { ...config.ada, fraction: 0.5, steps: 1, nu: 1e-7 };
    const train = makeDemoDataset({ split: 'train', size: 4, seed: 1 });
    const { images, labels } = gatherBatch(train, [0, 1, 2, 3]);
    const batch = { images, labels, indices: [0, 1, 2, 3], step: 0, epoch: 0, seed: 0, model };
    const [clean] = (
      await buildSetupPipeline(parseSetup('nominal'), config, 0, { model }).augment(batch)
    ).views;
    const run = async (residual: boolean): Promise<number> => {
      config.ada = { ...config.ada, residual };
      const p = buildSetupPipeline(parseSetup('ada'), config, 0, { model, adaNetwork: net });
      const [out] = (await p.augment(batch)).views;
      const d = tf.tidy(() => tf.max(tf.abs(tf.sub(out!, clean!))).dataSync()[0]!);
      out!.dispose();
      return d;
    };
    expect(await run(false)).toBeGreaterThan(1e-3); // the toy network's own gap
    expect(await run(true)).toBeLessThan(1e-4);
    tf.dispose([clean!, images, labels]);
  });
});

describe('buildSetupPipeline: the controls of issue item 3 (warm start, permuted attack labels)', () => {
  // 8 demo images, batch 4: 2 steps per epoch, 3 epochs; AdA (1 step, toy network) on every image.
  const train = makeDemoDataset({ split: 'train', size: 8, seed: 0 });
  const configWith = (ada: Partial<AdaRunConfig>): ExperimentConfig => {
    const config = presetConfig('quick');
    config.train = { ...config.train, batchSize: 4, epochs: 3 };
    config.ada = { ...config.ada, steps: 1, nu: 0.05, fraction: 1, ...ada };
    return config;
  };

  /** Trains 3 epochs; counts AdA calls per epoch and records the labels the loss was given. */
  const trainWith = async (ada: Partial<AdaRunConfig>) => {
    const config = configWith(ada);
    const m = createClassifier('resnet18-w0.125', { numClasses: 10, seed: 1 });
    const adaCalls = [0, 0, 0];
    const lossLabels: number[][] = [];
    const trueLabels: number[][] = [];
    let epoch = -1;
    const pipe = buildSetupPipeline(parseSetup('ada'), config, 0, {
      model: m,
      adaNetwork: net,
      onAdaStats: () => void adaCalls[epoch]!++,
    });
    const result = await trainClassifier({
      model: m,
      train,
      ...trainScheduleFrom(config),
      seed: 0,
      augment: (batch) => {
        epoch = batch.epoch;
        trueLabels.push(batch.indices.map((i) => train.labels[i]!));
        return pipe.augment(batch);
      },
      loss: (logits, labels) => {
        lossLabels.push(Array.from(labels.dataSync()));
        return pipe.loss(logits, labels);
      },
    });
    m.dispose();
    expect(result.steps).toBe(6);
    return { adaCalls, lossLabels, trueLabels };
  };

  it('warmupEpochs 2 of 3: no AdA call in epochs 1-2, one per step in epoch 3', async () => {
    const before = tf.memory().numTensors;
    expect((await trainWith({ warmupEpochs: 2 })).adaCalls).toEqual([0, 0, 2]);
    expect((await trainWith({})).adaCalls).toEqual([2, 2, 2]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it("a warm-up epoch's batch is the nominal pipeline's, bit for bit; after it, AdA's", async () => {
    const config = configWith({ warmupEpochs: 1 });
    const { images, labels } = gatherBatch(train, [5, 2, 7, 0]);
    const batch = { images, labels, indices: [5, 2, 7, 0], step: 0, epoch: 0, seed: 0, model };
    const ada = buildSetupPipeline(parseSetup('ada'), config, 0, { model, adaNetwork: net });
    const [clean] = (
      await buildSetupPipeline(parseSetup('nominal'), config, 0, { model }).augment(batch)
    ).views;
    const [warm] = (await ada.augment(batch)).views;
    const [after] = (await ada.augment({ ...batch, step: 2, epoch: 1 })).views;
    expect(Array.from(warm!.dataSync())).toEqual(Array.from(clean!.dataSync()));
    expect(Array.from(after!.dataSync())).not.toEqual(Array.from(clean!.dataSync()));
    tf.dispose([clean!, warm!, after!, images, labels]);
  });

  it('rejects a warm-up that covers every epoch (nominal training under the name of AdA)', () => {
    expect(() =>
      buildSetupPipeline(parseSetup('ada'), configWith({ warmupEpochs: 3 }), 0, {
        model,
        adaNetwork: net,
      }),
    ).toThrow(/config\.ada\.warmupEpochs must be an integer in \[0, train\.epochs = 3\), got 3/);
    // A nominal setup ignores the AdA settings.
    expect(() =>
      buildSetupPipeline(parseSetup('nominal'), configWith({ warmupEpochs: 3 }), 0, { model }),
    ).not.toThrow();
  });

  it("attackLabels 'permuted' changes the AdA images; the loss still gets the true labels", async () => {
    const { images, labels } = gatherBatch(train, [5, 2, 7, 0]);
    const batch = { images, labels, indices: [5, 2, 7, 0], step: 0, epoch: 0, seed: 0, model };
    const out = async (attackLabels: 'true' | 'permuted'): Promise<Float32Array> => {
      const p = buildSetupPipeline(parseSetup('ada'), configWith({ attackLabels }), 0, {
        model,
        adaNetwork: net,
      });
      const [v] = (await p.augment(batch)).views;
      const data = v!.dataSync() as Float32Array;
      v!.dispose();
      return data;
    };
    expect(Array.from(await out('permuted'))).not.toEqual(Array.from(await out('true')));
    tf.dispose([images, labels]);
    const run = await trainWith({ attackLabels: 'permuted' });
    expect(run.lossLabels).toEqual(run.trueLabels);
    expect(run.adaCalls).toEqual([2, 2, 2]);
  });
});
