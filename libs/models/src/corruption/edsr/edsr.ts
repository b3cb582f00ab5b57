import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Tensor4D } from '@tensorflow/tfjs-core';
import { initConvParams } from '../init.ts';
import { areaDownscale } from '../ops/area_downscale.ts';
import { conv } from '../ops/conv.ts';
import { pixelShuffle } from '../ops/pixel_shuffle.ts';
import { checkImageBatch, checkParams } from '../per_example.ts';
import type { ApplyOptions, CorruptionNetwork, ParamBlock } from '../types.ts';

/** EDSR hyper-parameters (Lim et al. 2017). The baseline: 16 blocks, 64 features, scale 1.0, x2. */
export interface EdsrConfig {
  readonly numBlocks: number;
  readonly features: number;
  /** Multiplies each residual branch (the baseline uses 1; EDSR-large 0.1). */
  readonly resScale: number;
  /** 2, 3 or 4 (x4 = two x2 pixel-shuffle stages, as in the official code). */
  readonly scale: 2 | 3 | 4;
  /** Pixel range the network works in (`rgb_range` of the official code). Default 255. */
  readonly rgbRange: number;
  /** RGB mean subtracted before and added after the network (DIV2K, official values). */
  readonly rgbMean: readonly [number, number, number];
}

export const EDSR_BASELINE: EdsrConfig = {
  numBlocks: 16,
  features: 64,
  resScale: 1,
  scale: 2,
  rgbRange: 255,
  rgbMean: [0.4488, 0.4371, 0.404],
};

/** The parameter blocks of EDSR in forward order (conv kernels [3, 3, Ci, Co] and biases). */
export function edsrBlocks(config: EdsrConfig): ParamBlock[] {
  const f = config.features;
  const blocks: ParamBlock[] = [];
  const conv3 = (name: string, cin: number, cout: number): void => {
    blocks.push({ name: `${name}/kernel`, kind: 'weight', shape: [3, 3, cin, cout] });
    blocks.push({ name: `${name}/bias`, kind: 'bias', shape: [cout] });
  };
  conv3('head', 3, f);
  for (let i = 0; i < config.numBlocks; i++) {
    conv3(`body${i}/conv1`, f, f);
    conv3(`body${i}/conv2`, f, f);
  }
  conv3('body_end', f, f);
  upsamplerStages(config.scale).forEach((s, i) => conv3(`upsample${i}`, f, s * s * f));
  conv3('tail', f, 3);
  return blocks;
}

function upsamplerStages(scale: number): number[] {
  if (scale === 2) return [2];
  if (scale === 3) return [3];
  if (scale === 4) return [2, 2];
  throw new Error(`Argument 'config.scale' passed to 'createEdsr' must be 2, 3 or 4, got ${scale}`);
}

/**
 * EDSR (Lim et al. 2017, "Enhanced deep residual networks for single image super-resolution")
 * as a functional `CorruptionNetwork`, laid out like the official PyTorch code
 * (`src/model/edsr.py`): x in [0, 1] times `rgbRange`, minus the RGB mean -> head conv 3x3 ->
 * `numBlocks` residual blocks (conv-ReLU-conv, times `resScale`, plus input) -> conv 3x3, plus
 * the head output -> upsampler (conv to s^2 F channels, pixel shuffle) -> conv to RGB -> plus
 * the mean, divided by `rgbRange`. The mean shifts are fixed (not parameters). 32x32 comes back
 * to 32x32 by averaging s x s blocks of the super-resolved image (`sr-then-area`, the variant
 * closest to the identity for the pretrained SR networks). Output not clipped.
 *
 * Parameters: PyTorch's default conv initialisation from `seed`, unless `params` (e.g. from
 * `loadEdsrWeights`, the converted official weights) are given.
 *
 * ```ts
 * const net = createEdsr(); // baseline, random
 * const y = net.apply(x, net.params); // x [B, 32, 32, 3] -> [B, 32, 32, 3]
 * ```
 */
export function createEdsr(
  config: EdsrConfig = EDSR_BASELINE,
  options: { seed?: number; params?: readonly Tensor[]; name?: string } = {},
): CorruptionNetwork & {
  readonly config: EdsrConfig;
  superResolve(x: Tensor4D, params: readonly Tensor[]): Tensor4D;
} {
  if (!Number.isInteger(config.numBlocks) || config.numBlocks < 0) {
    throw new Error(
      `Argument 'config.numBlocks' passed to 'createEdsr' must be an integer >= 0, got ${config.numBlocks}`,
    );
  }
  if (!Number.isInteger(config.features) || config.features < 1) {
    throw new Error(
      `Argument 'config.features' passed to 'createEdsr' must be a positive integer, got ${config.features}`,
    );
  }
  const stages = upsamplerStages(config.scale);
  const blocks = edsrBlocks(config);
  const name = options.name ?? 'edsr';
  const params = options.params ? [...options.params] : initConvParams(blocks, options.seed ?? 0);
  checkParams('createEdsr', blocks, params, false, 0);
  const mean = tf.keep(tf.mul(tf.tensor1d([...config.rgbMean]), config.rgbRange));
  let disposed = false;

  const run = (x: Tensor4D, p: readonly Tensor[], perExample: boolean): Tensor4D =>
    tf.tidy(() => {
      let i = 0;
      const c = (h: Tensor4D): Tensor4D => {
        const k = p[i++] as Tensor;
        return conv(h, k, p[i++] as Tensor, { perExample });
      };
      const head = c(tf.sub(tf.mul(x, config.rgbRange), mean));
      let h = head;
      for (let b = 0; b < config.numBlocks; b++) {
        const r = c(tf.relu(c(h)));
        h = tf.add(config.resScale === 1 ? r : tf.mul(r, config.resScale), h);
      }
      h = tf.add(c(h), head);
      for (const s of stages) h = pixelShuffle(c(h), s);
      return tf.div(tf.add(c(h), mean), config.rgbRange);
    });

  return {
    name,
    config,
    blocks,
    params,
    superResolve: (x: Tensor4D, p: readonly Tensor[]): Tensor4D => run(x, p, false),
    apply(x: Tensor4D, p: readonly Tensor[], applyOptions: ApplyOptions = {}): Tensor4D {
      checkImageBatch(name, disposed, x);
      const perExample = applyOptions.perExample === true;
      checkParams(`${name}.apply`, blocks, p, perExample, x.shape[0]);
      return tf.tidy(() => areaDownscale(run(x, p, perExample), config.scale));
    },
    dispose(): void {
      if (disposed) return;
      disposed = true;
      tf.dispose(params);
      mean.dispose();
    },
  };
}
