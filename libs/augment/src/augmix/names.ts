/**
 * The AugMix operations in the reference's list order (`augmentations.augmentations`): the
 * ones that do not overlap the CIFAR-10-C test corruptions. The order matters: the reference
 * draws an index into this list.
 */
export const AUGMIX_OP_NAMES = [
  'autocontrast',
  'equalize',
  'posterize',
  'rotate',
  'solarize',
  'shear_x',
  'shear_y',
  'translate_x',
  'translate_y',
] as const;

export type AugMixOpName = (typeof AUGMIX_OP_NAMES)[number];

/** Type guard for an op name coming from config or the command line. */
export function isAugMixOpName(name: string): name is AugMixOpName {
  return (AUGMIX_OP_NAMES as readonly string[]).includes(name);
}
