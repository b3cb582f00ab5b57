/** @ada/models: classifiers, corruption networks, checkpoint I/O. */
export type { ApplyOptions, CorruptionNetwork, ParamBlock, ParamKind } from './corruption/types.ts';
