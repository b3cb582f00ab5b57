/** @ada/metrics: SSIM, accuracy, mCE, result tables. */
export {};
