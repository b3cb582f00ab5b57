import { join } from 'node:path';
import { directoryByteStore, readShards, type Dataset } from '@ada/data';
import { deepAugmentSource, generateDeepAugment, type SourceStage } from '@ada/augment';
import { loadCorruptionNetwork, type CorruptionNetwork } from '@ada/models';

/**
 * Networks whose weights DeepAugment perturbs. The reference uses pretrained EDSR and CAE; no
 * pretrained weights of those can be downloaded here, so the two smallest pretrained
 * super-resolution networks that ship with the installed model packages stand in (a documented
 * deviation; converted EDSR/CAE weights can be listed here instead).
 */
export const DEEPAUGMENT_NETWORKS = ['rdn-slim-x2', 'rdn-default-x2'] as const;

/**
 * Generates (or resumes, or reuses) the DeepAugment copies of `train` under `cacheDir`, then
 * returns the pipeline's source stage over them.
 */
export async function deepAugmentSourceFor(
  train: Dataset,
  copies: number,
  seed: number,
  cacheDir: string,
): Promise<SourceStage> {
  const outDir = join(cacheDir, `${train.name}-${train.shape[0]}-x${copies}-seed${seed}`);
  const networks: CorruptionNetwork[] = [];
  try {
    for (const name of DEEPAUGMENT_NETWORKS) networks.push(await loadCorruptionNetwork(name));
    await generateDeepAugment(train, networks, { outDir, seed, copies });
  } finally {
    for (const net of networks) net.dispose();
  }
  const da = await readShards(directoryByteStore(outDir), '');
  return deepAugmentSource({ images: da.images, shape: da.shape }, train.shape[0]);
}
