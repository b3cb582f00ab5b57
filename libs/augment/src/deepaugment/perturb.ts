import type { RandomState } from '@ada/data';
import type { CorruptionNetwork } from '@ada/models';
import * as tf from '@tensorflow/tfjs-core';
import type { ConvKernel } from './kernel.ts';
import {
  DEEPAUGMENT_PRE_OPS,
  DEEPAUGMENT_WEIGHT_OPS,
  type DeepAugmentPreOp,
  type DeepAugmentWeightOp,
} from './names.ts';
import { applyPreDistortion, WEIGHT_PERTURBATIONS } from './perturbations.ts';

/** What one DeepAugment network instance got: the weight ops and the head pre-distortion. */
export interface DeepAugmentDraw {
  readonly weightOps: readonly DeepAugmentWeightOp[];
  readonly preOp: DeepAugmentPreOp;
}

/** A convolution layer of a network: block indices of its kernel and bias (or -1). */
export interface ConvLayer {
  readonly weight: number;
  readonly bias: number;
}

/**
 * The network's convolution layers in block order: every 4-D `weight` block (HWIO), paired
 * with the next `bias` block of matching length when there is one.
 */
export function convLayers(net: CorruptionNetwork): ConvLayer[] {
  const layers: ConvLayer[] = [];
  net.blocks.forEach((b, i) => {
    if (b.kind !== 'weight' || b.shape.length !== 4) return;
    const cout = b.shape[3]!;
    let bias = -1;
    for (let j = i + 1; j < net.blocks.length; j++) {
      const c = net.blocks[j]!;
      if (c.kind === 'weight' && c.shape.length === 4) break;
      if (c.kind === 'bias' && c.shape.length === 1 && c.shape[0] === cout) {
        bias = j;
        break;
      }
    }
    layers.push({ weight: i, bias });
  });
  return layers;
}

/** Residual-dense-network layer names (UpscalerJS RDN/RRDN): the part before the global skip. */
const RDN_BODY = /^(F_\d+\/|F_\d+_\d+\/|LFF_\d+\/|GFF_\d+\/|RRDB_)/;

/**
 * Which convolution layers the weight perturbations may touch (indices into `convLayers`): the
 * reference edits only EDSR's residual body, which sits between the head conv and the global
 * skip connection, never the upsampler or the output conv. For the UpscalerJS residual dense
 * networks that is F_0, the RDB convs (F_d_c, LFF_d) and GFF_1/GFF_2; for other networks,
 * every layer but the first and the last (all of them when there are fewer than 3).
 */
export function bodyLayerIndices(net: CorruptionNetwork, layers: readonly ConvLayer[]): number[] {
  const named = layers
    .map((l, k) => (RDN_BODY.test(net.blocks[l.weight]!.name) ? k : -1))
    .filter((k) => k >= 0);
  if (named.length > 0) return named;
  if (layers.length < 3) return layers.map((_, k) => k);
  return layers.slice(1, -1).map((_, k) => k + 1);
}

/**
 * One DeepAugment instance of `net`: copies phi, applies `count` weight perturbations drawn
 * uniformly with replacement from the 17 reference options (3 by default, as the reference),
 * then a head pre-distortion drawn from {swap, keep mask, sign mask, none}; every draw comes
 * from `rng`. Returns new parameter tensors (owned by the caller, shapes as `net.blocks`) and
 * what was drawn. Needs at least one convolution layer; with fewer than 3 the body is all of
 * them.
 *
 * ```ts
 * const { params, draw } = perturbNetwork(net, new RandomState(seed));
 * const y = net.apply(x, params);
 * tf.dispose(params);
 * ```
 */
export function perturbNetwork(
  net: CorruptionNetwork,
  rng: RandomState,
  count = 3,
): { params: tf.Tensor[]; draw: DeepAugmentDraw } {
  if (!Number.isInteger(count) || count < 0) {
    throw new RangeError(
      `Argument 'count' passed to 'perturbNetwork' must be a non-negative integer, got ${count}`,
    );
  }
  const layers = convLayers(net);
  if (layers.length === 0) {
    throw new RangeError(
      `Argument 'net' passed to 'perturbNetwork' must have convolution weight blocks (4-D), '${net.name}' has none`,
    );
  }
  const values: Float32Array[] = net.params.map((p) => (p.dataSync() as Float32Array).slice());
  const kernels: ConvKernel[] = layers.map(({ weight, bias }) => {
    const [kh, kw, cin, cout] = net.blocks[weight]!.shape as [number, number, number, number];
    return { kh, kw, cin, cout, weight: values[weight]!, bias: bias >= 0 ? values[bias]! : null };
  });
  const bodyIdx = bodyLayerIndices(net, layers);
  const body = bodyIdx.map((k) => kernels[k]!);
  const weightOps: DeepAugmentWeightOp[] = [];
  for (let t = 0; t < count; t++)
    weightOps.push(DEEPAUGMENT_WEIGHT_OPS[rng.randint(0, DEEPAUGMENT_WEIGHT_OPS.length)]!);
  for (const op of weightOps) WEIGHT_PERTURBATIONS[op](body, rng);
  const preOp = DEEPAUGMENT_PRE_OPS[rng.randint(0, DEEPAUGMENT_PRE_OPS.length)]!;
  applyPreDistortion(kernels[0]!, preOp, rng);
  // Write back (some ops replace the weight array).
  layers.forEach(({ weight, bias }, k) => {
    values[weight] = kernels[k]!.weight;
    if (bias >= 0 && kernels[k]!.bias) values[bias] = kernels[k]!.bias!;
  });
  const params = values.map((v, i) => tf.tensor(v, [...net.blocks[i]!.shape], 'float32'));
  return { params, draw: { weightOps, preOp } };
}
