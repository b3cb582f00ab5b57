/**
 * Sanity check of AdA training: fine-tune a trained classifier for a few steps on AdA images of
 * every training image (or on clean images, the control) and measure its accuracy on clean test
 * images and under AdA's own 1-step attack, before and after. Adversarial training should raise
 * the second number; see the README's claim section for what it measured.
 *
 * ```sh
 * npx tsx bench/diagnostics/ada_finetune.ts --store RUN_DIR/nominal/seed-0/checkpoint \
 *   --checkpoint step-1560 --mode ada --steps 30 --offsets shared [--lr 0.005] [--residual]
 * ```
 *
 * `--residual`: AdA images x + c_(phi+beta)(x) - c_phi(x), in training and in the attack.
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { AdaAugmenter, type OffsetMode } from '@ada/ada';
import { makeDemoDataset } from '@ada/data';
import { fileCheckpointStore, loadClassifier, loadCorruptionNetwork } from '@ada/models';
import { initBackend } from '@ada/tensor';
import {
  buildSetupPipeline,
  parseSetup,
  PAPER_SGD,
  presetConfig,
  trainClassifier,
} from '@ada/training';

const { values: o } = parseArgs({
  options: {
    store: { type: 'string' },
    checkpoint: { type: 'string' },
    mode: { type: 'string', default: 'ada' },
    steps: { type: 'string', default: '30' },
    batch: { type: 'string', default: '32' },
    lr: { type: 'string', default: '0.02' },
    offsets: { type: 'string', default: 'shared' },
    nu: { type: 'string', default: '0.015' },
    n: { type: 'string', default: '128' },
    residual: { type: 'boolean', default: false },
  },
});
if (!o.store || !o.checkpoint) throw new Error('--store DIR and --checkpoint KEY are required');
if (o.mode !== 'ada' && o.mode !== 'nominal') throw new Error('--mode must be ada or nominal');
if (o.offsets !== 'shared' && o.offsets !== 'per-example') {
  throw new Error('--offsets must be shared or per-example');
}
const steps = Number(o.steps);
const batch = Number(o.batch);
const nu = Number(o.nu);
const n = Number(o.n);

await initBackend({ log: false });
const { classifier: model } = await loadClassifier(fileCheckpointStore(o.store), o.checkpoint);
const net = await loadCorruptionNetwork('rdn-slim-x2');
const test = makeDemoDataset({ split: 'test', size: n, seed: 0 });
const x = tf.tensor4d(
  Float32Array.from(test.images, (v) => v / 255),
  [n, 32, 32, 3],
);
const ada = new AdaAugmenter(net);
const classify = (t: tf.Tensor4D): tf.Tensor2D => model.apply(t, { training: false });

/** AdA images of the test set against the model as it is now (kept to measure transfer). */
function attackTestSet(): tf.Tensor4D[] {
  const out: tf.Tensor4D[] = [];
  for (let s = 0; s < n; s += 8) {
    const size = Math.min(8, n - s);
    const xb = tf.slice(x, [s, 0, 0, 0], [size, -1, -1, -1]) as tf.Tensor4D;
    const labels = Array.from(test.labels.subarray(s, s + size));
    out.push(
      ada.augment(
        xb,
        labels,
        classify,
        { nu, steps: 1, offsets: 'shared', residual: o.residual },
        s,
      ).images,
    );
    xb.dispose();
  }
  return out;
}

function accuracyOn(batches: readonly tf.Tensor4D[]): string {
  let ok = 0;
  batches.forEach((b, i) => {
    const pred = tf.tidy(() => tf.argMax(classify(b), 1).dataSync());
    ok += Array.from(test.labels.subarray(i * 8, i * 8 + b.shape[0])).filter(
      (y, j) => pred[j] === y,
    ).length;
  });
  return `${((100 * ok) / n).toFixed(1)}%`;
}

function accuracies(): string {
  const clean = tf.tidy(() => tf.argMax(classify(x), 1).dataSync());
  const cleanOk = test.labels.filter((y, i) => clean[i] === y).length;
  let adaOk = 0;
  for (let s = 0; s < n; s += 8) {
    const size = Math.min(8, n - s);
    const xb = tf.slice(x, [s, 0, 0, 0], [size, -1, -1, -1]) as tf.Tensor4D;
    const labels = Array.from(test.labels.subarray(s, s + size));
    const r = ada.augment(
      xb,
      labels,
      classify,
      { nu, steps: 1, offsets: 'shared', residual: o.residual },
      s,
    );
    const pred = tf.tidy(() => tf.argMax(classify(r.images), 1).dataSync());
    adaOk += labels.filter((y, i) => pred[i] === y).length;
    tf.dispose([xb, r.images]);
  }
  return `clean ${((100 * cleanOk) / n).toFixed(1)}%, under 1-step AdA (nu ${nu}) ${((100 * adaOk) / n).toFixed(1)}%`;
}

console.log(`before: ${accuracies()}`);
const fixed = attackTestSet();
const config = presetConfig('cpu-full');
config.ada = {
  ...config.ada,
  nu,
  fraction: 1,
  offsets: o.offsets as OffsetMode,
  residual: o.residual,
};
const train = makeDemoDataset({ split: 'train', size: steps * batch, seed: 0 });
const pipeline = buildSetupPipeline(parseSetup(o.mode), config, 0, { model, adaNetwork: net });
const t0 = Date.now();
await trainClassifier({
  model,
  train,
  batchSize: batch,
  epochs: 1,
  baseLr: Number(o.lr),
  warmupEpochs: 0,
  sgd: PAPER_SGD,
  seed: 5,
  ...pipeline,
});
console.log(
  `fine-tuned (${o.mode}${o.mode === 'ada' ? `, ${o.offsets} offsets${o.residual ? ', residual' : ''}` : ''}) for ${steps} steps of ${batch} in ${((Date.now() - t0) / 1000).toFixed(0)} s`,
);
console.log(`after: ${accuracies()}`);
console.log(
  `after, on the AdA images made against the model before fine-tuning (transfer): ${accuracyOn(fixed)}`,
);
