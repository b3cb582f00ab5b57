import type { CorruptionFn } from './types.ts';
import type { CorruptionName } from './names.ts';
import { gaussianNoise } from './corruptions/gaussian_noise.ts';

/**
 * The one map from corruption name to implementation. Add one line per finished corruption
 * (`name: fn,` with its import above). It becomes a full `Record` once all 19 are wired.
 */
export const CORRUPTIONS: Partial<Record<CorruptionName, CorruptionFn>> = {
  gaussian_noise: gaussianNoise,
};
