/** Test helpers of @ada/attacks: toy models with known minimal perturbations, seeded images. */
export { affineMinimalPerturbation, affineModel, randomImages, toyConvNet } from './toy_models.ts';
export type { AffineModel, ToyConvNet } from './toy_models.ts';
