import { basename, dirname, resolve } from 'node:path';
import {
  CORRUPTION_NETWORK_NAMES,
  RESTORATION_NETWORK_NAMES,
  fileCheckpointStore,
  loadCorruptionNetwork,
  type CorruptionNetwork,
  type CorruptionNetworkName,
} from '@ada/models';

/**
 * The one resolver of a corruption network named on the command line, shared by `ada run`
 * (`--ada-network`, `--ada-network-weights`) and the AdA tools `ada calibrate`, `ada examples`,
 * `ada ssim-hist` (`--network`, `--network-weights`): every name of `CORRUPTION_NETWORK_NAMES`
 * (UpscalerJS models from their packages, the restoration networks from the set-up cache or
 * converted weights, EDSR and the CAE from converted weights), with errors that name the
 * command's own flags and, for a restoration network that is not set up, the set-up command.
 */

/** How a command names the network and its weights folder (for the errors). */
export interface NetworkFlags {
  network: string;
  weights: string;
  /** Other names the command accepts and handles itself (listed in the unknown-name error). */
  others?: readonly string[];
}

export const RUN_NETWORK_FLAGS: NetworkFlags = {
  network: '--ada-network',
  weights: '--ada-network-weights',
};

/** Networks that exist only as converted weights (no pretrained package ships them). */
export const NETWORKS_NEEDING_WEIGHTS: readonly string[] = ['edsr', 'cae'];

/** Networks read from the set-up cache (`npm run setup:restoration-nets`) or from converted weights. */
const NETWORKS_WITH_OPTIONAL_WEIGHTS: readonly string[] = RESTORATION_NETWORK_NAMES;

/**
 * Checks a network choice: a known name, and converted weights exactly for the networks that
 * need them (the restoration networks take them optionally, instead of the set-up cache).
 * Throws an error naming the flags; returns the name, typed.
 */
export function checkNetworkChoice(
  name: string,
  weights: string | undefined,
  flags: NetworkFlags = RUN_NETWORK_FLAGS,
): CorruptionNetworkName {
  if (!(CORRUPTION_NETWORK_NAMES as readonly string[]).includes(name)) {
    throw new Error(
      `${flags.network} must be one of ${[...CORRUPTION_NETWORK_NAMES, ...(flags.others ?? [])].join(', ')}, got '${name}'`,
    );
  }
  const needs = NETWORKS_NEEDING_WEIGHTS.includes(name);
  if (needs && weights === undefined) {
    throw new Error(
      `${flags.network} ${name} needs ${flags.weights} DIR: a folder of converted pretrained weights (libs/models/scripts/convert_pytorch.py --arch ${name} --out DIR)`,
    );
  }
  if (!needs && weights !== undefined && !NETWORKS_WITH_OPTIONAL_WEIGHTS.includes(name)) {
    throw new Error(
      `${flags.weights} applies to ${[...NETWORKS_NEEDING_WEIGHTS, ...NETWORKS_WITH_OPTIONAL_WEIGHTS].join(', ')}, not to '${name}', which loads its weights from its package`,
    );
  }
  return name as CorruptionNetworkName;
}

/**
 * Loads a network choice (checked by `checkNetworkChoice`): an UpscalerJS model from its
 * package, a restoration network from the set-up cache (a missing cache is an error naming
 * `npm run setup:restoration-nets`), or EDSR / the CAE (or a restoration network) from a folder
 * of converted weights (`convert_pytorch.py --out DIR`). A randomly initialised EDSR or CAE is
 * no pretrained image-to-image model, so they are refused without weights.
 *
 * ```ts
 * const net = await loadNetworkChoice('edsr-denoise', undefined, RUN_NETWORK_FLAGS);
 * ```
 */
export async function loadNetworkChoice(
  name: string,
  weights: string | undefined,
  flags: NetworkFlags = RUN_NETWORK_FLAGS,
): Promise<CorruptionNetwork> {
  const checked = checkNetworkChoice(name, weights, flags);
  if (weights === undefined) return loadCorruptionNetwork(checked);
  const dir = resolve(weights);
  return loadCorruptionNetwork(checked, {
    weights: { source: fileCheckpointStore(dirname(dir)), key: basename(dir) },
  });
}
