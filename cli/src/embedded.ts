import { fileCheckpointIO, type ExperimentDeps } from '@ada/training';
import type { CorruptionNetwork, CorruptionNetworkName } from '@ada/models';
import { deepAugmentSourceFor } from './deepaugment_source.ts';
import {
  RUN_NETWORK_FLAGS,
  checkNetworkChoice,
  loadNetworkChoice,
} from './util/corruption_network.ts';

/** Checks `ada run --ada-network NAME [--ada-network-weights DIR]` (see `checkNetworkChoice`). */
export function checkRunNetwork(name: string, weights?: string): CorruptionNetworkName {
  return checkNetworkChoice(name, weights, RUN_NETWORK_FLAGS);
}

/** Loads the AdA corruption network of a run (see `loadNetworkChoice`). */
export function loadRunNetwork(name: string, weights?: string): Promise<CorruptionNetwork> {
  return loadNetworkChoice(name, weights, RUN_NETWORK_FLAGS);
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
