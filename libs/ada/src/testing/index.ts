/** @ada/ada/testing: helpers for tests and examples (not for production code paths). */
export { createToyCorruptionNetwork } from './toy_corruption_network.ts';
export type { ToyNetworkOptions } from './toy_corruption_network.ts';
export { colourClassifier, smoothImages } from './toy_inputs.ts';
