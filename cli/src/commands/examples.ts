import { writeFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor4D } from '@tensorflow/tfjs-core';
import type { Command } from 'commander';
import { AdaAugmenter, type ClassifierFn } from '@ada/ada';
import { augmix, batchSeeds, deepAugmentBatch, padCropFlip, STREAMS } from '@ada/augment';
import { writeImageGrid } from '@ada/data';
import { ssim } from '@ada/metrics';
import { initBackend } from '@ada/tensor';
import {
  addAdaInputOptions,
  loadClassifierFn,
  loadImages,
  readImageInputs,
  loadNetwork,
  parseCount,
  parseStepRule,
  type AdaToolOptions,
} from '../util/ada_inputs.ts';
import { checkOutputFile } from '../util/cli_files.ts';

interface ExamplesOptions extends AdaToolOptions {
  augment: string;
  out: string;
  amplify: string;
  nu: string;
  steps: string;
  stepRule: string;
}

/** What an augmentation case gets: clean images [N, 32, 32, 3] in [0, 1], labels, the options. */
export interface ExampleContext {
  images: Tensor4D;
  labels: number[];
  classifier: ClassifierFn;
  seed: number;
  options: ExamplesOptions;
}

/** One augmentation shown by `ada examples`: returns augmented images of the same shape. */
export type ExampleAugment = (ctx: ExampleContext) => Promise<Tensor4D>;

/**
 * The augmentations `ada examples --augment NAME` can show. To add one (AugMix, pad-crop-flip,
 * DeepAugment), add an entry here: a function from the clean batch to the augmented batch.
 */
export const EXAMPLE_AUGMENTS: Readonly<Record<string, ExampleAugment>> = {
  ada: async (ctx) => {
    const net = await loadNetwork(ctx.options.network, ctx.seed, ctx.options.networkWeights);
    try {
      const nu = Number(ctx.options.nu);
      if (!(nu >= 0)) throw new Error(`--nu must be a number >= 0, got '${ctx.options.nu}'`);
      const steps = parseCount('--steps', ctx.options.steps);
      const stepRule = parseStepRule('--step-rule', ctx.options.stepRule);
      const r = new AdaAugmenter(net).augment(
        ctx.images,
        ctx.labels,
        ctx.classifier,
        { nu, steps, stepRule },
        ctx.seed,
      );
      return r.images;
    } finally {
      net.dispose();
    }
  },
  'pad-crop-flip': async (ctx) =>
    padCropFlip(ctx.images, batchSeeds(ctx.seed, 0, ctx.labels.length, STREAMS.padCropFlip)),
  augmix: async (ctx) =>
    augmix(ctx.images, batchSeeds(ctx.seed, 0, ctx.labels.length, STREAMS.augmix)),
  // Every row through its own randomly perturbed instance of --network.
  deepaugment: async (ctx) => {
    const net = await loadNetwork(ctx.options.network, ctx.seed, ctx.options.networkWeights);
    try {
      return deepAugmentBatch([net], ctx.images, ctx.seed);
    } finally {
      net.dispose();
    }
  },
};

/**
 * `ada examples [--augment ada] [--out grid.png]`: the paper's Figure 1(a), a grid with one row
 * per image: clean, augmented (captioned with its SSIM to clean), and the difference amplified
 * (0.5 + amplify * (augmented - clean), clipped to [0, 1]).
 */
export function register(program: Command): void {
  addAdaInputOptions(program.command('examples'), '8')
    .description('grid PNG of clean / augmented / amplified-difference triplets (Figure 1a)')
    .option('--augment <name>', `augmentation: ${Object.keys(EXAMPLE_AUGMENTS).join(' | ')}`, 'ada')
    .option('--out <file>', 'output PNG', 'examples.png')
    .option('--amplify <factor>', 'difference amplification', '10')
    .option('--nu <nu>', 'ada: relative radius', '0.015')
    .option('--steps <n>', 'ada: FGSM steps', '10')
    .option('--step-rule <rule>', "ada: FGSM step, sign (the paper's) or l2-block", 'sign')
    .action(async (o: ExamplesOptions) => {
      const augment = EXAMPLE_AUGMENTS[o.augment];
      if (!augment) {
        throw new Error(
          `--augment must be one of ${Object.keys(EXAMPLE_AUGMENTS).join(', ')}, got '${o.augment}'`,
        );
      }
      const amplify = Number(o.amplify);
      if (!(amplify > 0)) throw new Error(`--amplify must be a number > 0, got '${o.amplify}'`);
      const seed = parseCount('--seed', o.seed);
      // Inputs and the output are checked before the backend starts and any image is computed.
      const inputs = await readImageInputs(o);
      await checkOutputFile(o.out, '--out');
      await initBackend();
      const clf = await loadClassifierFn(o);
      const data = await loadImages(inputs, clf.fn);
      let out: Tensor4D | undefined;
      try {
        out = await augment({
          images: data.images,
          labels: data.labels,
          classifier: clf.fn,
          seed,
          options: o,
        });
        const { cells, similarity } = tf.tidy(() => {
          const x = data.images;
          const diff = tf.clipByValue(tf.add(0.5, tf.mul(amplify, tf.sub(out!, x))), 0, 1);
          // [N, 3, H, W, C] -> rows of (clean, augmented, difference)
          const stacked = tf.stack([x, out!, diff], 1);
          const [n, , h, w, c] = stacked.shape;
          return {
            cells: tf.keep(tf.reshape(stacked, [n * 3, h, w, c])),
            similarity: ssim(x, out!).dataSync(),
          };
        });
        const n = data.labels.length;
        const captions = Array.from({ length: n }, (_, i) => [
          'clean',
          `${o.augment} ${similarity[i]!.toFixed(3)}`,
          `diff x${amplify}`,
        ]).flat();
        const png = writeImageGrid(
          { data: cells.dataSync() as Float32Array, shape: cells.shape },
          n,
          3,
          {
            scale: 3,
            labels: captions,
          },
        );
        cells.dispose();
        await writeFile(o.out, png);
        const mean = Array.from(similarity).reduce((s, v) => s + v, 0) / n;
        process.stdout.write(
          `wrote ${o.out}: ${n} rows (clean | ${o.augment} | diff x${amplify}), mean SSIM ${mean.toFixed(4)}\n`,
        );
      } finally {
        out?.dispose();
        data.images.dispose();
        clf.dispose();
      }
    });
}
