/** @ada/ada: AdversarialAugment: perturbation set, inner maximisation, SSIM line search. */
export {};
