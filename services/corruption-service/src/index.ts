/**
 * @ada/corruption-service: AdA corruption workers (clean batches in, corrupted batches out) and
 * batch augmentation as a service, as an embeddable factory and a process (`src/main.ts`).
 *
 * ```ts
 * import { createCorruptionService } from '@ada/corruption-service';
 * const service = createCorruptionService({ bus, store, config: { groupId: 'corruption-service' } });
 * await service.start();
 * ```
 */
export { createCorruptionService } from './corruption_service.ts';
export type {
  CorruptionService,
  CorruptionServiceOptions,
  CorruptionServiceStats,
} from './corruption_service.ts';
export { ConfigError, ENV_VARIABLES, loadConfig, resolveConfig } from './config.ts';
export type { CorruptionServiceConfig, ProcessConfig } from './config.ts';
export { ClassifierCache, checkpointFolder } from './classifier_cache.ts';
export type {
  AcquireOptions,
  ClassifierCacheOptions,
  ClassifierLease,
} from './classifier_cache.ts';
export { augmentImages, NetworkCache } from './augment_images.ts';
export type { AugmentImagesInput, AugmentImagesOutput } from './augment_images.ts';
export { UnservableError } from './errors.ts';
