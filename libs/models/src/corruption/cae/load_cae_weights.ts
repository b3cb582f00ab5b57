import type { CheckpointSource } from '../../checkpoint/types.ts';
import { loadConvertedParams } from '../converted_weights.ts';
import { caeBlocks, createCae } from './cae.ts';
import type { CaeConfig } from './cae.ts';

/**
 * Builds the CAE from converted weights under `key` (written by `scripts/convert_pytorch.py
 * --arch cae`, or by `saveCheckpoint` with arch `cae`).
 *
 * ```ts
 * const net = await loadCaeWeights(fileCheckpointStore('weights'), 'cae');
 * ```
 */
export async function loadCaeWeights(
  source: CheckpointSource,
  key: string,
): Promise<ReturnType<typeof createCae>> {
  const { config, params } = await loadConvertedParams<CaeConfig>(source, key, 'cae', caeBlocks);
  return createCae(config, { params });
}
