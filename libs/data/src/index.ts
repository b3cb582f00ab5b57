/** @ada/data: dataset formats (npy, CIFAR-10 binary, PNG), synthetic demo dataset, shards. */
export { readNpy, writeNpy, shapeSize, NpyFormatError } from './npy.ts';
export type { NpyArray, NpyDtype, NpyData } from './npy.ts';
export { RandomState } from './random.ts';
export { Pcg64 } from './pcg64.ts';
export { seedSequenceState } from './seed_sequence.ts';
