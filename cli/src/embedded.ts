import { fileCheckpointIO, type ExperimentDeps } from '@ada/training';
import { loadCorruptionNetwork } from '@ada/models';
import { deepAugmentSourceFor } from './deepaugment_source.ts';

/**
 * The embedded mode's wiring: corruption networks loaded from the installed model packages,
 * checkpoints in the filesystem store, DeepAugment copies generated into the run folder.
 */
export function embeddedDeps(): ExperimentDeps {
  return {
    loadCorruptionNetwork: (name) =>
      loadCorruptionNetwork(name as Parameters<typeof loadCorruptionNetwork>[0]),
    checkpoints: fileCheckpointIO(),
    deepAugmentSource: deepAugmentSourceFor,
  };
}
