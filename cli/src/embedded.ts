import { basename, dirname, resolve } from 'node:path';
import { fileCheckpointIO, type ExperimentDeps } from '@ada/training';
import {
  CORRUPTION_NETWORK_NAMES,
  RESTORATION_NETWORK_NAMES,
  fileCheckpointStore,
  loadCorruptionNetwork,
  type CorruptionNetworkName,
} from '@ada/models';
import { deepAugmentSourceFor } from './deepaugment_source.ts';

/** Networks that exist only as converted weights (no pretrained package ships them). */
export const NETWORKS_NEEDING_WEIGHTS: readonly string[] = ['edsr', 'cae'];

/** Networks read from the set-up cache (`npm run setup:restoration-nets`) or from converted weights. */
const NETWORKS_WITH_OPTIONAL_WEIGHTS: readonly string[] = RESTORATION_NETWORK_NAMES;

/**
 * Checks an AdA network choice of `ada run`: a known name, and converted weights exactly for the
 * networks that need them (the restoration networks take them optionally, instead of the
 * set-up cache). Throws an error naming the flags; returns the name, typed.
 */
export function checkRunNetwork(name: string, weights?: string): CorruptionNetworkName {
  if (!(CORRUPTION_NETWORK_NAMES as readonly string[]).includes(name)) {
    throw new Error(
      `--ada-network must be one of ${CORRUPTION_NETWORK_NAMES.join(', ')}, got '${name}'`,
    );
  }
  const needs = NETWORKS_NEEDING_WEIGHTS.includes(name);
  if (needs && weights === undefined) {
    throw new Error(
      `--ada-network ${name} needs --ada-network-weights DIR: a folder of converted pretrained weights (libs/models/scripts/convert_pytorch.py --arch ${name} --out DIR)`,
    );
  }
  if (!needs && weights !== undefined && !NETWORKS_WITH_OPTIONAL_WEIGHTS.includes(name)) {
    throw new Error(
      `--ada-network-weights applies to ${[...NETWORKS_NEEDING_WEIGHTS, ...NETWORKS_WITH_OPTIONAL_WEIGHTS].join(', ')}, not to '${name}', which loads its weights from its package`,
    );
  }
  return name as CorruptionNetworkName;
}

/**
 * Loads the AdA corruption network of a run (checked by `checkRunNetwork`): an UpscalerJS model
 * from its package, a restoration network from the set-up cache, or EDSR / the CAE (or a
 * restoration network) from a folder of converted weights (`convert_pytorch.py
 * --out DIR`). A randomly initialised EDSR or CAE is no pretrained image-to-image model, so they
 * are refused without weights.
 */
export async function loadRunNetwork(
  name: string,
  weights?: string,
): ReturnType<typeof loadCorruptionNetwork> {
  const checked = checkRunNetwork(name, weights);
  if (weights === undefined) return loadCorruptionNetwork(checked);
  const dir = resolve(weights);
  return loadCorruptionNetwork(checked, {
    weights: { source: fileCheckpointStore(dirname(dir)), key: basename(dir) },
  });
}

/**
 * The embedded mode's wiring: corruption networks loaded from the installed model packages (or
 * converted weights), checkpoints in the filesystem store, DeepAugment copies generated into the
 * run folder.
 */
export function embeddedDeps(): ExperimentDeps {
  return {
    loadCorruptionNetwork: loadRunNetwork,
    checkpoints: fileCheckpointIO(),
    deepAugmentSource: deepAugmentSourceFor,
  };
}
