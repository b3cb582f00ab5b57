import type { RandomState } from '@ada/data';
import { dirichletSample } from './gamma.ts';
import {
  convolveWeights,
  flipFilters,
  flipKernelsHorizontally,
  forFilter,
  gelu,
  keepMaxTap,
  maskKernels,
  rot90Channels,
  rot90Spatial,
  type ConvKernel,
} from './kernel.ts';
import type { DeepAugmentPreOp, DeepAugmentWeightOp } from './names.ts';

/**
 * The DeepAugment heuristics of Hendrycks et al. 2021 (reference: hendrycks/imagenet-r
 * `DeepAugment/EDSR_distort_imagenet.py`, `get_weights` options 0..16, and
 * `CAE_distort_imagenet.py`), mapped onto any `CorruptionNetwork` by its convolution layers.
 *
 * Mapping. The reference addresses EDSR's residual blocks by index (`body.i.body.0` = first
 * conv of block i, `body.i.body.2` = second); we address the network's convolution layers in
 * order: the "body" is every layer but the first (head) and the last (tail), "a layer" is one
 * drawn uniformly from the body, and "the next layer" is the one after it (the reference's
 * body.0 -> body.2 pair). Kernel-to-kernel convolutions (shift, random, Dirichlet), channel
 * rotations and "next layer" edits need square layers (in = out) and skip others.
 *
 * | op | reference | here |
 * |---|---|---|
 * | flip_filters | opt 0: torch.flip(w, (0,)) of both convs and biases | reverse filter order of a layer and the next |
 * | negate_layer | opt 1: -w, -b | same |
 * | zero_layer | opt 2: 0 w, 0 b | same |
 * | neg_gelu | opt 3: -gelu(w) of both convs | same, layer and next |
 * | laplacian_mask | opt 4: w * [[0,1,0],[1,-4,1],[0,1,0]] | same (3x3 layers) |
 * | edge_mask | opt 5: w * [[-1,-1,-1],[-1,8,-1],[-1,-1,-1]] | same |
 * | mult_noise | opt 6: w * (1 + 2u * 2 rand) (the reference's `2*rand_like(w-1)` is 2 rand) | same |
 * | flip_kernel_negate_next | opt 7: flip kernels left-right, negate the next conv | same |
 * | shift_conv | opt 8: conv2d(w, z) with z one +-1 tap per input channel | same (square layers) |
 * | random_conv | opt 9: conv2d(w, (2 rand u - 1) / 6) | same |
 * | dirichlet_conv | opt 10: conv2d(w, Dirichlet(0.1)^9 kernels) | same (our own gamma sampler) |
 * | additive_noise | opt 11: w += rand - 0.5 | same |
 * | rot90 | opt 12: 5 x rot90 (k 1..3) over kernel or channel dims | same |
 * | sign_mask | opt 13: 5 x w * (+-1 mask) | same |
 * | binary_mask | opt 14: 5 x w * (0/1 mask) | same |
 * | negate_filters | opt 15: 5 x negate 32 of 64 filters (drawn with replacement) | out/2 draws |
 * | max_tap | opt 16: 5 x keep the max tap of each kernel | same |
 *
 * The reference's activation edits: pre-distortion 1 (swap 5 channel pairs after the head) is
 * exactly a swap of the head conv's filters (`swap_channels`); pre-distortions 2 and 3
 * (per-element 0/1 and +-1 masks after the head, keep probabilities 0.95 and 0.975) become
 * per-channel masks of the head's filters (`channel_keep_mask`, `channel_sign_mask`): the
 * interface exposes no activations, so the mask cannot vary over pixels. The body distortions
 * (negating, re-activating, flipping or skipping the residual stream halfway) act on
 * activations and have no weight equivalent on a generic network; they are not applied. The
 * CAE script's options are covered by the same ops (flip, negate/zero/-gelu of filters,
 * multiplicative noise, masks, spatial rot90, negate a fifth of the filters, max tap).
 */
export type WeightPerturbation = (body: ConvKernel[], rng: RandomState) => void;

const pick = <T>(rng: RandomState, xs: readonly T[]): T => xs[rng.randint(0, xs.length)]!;
const pickIndex = (rng: RandomState, n: number): number => rng.randint(0, n);
const next = (body: ConvKernel[], i: number): ConvKernel => body[Math.min(i + 1, body.length - 1)]!;
const mapWeights = (k: ConvKernel, f: (v: number) => number): void => {
  for (let j = 0; j < k.weight.length; j++) k.weight[j] = f(k.weight[j]!);
};
const mapBias = (k: ConvKernel, f: (v: number) => number): void => {
  if (k.bias) for (let j = 0; j < k.bias.length; j++) k.bias[j] = f(k.bias[j]!);
};

export const WEIGHT_PERTURBATIONS: Record<DeepAugmentWeightOp, WeightPerturbation> = {
  flip_filters: (body, rng) => {
    const i = pickIndex(rng, body.length);
    flipFilters(body[i]!);
    if (next(body, i) !== body[i]) flipFilters(next(body, i));
  },
  negate_layer: (body, rng) => {
    const k = pick(rng, body);
    mapWeights(k, (v) => -v);
    mapBias(k, (v) => -v);
  },
  zero_layer: (body, rng) => {
    const k = pick(rng, body);
    mapWeights(k, () => 0);
    mapBias(k, () => 0);
  },
  neg_gelu: (body, rng) => {
    const i = pickIndex(rng, body.length);
    mapWeights(body[i]!, (v) => -gelu(v));
    if (next(body, i) !== body[i]) mapWeights(next(body, i), (v) => -gelu(v));
  },
  laplacian_mask: (body, rng) => maskKernels(pick(rng, body), [0, 1, 0, 1, -4, 1, 0, 1, 0]),
  edge_mask: (body, rng) => maskKernels(pick(rng, body), [-1, -1, -1, -1, 8, -1, -1, -1, -1]),
  mult_noise: (body, rng) => {
    const k = pick(rng, body);
    const u = Math.fround(rng.randomSample());
    mapWeights(k, (v) => v * (1 + 2 * u * (2 * rng.randomSample())));
  },
  flip_kernel_negate_next: (body, rng) => {
    const i = pickIndex(rng, body.length);
    flipKernelsHorizontally(body[i]!);
    mapWeights(next(body, i), (v) => -v);
  },
  shift_conv: (body, rng) => {
    const k = pick(rng, body);
    const taps = Array.from({ length: k.cin }, () => ({
      sy: rng.randint(0, 3),
      sx: rng.randint(0, 3),
      s: rng.randomSample() < 0.5 ? 1 : -1,
    }));
    convolveWeights(k, (_c, j, dy, dx) =>
      taps[j]!.sy === dy && taps[j]!.sx === dx ? taps[j]!.s : 0,
    );
  },
  random_conv: (body, rng) => {
    const k = pick(rng, body);
    const u = Math.fround(rng.randomSample());
    const z = Float64Array.from(
      { length: k.cout * k.cin * 9 },
      () => (2 * rng.randomSample() * u - 1) / 6,
    );
    convolveWeights(k, (c, j, dy, dx) => z[((c * k.cin + j) * 3 + dy) * 3 + dx]!);
  },
  dirichlet_conv: (body, rng) => {
    const k = pick(rng, body);
    const z: number[][] = Array.from({ length: k.cout * k.cin }, () =>
      dirichletSample(rng, 0.1, 9),
    );
    convolveWeights(k, (c, j, dy, dx) => z[c * k.cin + j]![dy * 3 + dx]!);
  },
  additive_noise: (body, rng) => mapWeights(pick(rng, body), (v) => v + (rng.randomSample() - 0.5)),
  rot90: (body, rng) => {
    for (let t = 0; t < 5; t++) {
      const k = pick(rng, body);
      const times = rng.randint(1, 4);
      if (rng.randint(0, 2) === 0) rot90Spatial(k, times);
      else rot90Channels(k, times);
    }
  },
  sign_mask: (body, rng) => {
    for (let t = 0; t < 5; t++)
      mapWeights(pick(rng, body), (v) => (rng.randomSample() < 0.5 ? -v : v));
  },
  binary_mask: (body, rng) => {
    for (let t = 0; t < 5; t++)
      mapWeights(pick(rng, body), (v) => (rng.randomSample() < 0.5 ? 0 : v));
  },
  negate_filters: (body, rng) => {
    for (let t = 0; t < 5; t++) {
      const k = pick(rng, body);
      const chosen = new Set(
        Array.from({ length: Math.max(1, k.cout >> 1) }, () => rng.randint(0, k.cout)),
      );
      for (const o of chosen) forFilter(k, o, (v) => -v);
    }
  },
  max_tap: (body, rng) => {
    for (let t = 0; t < 5; t++) keepMaxTap(pick(rng, body));
  },
};

/** Applies a pre-distortion to the first (head) convolution's output filters. */
export function applyPreDistortion(head: ConvKernel, op: DeepAugmentPreOp, rng: RandomState): void {
  switch (op) {
    case 'swap_channels':
      for (let t = 0; t < 5; t++) {
        const a = rng.randint(0, head.cout);
        const b = rng.randint(0, head.cout);
        swapFilters(head, a, b);
      }
      return;
    case 'channel_keep_mask':
      for (let o = 0; o < head.cout; o++) {
        if (rng.randomSample() < 0.05) scaleFilter(head, o, 0);
      }
      return;
    case 'channel_sign_mask':
      for (let o = 0; o < head.cout; o++) {
        if (rng.randomSample() < 0.025) scaleFilter(head, o, -1);
      }
      return;
    case 'none':
      return;
    default: {
      const never: never = op;
      throw new Error(`Unknown pre-distortion '${String(never)}'`);
    }
  }
}

function scaleFilter(k: ConvKernel, o: number, s: number): void {
  forFilter(k, o, (v) => v * s);
  if (k.bias) k.bias[o]! *= s;
}

function swapFilters(k: ConvKernel, a: number, b: number): void {
  if (a === b) return;
  for (let y = 0; y < k.kh; y++)
    for (let x = 0; x < k.kw; x++)
      for (let i = 0; i < k.cin; i++) {
        const base = ((y * k.kw + x) * k.cin + i) * k.cout;
        const t = k.weight[base + a]!;
        k.weight[base + a] = k.weight[base + b]!;
        k.weight[base + b] = t;
      }
  if (k.bias) {
    const t = k.bias[a]!;
    k.bias[a] = k.bias[b]!;
    k.bias[b] = t;
  }
}
