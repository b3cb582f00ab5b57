/** @ada/corruptions: CIFAR-10-C corruption suite with the reference parameters. */
export type { CorruptionFn, ImageU8, Severity } from './types.ts';
export { SEVERITIES } from './types.ts';
export {
  ALL_CORRUPTIONS,
  COMMON_CORRUPTIONS,
  DISPLAY_NAMES,
  EXTRA_CORRUPTIONS,
  isCorruptionName,
} from './names.ts';
export type { CorruptionName } from './names.ts';
export { CORRUPTIONS } from './register_all.ts';
export {
  applyCorruption,
  checkSeverity,
  corruptBatch,
  getCorruption,
  perImageSeed,
  toUint8,
} from './apply.ts';
export type { CorruptBatchOptions, Seeding } from './apply.ts';
