/** @ada/augment: Pad-crop-flip, AugMix (+JSD), DeepAugment. */
export {};
