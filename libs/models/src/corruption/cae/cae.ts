import * as tf from '@tensorflow/tfjs-core';
import type { GradSaveFunc, Tensor, Tensor4D } from '@tensorflow/tfjs-core';
import { initConvParams } from '../init.ts';
import { conv } from '../ops/conv.ts';
import { pixelShuffle } from '../ops/pixel_shuffle.ts';
import { checkParams } from '../per_example.ts';
import type { ApplyOptions, CorruptionNetwork, ParamBlock } from '../types.ts';

/** Hyper-parameters of the compressive autoencoder (Theis et al. 2017, Fig. 2: 3, 128, 96). */
export interface CaeConfig {
  /** Residual blocks in the encoder and in the decoder. */
  readonly residualBlocks: number;
  /** Channels of the residual stages (the paper: 128; the first conv has half). */
  readonly features: number;
  /** Channels of the code before quantisation (the paper: 96). */
  readonly codeChannels: number;
}

export const CAE_DEFAULT: CaeConfig = { residualBlocks: 3, features: 128, codeChannels: 96 };

/** Slope of the leaky ReLUs between convs. */
const LEAK = 0.2;

/** The parameter blocks of the CAE in forward order. */
export function caeBlocks(config: CaeConfig): ParamBlock[] {
  const f = config.features;
  const half = Math.max(1, Math.floor(f / 2));
  const blocks: ParamBlock[] = [];
  const c = (name: string, k: number, cin: number, cout: number): void => {
    blocks.push({ name: `${name}/kernel`, kind: 'weight', shape: [k, k, cin, cout] });
    blocks.push({ name: `${name}/bias`, kind: 'bias', shape: [cout] });
  };
  c('enc/conv1', 5, 3, half);
  c('enc/conv2', 5, half, f);
  for (let k = 0; k < config.residualBlocks; k++) {
    c(`enc/res${k}/conv1`, 3, f, f);
    c(`enc/res${k}/conv2`, 3, f, f);
  }
  c('enc/conv3', 5, f, config.codeChannels);
  c('dec/sub1', 3, config.codeChannels, 4 * f);
  for (let k = 0; k < config.residualBlocks; k++) {
    c(`dec/res${k}/conv1`, 3, f, f);
    c(`dec/res${k}/conv2`, 3, f, f);
  }
  c('dec/sub2', 3, f, 4 * half);
  c('dec/sub3', 3, half, 12);
  return blocks;
}

/** Rounding with the identity as its gradient (the CAE's quantisation, Theis et al. Sec. 2.1). */
const roundStraightThrough = tf.customGrad((...args: Array<Tensor | GradSaveFunc>) => ({
  value: tf.round(args[0] as Tensor),
  gradFunc: (dy: Tensor) => dy,
})) as unknown as (x: Tensor4D) => Tensor4D;

/**
 * The compressive autoencoder of Theis et al. 2017 ("Lossy image compression with compressive
 * autoencoders", Fig. 2) as a functional `CorruptionNetwork`. x in [0, 1] is mapped to [-1, 1];
 * encoder: conv 5x5/2 (F/2) -> conv 5x5/2 (F) -> residual blocks (conv 3x3, leaky ReLU, conv
 * 3x3, plus input) -> conv 5x5/2 (code channels) -> rounding (identity gradient); decoder:
 * sub-pixel conv 3x3 (4F channels, pixel shuffle x2) -> residual blocks -> sub-pixel conv (F/2)
 * -> sub-pixel conv (3) -> back to [0, 1]. Leaky ReLU (slope 0.2) after every non-final conv;
 * zero padding of k // 2 on every side (as PyTorch's `padding=k//2`, so converted PyTorch weights
 * give the same outputs) instead of the paper's mirror padding, and no learned normalisation.
 * H and W must be multiples of 8; the output has x's shape and is not clipped.
 *
 * Parameters: PyTorch's default conv initialisation from `seed`, unless `params` (e.g. from
 * `loadCaeWeights`) are given.
 *
 * ```ts
 * const net = createCae();
 * const y = net.apply(x, net.params); // [B, 32, 32, 3] -> [B, 32, 32, 3]
 * ```
 */
export function createCae(
  config: CaeConfig = CAE_DEFAULT,
  options: { seed?: number; params?: readonly Tensor[]; name?: string } = {},
): CorruptionNetwork & { readonly config: CaeConfig } {
  for (const key of ['residualBlocks', 'features', 'codeChannels'] as const) {
    const v = config[key];
    if (!Number.isInteger(v) || v < (key === 'residualBlocks' ? 0 : 1)) {
      throw new Error(
        `Argument 'config.${key}' passed to 'createCae' must be a ${key === 'residualBlocks' ? 'non-negative' : 'positive'} integer, got ${v}`,
      );
    }
  }
  const blocks = caeBlocks(config);
  const name = options.name ?? 'cae';
  const params = options.params ? [...options.params] : initConvParams(blocks, options.seed ?? 0);
  checkParams('createCae', blocks, params, false, 0);
  let disposed = false;

  const run = (x: Tensor4D, p: readonly Tensor[], perExample: boolean): Tensor4D =>
    tf.tidy(() => {
      let i = 0;
      // zero padding k // 2 on every side (PyTorch's `padding=k//2`, also for stride 2)
      const c = (h: Tensor4D, stride = 1): Tensor4D => {
        const k = p[i++] as Tensor;
        const pad = Math.floor((k.shape[perExample ? 1 : 0] as number) / 2);
        const padded = tf.pad(h, [
          [0, 0],
          [pad, pad],
          [pad, pad],
          [0, 0],
        ]);
        return conv(padded, k, p[i++] as Tensor, { perExample, stride, pad: 'valid' });
      };
      const act = (h: Tensor4D): Tensor4D => tf.leakyRelu(h, LEAK);
      const res = (h: Tensor4D): Tensor4D => tf.add(c(act(c(h))), h);
      let h = act(c(tf.sub(tf.mul(x, 2), 1), 2));
      h = act(c(h, 2));
      for (let k = 0; k < config.residualBlocks; k++) h = res(h);
      h = roundStraightThrough(c(h, 2));
      h = act(pixelShuffle(c(h), 2));
      for (let k = 0; k < config.residualBlocks; k++) h = res(h);
      h = act(pixelShuffle(c(h), 2));
      h = pixelShuffle(c(h), 2);
      return tf.div(tf.add(h, 1), 2);
    });

  return {
    name,
    config,
    blocks,
    params,
    apply(x: Tensor4D, p: readonly Tensor[], applyOptions: ApplyOptions = {}): Tensor4D {
      if (disposed) throw new Error(`The corruption network '${name}' has been disposed`);
      if (x.rank !== 4 || x.shape[3] !== 3 || x.shape[1] % 8 !== 0 || x.shape[2] % 8 !== 0) {
        throw new Error(
          `Argument 'x' passed to '${name}.apply' must be [B, H, W, 3] with H, W multiples of 8, got [${x.shape.join(', ')}]`,
        );
      }
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
