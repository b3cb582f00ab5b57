import type { CheckpointSource } from '../../checkpoint/types.ts';
import { loadConvertedParams } from '../converted_weights.ts';
import { createEdsr, edsrBlocks } from './edsr.ts';
import type { EdsrConfig } from './edsr.ts';

/**
 * Builds EDSR from converted weights under `key` (written by `scripts/convert_pytorch.py
 * --arch edsr` from the official PyTorch state dict, or by `saveCheckpoint` with arch `edsr`).
 *
 * ```ts
 * // python3 libs/models/scripts/convert_pytorch.py --arch edsr --input edsr_baseline_x2.pt --out weights/edsr-x2
 * const net = await loadEdsrWeights(fileCheckpointStore('weights'), 'edsr-x2');
 * ```
 */
export async function loadEdsrWeights(
  source: CheckpointSource,
  key: string,
): Promise<ReturnType<typeof createEdsr>> {
  const { config, params } = await loadConvertedParams<EdsrConfig>(source, key, 'edsr', edsrBlocks);
  return createEdsr(config, { params });
}
