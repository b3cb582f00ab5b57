/** @ada/metrics: SSIM, accuracy, mCE, result tables. */
export { ssim } from './ssim.ts';
export { ssimPlain } from './ssim_plain.ts';
export { gaussianTaps } from './ssim_window.ts';
export type { SsimOptions } from './ssim_options.ts';
