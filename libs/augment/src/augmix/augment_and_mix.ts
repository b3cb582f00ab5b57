import { RandomState } from '@ada/data';
import * as tf from '@tensorflow/tfjs-core';
import type { ImageU8 } from './image_u8.ts';
import { AUGMIX_OP_NAMES, type AugMixOpName } from './names.ts';
import { getAugMixOp } from './register_all.ts';
import { betaOnes, dirichletOnes } from './sampling.ts';

/** AugMix settings; the defaults are the paper's (and the reference's) CIFAR settings. */
export interface AugMixConfig {
  /** Severity of the operations, 1..10 (default 3). */
  readonly severity?: number;
  /** Number of chains mixed (default 3). */
  readonly width?: number;
  /** Operations per chain; -1 (default) draws it uniformly from 1..3 per chain. */
  readonly depth?: number;
  /** Operations to draw from (default: all nine, in the reference's order). */
  readonly ops?: readonly AugMixOpName[];
}

/** One operation of a chain with its resolved parameter. */
export interface AugMixStep {
  readonly op: AugMixOpName;
  readonly param: number;
}

/**
 * Every random choice of one AugMix draw: Dirichlet(1) chain weights (float32, as the
 * reference casts them), the Beta(1, 1) skip weight m (float32), and the chains of steps.
 */
export interface AugMixPlan {
  readonly weights: readonly number[];
  readonly skip: number;
  readonly chains: readonly (readonly AugMixStep[])[];
}

function resolveConfig(config: AugMixConfig): Required<AugMixConfig> {
  const severity = config.severity ?? 3;
  const width = config.width ?? 3;
  const depth = config.depth ?? -1;
  const ops = config.ops ?? AUGMIX_OP_NAMES;
  if (!(severity >= 0.1 && severity <= 10)) {
    throw new RangeError(
      `Argument 'severity' passed to 'augmix' must be in [0.1, 10], got ${severity}`,
    );
  }
  if (!Number.isInteger(width) || width < 1) {
    throw new RangeError(
      `Argument 'width' passed to 'augmix' must be a positive integer, got ${width}`,
    );
  }
  if (!Number.isInteger(depth) || depth === 0 || depth < -1) {
    throw new RangeError(
      `Argument 'depth' passed to 'augmix' must be -1 or a positive integer, got ${depth}`,
    );
  }
  if (ops.length === 0) throw new RangeError(`Argument 'ops' passed to 'augmix' must not be empty`);
  return { severity, width, depth, ops };
}

/**
 * Draws one AugMix plan from `rng` with exactly the draws of the reference
 * `augment_and_mix` (google-research/augmix), in its order: Dirichlet weights, Beta skip
 * weight, then per chain the depth (when random) and per step the op index and the op's own
 * parameter draws. Seeded like `np.random.seed(s)`, `new RandomState(s)` gives the same plan.
 *
 * ```ts
 * const plan = sampleAugMixPlan(new RandomState(7), {});
 * ```
 */
export function sampleAugMixPlan(rng: RandomState, config: AugMixConfig = {}): AugMixPlan {
  const { severity, width, depth, ops } = resolveConfig(config);
  const weights = dirichletOnes(rng, width).map((w) => Math.fround(w));
  const skip = Math.fround(betaOnes(rng));
  const chains: AugMixStep[][] = [];
  for (let i = 0; i < width; i++) {
    const d = depth > 0 ? depth : rng.randint(1, 4);
    const chain: AugMixStep[] = [];
    for (let s = 0; s < d; s++) {
      const name = ops[rng.randint(0, ops.length)]!;
      chain.push({ op: name, param: getAugMixOp(name).sampleParam(rng, severity) });
    }
    chains.push(chain);
  }
  return { weights, skip, chains };
}

/**
 * Applies a plan to one HWC RGB float image in [0, 1] (`pixels`, float32 values): each chain
 * runs its operations on the uint8 image (`trunc(clip(x * 255))` in float32, as the
 * reference's `apply_op` converts), and the result is `(1 - m) x + m sum_i w_i chain_i / 255`,
 * the reference's mix written in [0, 1] instead of normalised space (equal, since the weights
 * are convex). Returns a new Float32Array of the same length.
 */
export function applyAugMixPlan(
  pixels: Float32Array,
  height: number,
  width: number,
  plan: AugMixPlan,
): Float32Array {
  if (pixels.length !== height * width * 3) {
    throw new RangeError(
      `Argument 'pixels' passed to 'applyAugMixPlan' must hold ${height}x${width}x3 values, got ${pixels.length}`,
    );
  }
  const u8 = new Uint8Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) {
    const v = Math.fround(pixels[i]! * 255);
    u8[i] = v <= 0 ? 0 : v >= 255 ? 255 : Math.trunc(v);
  }
  const base: ImageU8 = { height, width, data: u8 };
  const mix = new Float64Array(pixels.length);
  plan.chains.forEach((chain, c) => {
    let img = base;
    for (const step of chain) img = getAugMixOp(step.op).apply(img, step.param);
    const w = plan.weights[c]!;
    for (let i = 0; i < mix.length; i++) mix[i]! += (w * img.data[i]!) / 255;
  });
  const m = plan.skip;
  const out = new Float32Array(pixels.length);
  for (let i = 0; i < out.length; i++) out[i] = (1 - m) * pixels[i]! + m * mix[i]!;
  return out;
}

/**
 * AugMix on a batch: `x` is NHWC float32 in [0, 1] with 3 channels, `seeds[b]` seeds example b
 * (one `RandomState` each, so an example's result does not depend on the rest of the batch).
 * Returns a new NHWC float32 tensor in [0, 1] of the same shape. The operations run on the CPU
 * in JavaScript (Pillow semantics on uint8), one image at a time.
 *
 * ```ts
 * const y = augmix(x, [1, 2, 3, 4]); // x: [4, 32, 32, 3]
 * ```
 */
export function augmix(
  x: tf.Tensor4D,
  seeds: readonly number[],
  config: AugMixConfig = {},
): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  if (c !== 3)
    throw new RangeError(
      `Argument 'x' passed to 'augmix' must be NHWC with 3 channels, got [${x.shape}]`,
    );
  if (x.dtype !== 'float32')
    throw new TypeError(`Argument 'x' passed to 'augmix' must be float32, got ${x.dtype}`);
  if (seeds.length !== n) {
    throw new RangeError(
      `Argument 'seeds' passed to 'augmix' must have one seed per example (${n}), got ${seeds.length}`,
    );
  }
  resolveConfig(config);
  const src = x.dataSync() as Float32Array;
  const out = new Float32Array(src.length);
  const size = h * w * 3;
  for (let b = 0; b < n; b++) {
    const plan = sampleAugMixPlan(new RandomState(seeds[b]!), config);
    out.set(applyAugMixPlan(src.subarray(b * size, (b + 1) * size), h, w, plan), b * size);
  }
  return tf.tensor4d(out, [n, h, w, c], 'float32');
}
