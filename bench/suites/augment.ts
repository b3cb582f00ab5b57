import {
  augmix,
  augmixLoss,
  batchSeeds,
  composePipeline,
  groupInstance,
  padCropFlip,
  STREAMS,
} from '@ada/augment';
import { DEFAULT_CORRUPTION_NETWORK, loadUpscalerNetwork } from '@ada/models';
import type { UpscalerModelName } from '@ada/models';
import * as tf from '@tensorflow/tfjs-core';
import type { BenchRow, BenchSuite } from '../types.ts';

const imagesPerSecond = (batch: number, ms: number): string =>
  `${((batch * 1000) / ms).toFixed(batch * 1000 > ms * 100 ? 0 : 1)} images/s`;

/**
 * Throughput of each augmentation stage on CIFAR-sized batches (32x32x3 float32): pad-crop-flip,
 * AugMix (one view, JavaScript ops on the CPU whatever the backend), the JSD loss, the
 * pipeline pad-crop-flip -> AugMix with 2 views, and DeepAugment (one perturbed instance of
 * the default corruption network, weight edits plus forward). Rows give ms per batch and
 * images/s in the note.
 */
export const augmentSuite: BenchSuite = {
  name: 'augment',
  async run(ctx) {
    const rows: BenchRow[] = [];
    const b = ctx.quick ? 32 : 256;
    const opts = ctx.quick ? { warmup: 1, reps: 1 } : { warmup: 1, reps: 3 };
    const x = tf.randomUniform([b, 32, 32, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
    const seeds = batchSeeds(1, 0, b, STREAMS.padCropFlip);
    const add = (name: string, batch: number, ms: number, note = ''): void => {
      rows.push({ case: name, forwardMs: ms, note: `${imagesPerSecond(batch, ms)}${note}` });
    };
    try {
      add(`pad-crop-flip b${b}`, b, await ctx.time(() => padCropFlip(x, seeds), opts));
      add(`augmix (width 3, severity 3) b${b}`, b, await ctx.time(() => augmix(x, seeds), opts));
      const logits = [0, 1, 2].map(
        (k) => tf.randomNormal([b, 10], 0, 1, 'float32', k) as tf.Tensor2D,
      );
      const labels = tf.tensor1d(
        Array.from({ length: b }, (_, i) => i % 10),
        'int32',
      );
      add(
        `augmix JSD loss (3 views, 10 classes) b${b}`,
        b,
        await ctx.time(() => augmixLoss(logits[0]!, logits.slice(1), labels), opts),
      );
      tf.dispose([...logits, labels]);
      const run = composePipeline({ seed: 1, augmix: { views: 2 } });
      const indices = Array.from({ length: b }, (_, i) => i);
      const yLabels = tf.zeros([b], 'int32') as tf.Tensor1D;
      add(
        `pipeline pad-crop-flip -> augmix x2 views b${b}`,
        b,
        await ctx.time(() => {
          const out = run({ images: x, labels: yLabels, indices });
          return [out.images, ...out.augmixViews];
        }, opts),
      );
      yLabels.dispose();

      const netName = DEFAULT_CORRUPTION_NETWORK as UpscalerModelName;
      const net = await loadUpscalerNetwork(netName);
      try {
        const db = ctx.quick ? 4 : 32;
        const xd = tf.slice(x, [0, 0, 0, 0], [db, 32, 32, 3]) as tf.Tensor4D;
        let group = 0;
        const ms = await ctx.time(() => {
          const inst = groupInstance([net], 1, group++);
          return tf.clipByValue(net.apply(xd, inst.params), 0, 1);
        }, opts);
        add(
          `deepaugment ${netName} (perturb + forward) b${db}`,
          db,
          ms,
          ', one network instance per batch',
        );
        xd.dispose();
      } finally {
        net.dispose();
      }
    } finally {
      x.dispose();
    }
    return rows;
  },
};
