/**
 * DeepAugment's weight perturbations, named after what they do, in the order of the options
 * 0..16 of the reference `EDSR_distort_imagenet.py` (`get_weights`), which draws three of them
 * (with replacement) per network instance. See `perturbations.ts` for the mapping.
 */
export const DEEPAUGMENT_WEIGHT_OPS = [
  'flip_filters',
  'negate_layer',
  'zero_layer',
  'neg_gelu',
  'laplacian_mask',
  'edge_mask',
  'mult_noise',
  'flip_kernel_negate_next',
  'shift_conv',
  'random_conv',
  'dirichlet_conv',
  'additive_noise',
  'rot90',
  'sign_mask',
  'binary_mask',
  'negate_filters',
  'max_tap',
] as const;
export type DeepAugmentWeightOp = (typeof DEEPAUGMENT_WEIGHT_OPS)[number];

/**
 * The reference's "pre-distortions" of the first layer's activations (`pre_distortions` 1..3,
 * drawn per image with 4 meaning none), expressed on the first convolution's output filters
 * (see `perturbations.ts`).
 */
export const DEEPAUGMENT_PRE_OPS = [
  'swap_channels',
  'channel_keep_mask',
  'channel_sign_mask',
  'none',
] as const;
export type DeepAugmentPreOp = (typeof DEEPAUGMENT_PRE_OPS)[number];
