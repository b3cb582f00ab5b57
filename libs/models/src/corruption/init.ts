import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import type { ParamBlock } from './types.ts';

/**
 * PyTorch's default initialisation of a conv layer (kaiming_uniform with a = sqrt(5)), which is
 * uniform(-1/sqrt(fan_in), 1/sqrt(fan_in)) for the kernel and the bias alike; fan_in of a
 * [kh, kw, Ci, Co] kernel is kh * kw * Ci, a bias uses the fan_in of the kernel before it.
 * Deterministic in `seed`.
 */
export function initConvParams(blocks: readonly ParamBlock[], seed: number): Tensor[] {
  let fanIn = 1;
  return blocks.map((block, i) => {
    if (block.kind === 'weight') fanIn = block.shape.slice(0, -1).reduce((a, d) => a * d, 1);
    const bound = 1 / Math.sqrt(fanIn);
    return tf.randomUniform([...block.shape], -bound, bound, 'float32', seed * 10_007 + i);
  });
}
