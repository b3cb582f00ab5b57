import * as tf from '@tensorflow/tfjs-core';
import type { NamedTensorMap, Tensor } from '@tensorflow/tfjs-core';
import { loadCheckpoint } from '../checkpoint/checkpoint.ts';
import { CheckpointError } from '../checkpoint/checkpoint_error.ts';
import type { CheckpointSource } from '../checkpoint/types.ts';
import type { CorruptionNetwork, ParamBlock } from './types.ts';

/** The parameters of a corruption network by block name (the tensors are the network's own). */
export function corruptionNetworkWeights(
  net: Pick<CorruptionNetwork, 'blocks' | 'params'>,
): NamedTensorMap {
  return Object.fromEntries(net.blocks.map((b, i) => [b.name, net.params[i] as Tensor]));
}

/**
 * Reads converted weights (the checkpoint format that `saveCheckpoint` and
 * `scripts/convert_pytorch.py` write) for architecture `arch`: checks the architecture, builds
 * the block list from the stored config, and returns the tensors in block order. Every block
 * must be present with its shape; extra tensors are an error too.
 *
 * ```ts
 * const { config, params } = await loadConvertedParams(store, 'edsr-x2', 'edsr', (c) => edsrBlocks(c as EdsrConfig));
 * ```
 */
export async function loadConvertedParams<C>(
  source: CheckpointSource,
  key: string,
  arch: string,
  blocksOf: (config: C) => ParamBlock[],
): Promise<{ config: C; params: Tensor[] }> {
  const ckpt = await loadCheckpoint(source, key);
  const weightsKey = `${key}/${ckpt.manifest.files.weights.path}`;
  const all = [...Object.values(ckpt.weights), ...Object.values(ckpt.optimizer ?? {})];
  try {
    if (ckpt.arch !== arch) {
      throw new CheckpointError(
        `Checkpoint '${key}' holds architecture '${ckpt.arch}', expected '${arch}'`,
        key,
      );
    }
    const config = ckpt.config as C;
    const blocks = blocksOf(config);
    const names = new Set(blocks.map((b) => b.name));
    const unknown = Object.keys(ckpt.weights).filter((n) => !names.has(n));
    if (unknown.length > 0) {
      throw new CheckpointError(
        `'${weightsKey}' holds tensors that ${arch} does not have: ${unknown.slice(0, 5).join(', ')}`,
        weightsKey,
      );
    }
    const params = blocks.map((b) => {
      const t = ckpt.weights[b.name];
      if (t === undefined || !tf.util.arraysEqual(t.shape, [...b.shape])) {
        throw new CheckpointError(
          `'${weightsKey}': '${b.name}' must be [${b.shape.join(', ')}], got ${t ? `[${t.shape.join(', ')}]` : 'nothing'}`,
          weightsKey,
        );
      }
      return t;
    });
    tf.dispose(Object.values(ckpt.optimizer ?? {}));
    return { config, params };
  } catch (error) {
    tf.dispose(all);
    throw error;
  }
}
