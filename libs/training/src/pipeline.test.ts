import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToyCorruptionNetwork } from '@ada/ada/testing';
import { makeDemoDataset } from '@ada/data';
import { ssim } from '@ada/metrics';
import { createClassifier, type Classifier, type CorruptionNetwork } from '@ada/models';
import { initBackend } from '@ada/tensor';
import { gatherBatch } from './batches.ts';
import { buildSetupPipeline } from './pipeline.ts';
import { presetConfig } from './presets.ts';
import { parseSetup } from './setups.ts';

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
    const batch = { images, labels, indices, step: 0, seed: 0, model };
    const nominal = buildSetupPipeline(parseSetup('nominal'), config, 0, { model });
    const ada = buildSetupPipeline(parseSetup('ada'), config, 0, { model, adaNetwork: net });
    const before = tf.memory().numTensors;
    const [clean] = (await nominal.augment(batch)).views;
    const [mixed] = (await ada.augment(batch)).views;
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
    const batch = { images, labels, indices: [0, 1, 2, 3], step: 0, seed: 0, model };
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
